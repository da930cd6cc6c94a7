/**
 * The generic CSV rule format (docs/segmentation.md), for firewalls whose rules can be exported as a table: a
 * header row, then one rule per row in evaluation order (first match wins). Columns, in any order: `action`
 * (allow/accept/permit/pass or deny/drop/reject/block), `src`, `dst` (`any`, addresses, CIDR blocks, ranges
 * a-b, or zone names of the policy; several separated by `;` or spaces), `proto` (tcp, udp, any; default any),
 * `dst_port` (`any`, 104, 8000-8100, several separated by `;`); optional `name` and `comment`. What no row
 * decides falls to the default action (deny unless told otherwise). Bad rows are an error naming the row: a
 * rule table read wrong would give a wrong verdict.
 */
import { AppError } from '../../core/errors.js';
import { splitCsv } from '../../traffic/csv-flows.js';
import { parseAddrToken } from './address.js';
import { normPorts, parsePortToken, type AddrMatch, type AddrRange, type Chain, type FwRule, type Interval, type Ruleset, type Verdict } from './model.js';

const ALIASES: Record<string, string> = {
  action: 'action', verdict: 'action', target: 'action',
  src: 'src', source: 'src', src_addr: 'src', from: 'src',
  dst: 'dst', destination: 'dst', dst_addr: 'dst', to: 'dst',
  proto: 'proto', protocol: 'proto', service_protocol: 'proto',
  dst_port: 'dst_port', dport: 'dst_port', port: 'dst_port', ports: 'dst_port', dst_ports: 'dst_port',
  name: 'name', id: 'name', rule: 'name', comment: 'comment', description: 'comment',
};
const ACTIONS: Record<string, Verdict> = { allow: 'accept', accept: 'accept', permit: 'accept', pass: 'accept', deny: 'drop', drop: 'drop', reject: 'drop', block: 'drop' };

export const CSV_CHAIN = 'csv';

export function parseCsvRules(text: string, zones: ReadonlyMap<string, readonly AddrRange[]>, defaultAction: Verdict = 'drop'): Ruleset {
  const fail = (line: number, msg: string) => new AppError('ERR_RULESET_PARSE', `CSV rules line ${line}: ${msg}`);
  const lines = text.split(/\r?\n/);
  let cols: Record<string, number> | null = null;
  const rules: FwRule[] = [];
  const families = new Set<4 | 6>();
  for (let n = 1; n <= lines.length; n++) {
    const raw = lines[n - 1]!;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const cells = splitCsv(raw).map((c) => c.trim());
    if (!cols) {
      cols = {};
      for (const [i, c] of cells.entries()) {
        const k = ALIASES[c.toLowerCase()];
        if (k) cols[k] = i;
      }
      const missing = ['action', 'src', 'dst'].filter((k) => cols![k] === undefined);
      if (missing.length) throw fail(n, `header must name the columns action, src, dst (and proto, dst_port); missing ${missing.join(', ')}`);
      continue;
    }
    const get = (k: string) => (cols![k] === undefined ? '' : (cells[cols![k]!] ?? ''));
    const verdict = ACTIONS[get('action').toLowerCase()];
    if (!verdict) throw fail(n, `action "${get('action').slice(0, 20)}" is not allow/accept/permit or deny/drop/reject/block`);
    const addr = (what: string): AddrMatch | null => {
      const v = get(what);
      if (v === '' || /^(any|\*|all)$/i.test(v)) return null;
      const ranges: AddrRange[] = [];
      for (const t of v.split(/[;\s]+/).filter(Boolean)) {
        const zone = zones.get(t);
        if (zone) {
          if (!zone.length) throw fail(n, `${what}: zone "${t}" has no address blocks (a catch-all outside zone): list its addresses, or use any`);
          ranges.push(...zone);
          continue;
        }
        const r = parseAddrToken(t);
        if (typeof r === 'string') throw fail(n, `${what}: ${r} (nor a zone name)`);
        ranges.push(r);
      }
      const fams = new Set(ranges.map((r) => r.family));
      if (fams.size !== 1) throw fail(n, `${what}: mixes IPv4 and IPv6; write one row per family`);
      fams.forEach((f) => families.add(f));
      return { family: ranges[0]!.family, ranges, negate: false };
    };
    const src = addr('src');
    const dst = addr('dst');
    const p = get('proto').toLowerCase();
    const protocols = p === '' || p === 'any' || p === 'ip' || p === 'all' || p === '*' ? null : p === 'tcp' || p === '6' ? new Set(['tcp'] as const) : p === 'udp' || p === '17' ? new Set(['udp'] as const) : /^(icmp|icmpv6|1|58|esp|gre|ah)$/.test(p) ? new Set<'tcp' | 'udp'>() : null;
    if (protocols === null && !(p === '' || p === 'any' || p === 'ip' || p === 'all' || p === '*')) throw fail(n, `proto "${p.slice(0, 20)}" is not tcp, udp, icmp or any`);
    const portText = get('dst_port');
    let dports: Interval[] | null = null;
    if (portText !== '' && !/^(any|\*|all)$/i.test(portText)) {
      const list: Interval[] = [];
      for (const t of portText.split(/[;\s]+/).filter(Boolean)) {
        const r = parsePortToken(t);
        if (!r) throw fail(n, `dst_port "${t.slice(0, 20)}" is not a port or range`);
        list.push(r);
      }
      dports = normPorts(list);
    }
    const name = get('name');
    rules.push({
      chain: CSV_CHAIN,
      line: n,
      text: name ? `${name}: ${raw.trim()}` : raw.trim(),
      family: src?.family ?? dst?.family ?? null,
      src,
      dst,
      protocols,
      dports,
      inIface: null,
      outIface: null,
      never: null,
      unsupported: null,
      action: { type: verdict },
    });
  }
  if (!cols) throw new AppError('ERR_RULESET_PARSE', 'CSV rules: empty file (expected a header row: action,src,dst,proto,dst_port)');
  const chain: Chain = { name: CSV_CHAIN, policy: defaultAction, rules };
  return { format: 'csv', families: families.size ? [...families].sort() : [4], chains: new Map([[CSV_CHAIN, chain]]), entry: [CSV_CHAIN], warnings: [] };
}
