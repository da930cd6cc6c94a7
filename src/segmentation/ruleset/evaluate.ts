/**
 * Which zone → zone port sets a firewall ruleset lets a new connection through, compared with the zone policy.
 * Addresses are cut into elementary ranges at every boundary the zones, the policy's hosts and the rules mention,
 * so each rule either covers a range whole or misses it; for every (source range, destination range, protocol) the
 * forwarding chains are walked with first-match semantics over port intervals — a rule takes the ports it matches
 * from those still undecided, jumps walk the user chain on that subset (RETURN hands the rest back), and what no
 * rule decides falls to the chain policy. Ports the rules allow that the policy does not are violations, evidenced
 * by the rule that allows them; ports the policy allows that the rules block are reported as information.
 */
import { AppError } from '../../core/errors.js';
import { zoneOf, type Policy, type Zone } from '../policy.js';
import { SEGMENTATION_RULES } from '../rules.js';
import type { Severity } from '../../core/severity.js';
import { fullRange, parseAddrToken, rangeToCidrs } from './address.js';
import {
  FULL_PORTS,
  intersectPorts,
  normPorts,
  portsText,
  subtractPorts,
  type AddrMatch,
  type AddrRange,
  type Chain,
  type FwRule,
  type IfaceMatch,
  type Interval,
  type Ruleset,
} from './model.js';

export interface RuleRef {
  readonly chain: string;
  readonly line: number;
  readonly text: string;
}

export interface RulesetPath {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly fromZone: string;
  readonly toZone: string;
  readonly protocol: 'tcp' | 'udp';
  readonly ports: string; // "104", "8000-8100,8443"
  readonly sources: readonly string[]; // CIDR blocks
  readonly destinations: readonly string[];
  /** The rule that decides (allows, or for `blocked` blocks) these ports; null when the chain policy does. */
  readonly rule: RuleRef | null;
  readonly via: readonly RuleRef[]; // the jumps that led to it
  readonly policyAllows: readonly string[]; // what the zone policy allows on this zone pair
  readonly evidence: string;
}

export interface RulesetMatrixCell {
  readonly from: string;
  readonly to: string;
  readonly status: 'violation' | 'allowed-only' | 'nothing-allowed';
  readonly rulesetAllows: string; // "tcp/104,2575 udp/-"
  readonly policyAllows: readonly string[];
}

export interface RulesetReview {
  readonly format: Ruleset['format'];
  readonly matrix: readonly RulesetMatrixCell[];
  readonly violations: readonly RulesetPath[];
  readonly blocked: readonly RulesetPath[];
  readonly skipped: readonly (RuleRef & { reason: string })[];
  readonly warnings: readonly string[];
}

interface Cell extends AddrRange {
  readonly zone: Zone;
}

interface Outcome {
  readonly ports: Interval[];
  readonly verdict: 'accept' | 'drop' | 'return';
  readonly rule: FwRule | null;
  readonly via: readonly FwRule[];
  readonly chain: string;
}

const MAX_DEPTH = 64;
const PROTOCOLS = ['tcp', 'udp'] as const;

/** Elementary address ranges of one family: every boundary any zone, allowed host or rule mentions is a cut. */
function cells(family: 4 | 6, policy: Policy, ruleset: Ruleset): Cell[] {
  const cuts = new Set<bigint>([0n]);
  const add = (r: { family: number; first: bigint; last: bigint }) => {
    if (r.family !== family) return;
    cuts.add(r.first);
    cuts.add(r.last + 1n);
  };
  for (const z of policy.zones) z.cidrs.forEach(add);
  for (const a of policy.allow) a.hosts.forEach(add);
  for (const c of ruleset.chains.values())
    for (const r of c.rules) for (const m of [r.src, r.dst]) if (m) m.ranges.forEach(add);
  const end = fullRange(family).last + 1n;
  const sorted = [...cuts].filter((c) => c < end).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const catchAll = policy.zones.find((z) => z.purpose === 'outside' && z.cidrs.length === 0) ?? null;
  const out: Cell[] = [];
  sorted.forEach((first, i) => {
    const last = (sorted[i + 1] ?? end) - 1n;
    const zone = policy.zones.find((z) => z.cidrs.some((c) => c.family === family && c.first <= first && last <= c.last)) ?? catchAll;
    if (zone) out.push({ family, first, last, zone });
  });
  return out;
}

const addrMatches = (m: AddrMatch | null, c: Cell): boolean => {
  if (!m) return true;
  if (m.family !== c.family) return false;
  const inside = m.ranges.some((r) => r.family === c.family && r.first <= c.first && c.last <= r.last);
  return m.negate ? !inside : inside;
};

const ifaceName = (pattern: string, name: string) => (pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

/**
 * The decision procedure: for a (source range, destination range, protocol) — each range inside one zone and
 * covered whole or missed by every rule — the ports every forwarding base chain accepts, and the ones dropped,
 * each with the rule (and jumps) that decided. `skip` hears of every rule that would apply but cannot be judged.
 */
function evaluator(ruleset: Ruleset, interfaces: ReadonlyMap<string, string>, skip: (r: FwRule, reason: string) => void) {
  const zoneIfaces = new Map<string, string[]>();
  for (const [iface, zone] of interfaces) zoneIfaces.set(zone, [...(zoneIfaces.get(zone) ?? []), iface]);
  const ifaceMatches = (m: IfaceMatch | null, zone: Zone, r: FwRule): boolean => {
    if (!m) return true;
    // an interface mapped to a zone carries that zone's traffic, and no other zone's
    if (![...interfaces.keys()].some((n) => ifaceName(m.name, n))) {
      skip(r, `interface ${m.name} cannot be placed in a zone: map it with --interface ${m.name.replace(/\+$/, '0')}=ZONE`);
      return false;
    }
    return (zoneIfaces.get(zone.name) ?? []).some((n) => ifaceName(m.name, n)) !== m.negate;
  };

  const matches = (r: FwRule, from: Cell, to: Cell, proto: 'tcp' | 'udp'): boolean => {
    if (r.never || (r.family !== null && r.family !== from.family)) return false;
    if (!addrMatches(r.src, from) || !addrMatches(r.dst, to)) return false;
    if (r.protocols && !r.protocols.has(proto)) return false;
    if (!ifaceMatches(r.inIface, from.zone, r) || !ifaceMatches(r.outIface, to.zone, r)) return false;
    if (r.unsupported) {
      skip(r, r.unsupported);
      return false;
    }
    return true;
  };

  const walk = (chain: Chain, from: Cell, to: Cell, proto: 'tcp' | 'udp', ports: Interval[], via: readonly FwRule[]): Outcome[] => {
    if (via.length > MAX_DEPTH) throw new AppError('ERR_RULESET_LOOP', `chain ${chain.name}: jumps nested deeper than ${MAX_DEPTH} (a loop?)`);
    let rest = ports;
    const out: Outcome[] = [];
    for (const r of chain.rules) {
      if (rest.length === 0) break;
      if (!matches(r, from, to, proto)) continue;
      const hit = r.dports ? intersectPorts(rest, r.dports) : rest;
      if (hit.length === 0) continue;
      const a = r.action;
      if (a.type === 'continue') continue;
      if (a.type === 'accept' || a.type === 'drop' || a.type === 'return') {
        out.push({ ports: hit, verdict: a.type, rule: r, via, chain: chain.name });
        rest = subtractPorts(rest, hit);
        continue;
      }
      const target = ruleset.chains.get(a.chain)!;
      for (const o of walk(target, from, to, proto, hit, [...via, r])) {
        // RETURN from a jumped-to chain: those ports go on in this chain; from a goto: they leave this chain too
        if (o.verdict === 'return' && a.type === 'jump') continue;
        out.push(o);
        rest = subtractPorts(rest, o.ports);
      }
      if (a.type === 'goto') rest = subtractPorts(rest, hit);
    }
    if (rest.length) out.push({ ports: rest, verdict: chain.policy ?? 'return', rule: null, via, chain: chain.name });
    return out;
  };

  /** Every forwarding base chain must accept; in a base chain, RETURN means its policy. */
  const decide = (from: Cell, to: Cell, proto: 'tcp' | 'udp'): { accepted: Outcome[]; dropped: Outcome[] } => {
    let accepted: Outcome[] = [{ ports: [...FULL_PORTS], verdict: 'accept', rule: null, via: [], chain: '' }];
    const dropped: Outcome[] = [];
    ruleset.entry.forEach((name, k) => {
      const chain = ruleset.chains.get(name)!;
      const outs = walk(chain, from, to, proto, [...FULL_PORTS], []).map((o) => (o.verdict === 'return' ? { ...o, verdict: chain.policy ?? 'accept' } : o));
      const next: Outcome[] = [];
      for (const prev of accepted)
        for (const o of outs) {
          const both = intersectPorts(prev.ports, o.ports);
          if (!both.length) continue;
          if (o.verdict === 'drop') dropped.push({ ...o, ports: both });
          // evidence: the first base chain that accepts by a rule (a chain accepting by its policy says less)
          else next.push({ ...(k === 0 || (!prev.rule && o.rule) ? o : prev), ports: both });
        }
      accepted = next;
    });
    return { accepted, dropped };
  };

  return decide;
}

export function reviewRuleset(ruleset: Ruleset, policy: Policy, interfaces: ReadonlyMap<string, string> = new Map()): RulesetReview {
  for (const [iface, zone] of interfaces)
    if (!policy.zones.some((z) => z.name === zone)) throw new AppError('ERR_USAGE', `--interface ${iface}=${zone}: no zone "${zone}" in the policy`);
  const skipped = new Map<string, RuleRef & { reason: string }>();
  const decide = evaluator(ruleset, interfaces, (r, reason) => skipped.set(`${r.chain}\u0000${r.line}`, { chain: r.chain, line: r.line, text: r.text, reason }));

  const allowances = (from: string, to: string) =>
    policy.allow
      .filter((a) => a.from === from && a.to === to)
      .flatMap((a) => a.ports.map((r) => `${r.protocol}/${r.from === r.to ? r.from : `${r.from}-${r.to}`}${a.hosts.length ? ` on ${a.hosts.map((h) => h.text).join(', ')}` : ''}`));
  const policyPorts = (from: Zone, to: Zone, cell: Cell, proto: 'tcp' | 'udp'): Interval[] =>
    normPorts(
      policy.allow
        .filter((a) => a.from === from.name && a.to === to.name && (a.hosts.length === 0 || a.hosts.some((h) => h.family === cell.family && h.first <= cell.first && cell.last <= h.last)))
        .flatMap((a) => a.ports.filter((p) => p.protocol === proto).map((p): Interval => [p.from, p.to])),
    );

  // (kind, zones, protocol, rule, ports) → destination cell → source cells
  type Group = { kind: 'violation' | 'blocked'; from: Zone; to: Zone; proto: 'tcp' | 'udp'; ports: Interval[]; o: Outcome; dst: Map<number, Cell[]>; dstCells: Cell[] };
  const groups = new Map<string, Group>();
  const matrix = new Map<string, { tcp: Interval[]; udp: Interval[]; violation: boolean }>();
  const note = (kind: Group['kind'], from: Cell, to: Cell, toIdx: number, proto: 'tcp' | 'udp', ports: Interval[], o: Outcome) => {
    const ruleKey = o.rule ? `${o.rule.chain}:${o.rule.line}` : `policy:${o.chain}`;
    const key = `${kind}\u0000${from.zone.name}\u0000${to.zone.name}\u0000${proto}\u0000${ruleKey}\u0000${o.via.map((v) => v.line).join('>')}\u0000${portsText(ports)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind, from: from.zone, to: to.zone, proto, ports, o, dst: new Map(), dstCells: [] }));
    let srcs = g.dst.get(toIdx);
    if (!srcs) {
      g.dst.set(toIdx, (srcs = []));
      g.dstCells.push(to);
    }
    srcs.push(from);
  };

  const families = ruleset.families;
  const warnings = [...ruleset.warnings];
  for (const z of policy.zones)
    for (const c of z.cidrs)
      if (!families.includes(c.family)) warnings.push(`zone "${z.name}" ${c.text}: this ruleset does not filter IPv${c.family}; not reviewed`);
  for (const family of families) {
    const all = cells(family, policy, ruleset);
    for (const from of all)
      all.forEach((to, toIdx) => {
        if (from.zone.name === to.zone.name) return;
        const m = matrix.get(`${from.zone.name}\u0000${to.zone.name}`) ?? { tcp: [], udp: [], violation: false };
        matrix.set(`${from.zone.name}\u0000${to.zone.name}`, m);
        for (const proto of PROTOCOLS) {
          const { accepted, dropped } = decide(from, to, proto);
          const allowed = policyPorts(from.zone, to.zone, to, proto);
          for (const o of accepted) {
            m[proto] = normPorts([...m[proto], ...o.ports]);
            const bad = subtractPorts(o.ports, allowed);
            if (bad.length) {
              m.violation = true;
              note('violation', from, to, toIdx, proto, bad, o);
            }
          }
          for (const o of dropped) {
            const lost = intersectPorts(o.ports, allowed);
            if (lost.length) note('blocked', from, to, toIdx, proto, lost, o);
          }
        }
      });
  }

  const where = (r: FwRule) => (ruleset.format === 'nft-json' ? `chain ${r.chain} handle ${r.line}` : ruleset.format === 'csv' ? `row ${r.line}` : `line ${r.line}`);
  const ref = (r: FwRule): RuleRef => ({ chain: r.chain, line: r.line, text: r.text });
  const blocks = (cs: readonly Cell[]): string[] => {
    const sorted = [...cs].sort((a, b) => (a.first < b.first ? -1 : 1));
    const merged: AddrRange[] = [];
    for (const c of sorted) {
      const last = merged[merged.length - 1];
      if (last && last.family === c.family && last.last + 1n === c.first) merged[merged.length - 1] = { ...last, last: c.last };
      else merged.push({ family: c.family, first: c.first, last: c.last });
    }
    return merged.flatMap(rangeToCidrs);
  };
  const paths: RulesetPath[] = [];
  for (const g of groups.values()) {
    // destinations that share the same set of sources form one path
    const bySources = new Map<string, { srcs: Cell[]; dsts: Cell[] }>();
    g.dstCells.forEach((d, i) => {
      const srcs = [...g.dst.values()][i]!;
      const k = srcs.map((s) => `${s.family}:${s.first}`).join(',');
      const e = bySources.get(k) ?? { srcs, dsts: [] };
      e.dsts.push(d);
      bySources.set(k, e);
    });
    for (const { srcs, dsts } of bySources.values()) {
      const sources = blocks(srcs);
      const destinations = blocks(dsts);
      const what = `${g.from.name} (${sources.join(', ')}) → ${g.to.name} ${destinations.join(', ')} ${g.proto}/${portsText(g.ports)}`;
      const by = g.o.rule
        ? `${where(g.o.rule)} "${g.o.rule.text}"${g.o.via.length ? ` (reached through ${g.o.via.map((v) => `${where(v)} "${v.text}"`).join(', ')})` : ''}`
        : ruleset.format === 'csv'
          ? `the default action (${g.o.verdict === 'accept' ? 'allow' : 'deny'})`
          : `the ${g.o.chain} chain's default policy (${g.o.verdict.toUpperCase()})`;
      const allows = allowances(g.from.name, g.to.name);
      const policyText = allows.length ? `the zone policy allows ${g.from.name} → ${g.to.name} only ${allows.join(', ')}` : `the zone policy allows nothing from ${g.from.name} to ${g.to.name}`;
      const high = (g.from.purpose === 'office' && (g.to.purpose === 'imaging' || g.to.purpose === 'pacs')) || ((g.from.purpose === 'imaging' || g.from.purpose === 'pacs') && g.to.purpose === 'outside');
      const rule = g.kind === 'violation' ? SEGMENTATION_RULES.rulesetViolation : SEGMENTATION_RULES.rulesetBlocksAllowed;
      paths.push({
        ruleId: rule.id,
        severity: g.kind === 'violation' && high ? 'high' : rule.severity,
        title: rule.title,
        fromZone: g.from.name,
        toZone: g.to.name,
        protocol: g.proto,
        ports: portsText(g.ports),
        sources,
        destinations,
        rule: g.o.rule ? ref(g.o.rule) : null,
        via: g.o.via.map(ref),
        policyAllows: allows,
        evidence: g.kind === 'violation' ? `${what} is allowed by ${by}; ${policyText}` : `${what} is allowed by the zone policy but blocked by ${by}`,
      });
    }
  }
  const order = (a: RulesetPath, b: RulesetPath) =>
    a.fromZone.localeCompare(b.fromZone) || a.toZone.localeCompare(b.toZone) || a.protocol.localeCompare(b.protocol) || a.ports.localeCompare(b.ports, 'en', { numeric: true }) || (a.rule?.line ?? 0) - (b.rule?.line ?? 0) || a.destinations.join().localeCompare(b.destinations.join());
  const cellsOut: RulesetMatrixCell[] = [];
  for (const from of policy.zones)
    for (const to of policy.zones) {
      if (from.name === to.name) continue;
      const m = matrix.get(`${from.name}\u0000${to.name}`);
      const any = m && (m.tcp.length || m.udp.length);
      cellsOut.push({
        from: from.name,
        to: to.name,
        status: m?.violation ? 'violation' : any ? 'allowed-only' : 'nothing-allowed',
        rulesetAllows: m ? PROTOCOLS.map((p) => `${p}/${m[p].length ? portsText(m[p]) : '-'}`).join(' ') : 'not reviewed',
        policyAllows: allowances(from.name, to.name),
      });
    }
  return {
    format: ruleset.format,
    matrix: cellsOut,
    violations: paths.filter((p) => p.ruleId === SEGMENTATION_RULES.rulesetViolation.id).sort(order),
    blocked: paths.filter((p) => p.ruleId === SEGMENTATION_RULES.rulesetBlocksAllowed.id).sort(order),
    skipped: [...skipped.values()].sort((a, b) => a.chain.localeCompare(b.chain) || a.line - b.line),
    warnings,
  };
}


/**
 * The verdict on one new connection (src → dst:port), with the rule that decides it: what `review` computes for
 * whole ranges, for a single path — to explain one flow, and to check the review against the kernel.
 */
export function verdictFor(
  ruleset: Ruleset,
  policy: Policy,
  flow: { src: string; dst: string; protocol: 'tcp' | 'udp'; port: number },
  interfaces: ReadonlyMap<string, string> = new Map(),
): { verdict: 'accept' | 'drop'; rule: RuleRef | null } {
  const cell = (address: string): Cell => {
    const r = parseAddrToken(address);
    const zone = zoneOf(policy, address);
    if (typeof r === 'string' || r.first !== r.last) throw new AppError('ERR_USAGE', `${address}: not one IP address`);
    if (!zone) throw new AppError('ERR_USAGE', `${address} is in no zone of the policy`);
    return { ...r, zone };
  };
  const from = cell(flow.src);
  const to = cell(flow.dst);
  if (!ruleset.families.includes(from.family)) return { verdict: 'accept', rule: null };
  const { accepted, dropped } = evaluator(ruleset, interfaces, () => undefined)(from, to, flow.protocol);
  const hit = (o: { ports: Interval[] }) => o.ports.some(([a, b]) => a <= flow.port && flow.port <= b);
  const a = accepted.find(hit);
  const d = dropped.find(hit);
  const o = a ?? d;
  return { verdict: a ? 'accept' : 'drop', rule: o?.rule ? { chain: o.rule.chain, line: o.rule.line, text: o.rule.text } : null };
}
