/**
 * Reads nftables rulesets in their JSON form (`nft -j list ruleset`; libnftables JSON schema 1) — chosen over the
 * text form because it is a stable, documented structure (text syntax shifts between nft versions). Every base
 * chain of type filter on the forward hook in an ip, ip6 or inet table is walked, in priority order; named sets
 * are resolved. Understood: ip/ip6 saddr/daddr (==, !=, prefixes, ranges, anonymous and named sets), meta
 * l4proto, ip protocol, ip6 nexthdr, tcp/udp/th dport and sport, meta iifname/oifname/nfproto, ct state, counter,
 * log, limit, comment; verdicts accept, drop, reject, return, continue, jump, goto. Anything else makes the rule
 * unsupported (listed, never guessed).
 */
import { AppError } from '../../core/errors.js';
import { parseAddrToken } from './address.js';
import {
  complementPorts,
  intersectPorts,
  normPorts,
  sportVerdict,
  type Action,
  type AddrMatch,
  type AddrRange,
  type Chain,
  type FwRule,
  type IfaceMatch,
  type Interval,
  type Ruleset,
} from './model.js';

type J = unknown;
const isObj = (v: J): v is Record<string, J> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FAMILIES: Record<string, readonly (4 | 6)[]> = { ip: [4], ip6: [6], inet: [4, 6] };
const fail = (msg: string) => new AppError('ERR_RULESET_PARSE', `nft JSON: ${msg}`);

class Unsupported extends Error {}

export function parseNftJson(text: string): Ruleset {
  let doc: J;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const head = text.trimStart().slice(0, 40);
    if (/^(table|flush|#|define|include)\b/.test(head)) throw fail('this is the text form of an nftables ruleset; export it with `nft -j list ruleset` (JSON) instead');
    throw fail(`not JSON (${(e as Error).message.slice(0, 80)})`);
  }
  if (!isObj(doc) || !Array.isArray(doc.nftables)) throw fail('expected an object with an "nftables" array (the output of `nft -j list ruleset`)');
  const sets = new Map<string, J[]>();
  const chains = new Map<string, Chain & { prio: number; familyName: string }>();
  const rules: Record<string, J>[] = [];
  for (const item of doc.nftables as J[]) {
    if (!isObj(item)) continue;
    if (isObj(item.set)) {
      const s = item.set;
      sets.set(`${String(s.family)} ${String(s.table)} ${String(s.name)}`, Array.isArray(s.elem) ? s.elem : []);
    } else if (isObj(item.chain)) {
      const c = item.chain;
      if (typeof c.name !== 'string' || typeof c.table !== 'string' || typeof c.family !== 'string') throw fail('a chain without family, table or name');
      const base = c.hook === 'forward' && c.type === 'filter' && FAMILIES[c.family] !== undefined;
      const policy = c.policy === undefined || c.policy === 'accept' ? 'accept' : c.policy === 'drop' ? 'drop' : null;
      if (base && policy === null) throw fail(`chain ${c.name}: unknown policy ${valueText(c.policy)}`);
      chains.set(`${c.family} ${c.table} ${c.name}`, { name: `${c.family} ${c.table} ${c.name}`, policy: base ? policy : null, rules: [], prio: base ? Number(c.prio ?? 0) : NaN, familyName: c.family });
    } else if (isObj(item.rule)) rules.push(item.rule);
  }
  for (const r of rules) {
    const key = `${String(r.family)} ${String(r.table)} ${String(r.chain)}`;
    const chain = chains.get(key);
    if (!chain) throw fail(`a rule (handle ${String(r.handle)}) in an unknown chain "${key.slice(0, 80)}"`);
    chain.rules.push(parseRule(r, chain, sets));
  }
  const entry = [...chains.values()].filter((c) => c.policy !== null).sort((a, b) => a.prio - b.prio);
  if (!entry.length) throw fail('no base chain on the forward hook (type filter hook forward) in an ip, ip6 or inet table: nothing here decides forwarding');
  for (const c of chains.values())
    c.rules.forEach((r, k) => {
      if ((r.action.type === 'jump' || r.action.type === 'goto') && !chains.has(r.action.chain))
        c.rules[k] = { ...r, unsupported: r.unsupported ?? `jump to unknown chain ${r.action.chain.slice(0, 60)}`, action: { type: 'continue' } };
    });
  const families = [...new Set(entry.flatMap((c) => FAMILIES[c.familyName]!))].sort();
  return { format: 'nft-json', families, chains, entry: entry.map((c) => c.name), warnings: [] };
}

/** Set elements, anonymous set, or a single value → a flat list (named sets looked up in the rule's table). */
function values(right: J, table: string, sets: Map<string, J[]>): J[] {
  if (typeof right === 'string' && right.startsWith('@')) {
    const s = sets.get(`${table} ${right.slice(1)}`);
    if (!s) throw new Unsupported(`unknown set ${right.slice(0, 40)}`);
    return s.map((e) => (isObj(e) && isObj(e.elem) ? e.elem.val : e));
  }
  if (isObj(right) && Array.isArray(right.set)) return right.set.map((e) => (isObj(e) && isObj(e.elem) ? e.elem.val : e));
  if (Array.isArray(right)) return right;
  return [right];
}

function addrRange(v: J): AddrRange {
  let token: string | null = null;
  if (typeof v === 'string') token = v;
  else if (isObj(v) && isObj(v.prefix) && typeof v.prefix.addr === 'string' && typeof v.prefix.len === 'number') token = `${v.prefix.addr}/${v.prefix.len}`;
  else if (isObj(v) && Array.isArray(v.range) && typeof v.range[0] === 'string' && typeof v.range[1] === 'string') token = `${v.range[0]}-${v.range[1]}`;
  const r = token === null ? 'not an address' : parseAddrToken(token);
  if (typeof r === 'string') throw new Unsupported(`address ${valueText(v)}: ${r}`);
  return r;
}

function portRange(v: J): Interval {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535) return [v, v];
  if (isObj(v) && Array.isArray(v.range)) {
    const [a, b] = v.range;
    if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a <= b && b <= 65535) return [a, b];
  }
  throw new Unsupported(`port ${valueText(v)} (a named service?)`);
}

const PROTO: Record<string, 'tcp' | 'udp'> = { tcp: 'tcp', udp: 'udp', '6': 'tcp', '17': 'udp' };

function valueText(v: J): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(valueText).join(',');
  if (isObj(v)) {
    if (isObj(v.prefix)) return `${String(v.prefix.addr)}/${String(v.prefix.len)}`;
    if (Array.isArray(v.range)) return `${valueText(v.range[0])}-${valueText(v.range[1])}`;
    if (Array.isArray(v.set)) return `{ ${v.set.map(valueText).join(', ')} }`;
    if (isObj(v.elem)) return valueText(v.elem.val);
  }
  return (JSON.stringify(v) ?? 'nothing').slice(0, 60);
}

function leftText(l: J): string {
  if (isObj(l) && isObj(l.payload)) return `${String(l.payload.protocol)} ${String(l.payload.field)}`;
  if (isObj(l) && isObj(l.meta)) return `meta ${String(l.meta.key)}`;
  if (isObj(l) && isObj(l.ct)) return `ct ${String(l.ct.key)}`;
  return (JSON.stringify(l) ?? 'nothing').slice(0, 60);
}

/** The rule in nft's own words (roughly `nft list ruleset`), for evidence. */
function ruleText(expr: J[], comment: J): string {
  const parts = expr.map((e) => {
    if (!isObj(e)) return '?';
    const [k, v] = Object.entries(e)[0] ?? ['?', null];
    if (k === 'match' && isObj(v)) return `${leftText(v.left)} ${v.op === '==' || v.op === 'in' ? '' : `${String(v.op)} `}${valueText(v.right)}`;
    if ((k === 'jump' || k === 'goto') && isObj(v)) return `${k} ${String(v.target)}`;
    return k;
  });
  return `${parts.join(' ')}${typeof comment === 'string' ? ` comment "${comment}"` : ''}`;
}

function parseRule(r: Record<string, J>, chain: Chain & { familyName: string }, sets: Map<string, J[]>): FwRule {
  const expr = Array.isArray(r.expr) ? r.expr : [];
  const handle = typeof r.handle === 'number' ? r.handle : 0;
  const table = `${String(r.family)} ${String(r.table)}`;
  const base = { chain: chain.name, line: handle, text: ruleText(expr, r.comment) };
  let family: 4 | 6 | null = chain.familyName === 'ip' ? 4 : chain.familyName === 'ip6' ? 6 : null;
  let src: AddrMatch | null = null;
  let dst: AddrMatch | null = null;
  let protocols: Set<'tcp' | 'udp'> | null = null;
  let dports: Interval[] | null = null;
  let inIface: IfaceMatch | null = null;
  let outIface: IfaceMatch | null = null;
  let never: string | null = null;
  let action: Action = { type: 'continue' };
  const onlyProtocols = (set: Set<'tcp' | 'udp'>) => {
    protocols = protocols === null ? set : new Set([...protocols].filter((p) => set.has(p)));
  };
  const setFamily = (f: 4 | 6) => {
    if (family !== null && family !== f) never ??= `mixes IPv4 and IPv6 matches`;
    family = f;
  };
  try {
    for (const e of expr) {
      if (!isObj(e)) throw new Unsupported('a statement that is not an object');
      const [kind, v] = Object.entries(e)[0] ?? ['', null];
      switch (kind) {
        case 'match': {
          if (!isObj(v)) throw new Unsupported('bad match');
          const op = v.op;
          if (op !== '==' && op !== '!=' && op !== 'in') throw new Unsupported(`match operator ${valueText(op)}`);
          const negate = op === '!=';
          const l = v.left;
          if (isObj(l) && isObj(l.payload) && (l.payload.protocol === 'ip' || l.payload.protocol === 'ip6') && (l.payload.field === 'saddr' || l.payload.field === 'daddr')) {
            const f = l.payload.protocol === 'ip' ? 4 : 6;
            setFamily(f);
            const ranges = values(v.right, table, sets).map(addrRange);
            if (ranges.some((x) => x.family !== f)) throw new Unsupported('an address of the other family');
            const m: AddrMatch = { family: f, ranges, negate };
            if (l.payload.field === 'saddr') src = m;
            else dst = m;
          } else if (isObj(l) && isObj(l.payload) && ['tcp', 'udp', 'th'].includes(String(l.payload.protocol)) && (l.payload.field === 'dport' || l.payload.field === 'sport')) {
            if (l.payload.protocol !== 'th') onlyProtocols(new Set([l.payload.protocol as 'tcp' | 'udp']));
            const list = values(v.right, table, sets).map(portRange);
            const ports = negate ? complementPorts(list) : normPorts(list);
            if (l.payload.field === 'dport') dports = dports === null ? ports : intersectPorts(dports, ports);
            else {
              const s = sportVerdict(ports);
              if (s === 'never') never ??= 'source-port match outside the client (ephemeral) port range: return traffic';
              else if (s === 'partial') throw new Unsupported('source-port match covering only part of the client (ephemeral) port range');
            }
          } else if (isObj(l) && ((isObj(l.meta) && l.meta.key === 'l4proto') || (isObj(l.payload) && ((l.payload.protocol === 'ip' && l.payload.field === 'protocol') || (l.payload.protocol === 'ip6' && l.payload.field === 'nexthdr'))))) {
            if (isObj(l.payload)) setFamily(l.payload.protocol === 'ip' ? 4 : 6);
            const named = new Set(values(v.right, table, sets).map((x) => PROTO[String(x)]).filter((x): x is 'tcp' | 'udp' => x !== undefined));
            onlyProtocols(negate ? new Set((['tcp', 'udp'] as const).filter((x) => !named.has(x))) : named);
          } else if (isObj(l) && isObj(l.meta) && (l.meta.key === 'iifname' || l.meta.key === 'oifname')) {
            const names = values(v.right, table, sets);
            if (names.length !== 1 || typeof names[0] !== 'string') throw new Unsupported('an interface set');
            const name = names[0].endsWith('*') ? `${names[0].slice(0, -1)}+` : names[0];
            if (l.meta.key === 'iifname') inIface = { name, negate };
            else outIface = { name, negate };
          } else if (isObj(l) && isObj(l.meta) && l.meta.key === 'nfproto') {
            const f = values(v.right, table, sets).map(String);
            if (f.length !== 1 || (f[0] !== 'ipv4' && f[0] !== 'ipv6')) throw new Unsupported('meta nfproto set');
            setFamily((f[0] === 'ipv4') !== negate ? 4 : 6);
          } else if (isObj(l) && isObj(l.ct) && l.ct.key === 'state') {
            const states = values(v.right, table, sets).map(String);
            if (negate === states.includes('new')) never ??= `ct state ${negate ? '!= ' : ''}${states.join(',')}: not a new connection`;
          } else throw new Unsupported(`match on ${leftText(l)}`);
          break;
        }
        case 'counter':
        case 'log':
        case 'limit':
          break;
        case 'accept':
        case 'drop':
        case 'return':
        case 'continue':
          action = { type: kind };
          break;
        case 'reject':
          action = { type: 'drop' };
          break;
        case 'jump':
        case 'goto':
          if (!isObj(v) || typeof v.target !== 'string') throw new Unsupported(`${kind} without target`);
          action = { type: kind, chain: `${table} ${v.target}` };
          break;
        default:
          throw new Unsupported(`statement "${kind.slice(0, 30)}"`);
      }
    }
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    return { ...base, family, src: null, dst: null, protocols: null, dports: null, inIface: null, outIface: null, never: null, unsupported: err.message, action: { type: 'continue' } };
  }
  return { ...base, family, src, dst, protocols, dports, inIface, outIface, never, unsupported: null, action };
}
