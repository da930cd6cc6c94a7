/**
 * A firewall ruleset reduced to what decides whether a new TCP/UDP connection is forwarded from one address to
 * another: per chain an ordered rule list (source/destination address sets, protocols, destination ports,
 * interfaces, connection-state, verdict or jump) and, for base chains, the default policy. The iptables-save,
 * nft JSON and CSV readers all produce this; evaluate.ts computes the paths it allows. A rule using a match this
 * model cannot express is kept with `unsupported` set: it is reported and never guessed at.
 */
export type Interval = readonly [number, number];

/** An address block as an integer range of one family (IPv4 or IPv6). */
export interface AddrRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/** Source or destination constraint: in (or with `negate`, outside) these ranges, always within `family`. */
export interface AddrMatch {
  readonly family: 4 | 6;
  readonly ranges: readonly AddrRange[];
  readonly negate: boolean;
}

export interface IfaceMatch {
  readonly name: string; // "eth1" or a prefix wildcard "vlan+"
  readonly negate: boolean;
}

export type Verdict = 'accept' | 'drop';

export type Action =
  | { readonly type: 'accept' }
  | { readonly type: 'drop' }
  | { readonly type: 'return' }
  | { readonly type: 'continue' } // LOG, counter, ...: non-terminating
  | { readonly type: 'jump' | 'goto'; readonly chain: string };

export interface FwRule {
  readonly chain: string;
  readonly line: number; // 1-based line in the file (for nft JSON: the rule handle)
  readonly text: string; // the rule as written, for evidence
  /** Only packets of this address family (an nftables `ip` table, `meta nfproto ipv4`); null: the ruleset's. */
  readonly family: 4 | 6 | null;
  readonly src: AddrMatch | null;
  readonly dst: AddrMatch | null;
  /** Which of tcp/udp the rule can match; null: any protocol. */
  readonly protocols: ReadonlySet<'tcp' | 'udp'> | null;
  /** Destination ports (sorted, disjoint); null: any port. */
  readonly dports: readonly Interval[] | null;
  readonly inIface: IfaceMatch | null;
  readonly outIface: IfaceMatch | null;
  /** Why this rule can never match the first packet of a new connection (e.g. ctstate ESTABLISHED), or null. */
  readonly never: string | null;
  /** Why this rule's reach cannot be computed (an unknown match), or null. Such a rule is skipped and listed. */
  readonly unsupported: string | null;
  readonly action: Action;
}

export interface Chain {
  readonly name: string;
  readonly policy: Verdict | null; // null: a user chain (falls back to its caller)
  readonly rules: FwRule[];
}

export interface Ruleset {
  readonly format: 'iptables-save' | 'nft-json' | 'csv';
  readonly families: readonly (4 | 6)[]; // which address families the ruleset filters
  readonly chains: ReadonlyMap<string, Chain>;
  /** The base chains a forwarded packet passes, in order; it is forwarded only if every one accepts it. */
  readonly entry: readonly string[];
  readonly warnings: readonly string[];
}

/** Every port a connection can target (port 0 is not one). */
export const FULL_PORTS: readonly Interval[] = [[1, 65535]];
/** Linux's default ephemeral (client source) port range: a source-port match is judged against it. */
export const EPHEMERAL: Interval = [32768, 60999];

/** Sorted, merged union of port intervals. */
export function normPorts(list: readonly Interval[]): Interval[] {
  const s = [...list].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function intersectPorts(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

export function subtractPorts(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return intersectPorts(a, complementPorts(b));
}

export function complementPorts(a: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let next = 1;
  for (const [x, y] of normPorts(a)) {
    if (x > next) out.push([next, x - 1]);
    next = Math.max(next, y + 1);
  }
  if (next <= 65535) out.push([next, 65535]);
  return out;
}

export const portsText = (p: readonly Interval[]): string => p.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');

/** A port or range token: "104", "8000:8100" (iptables), "8000-8100". Null when not a valid port/range. */
export function parsePortToken(t: string): Interval | null {
  const m = /^(\d{1,5})(?:[:-](\d{1,5}))?$/.exec(t.trim());
  if (!m) {
    // iptables allows open ranges: ":1024", "1024:"
    const open = /^(\d{0,5}):(\d{0,5})$/.exec(t.trim());
    if (!open || (open[1] === '' && open[2] === '')) return null;
    const a = open[1] === '' ? 0 : Number(open[1]);
    const b = open[2] === '' ? 65535 : Number(open[2]);
    return a <= b && b <= 65535 ? [a, b] : null;
  }
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return a <= b && b <= 65535 ? [a, b] : null;
}

/** How a source-port match meets a new connection from a client's ephemeral port. */
export function sportVerdict(ports: readonly Interval[]): 'match' | 'never' | 'partial' {
  const hit = intersectPorts(normPorts(ports), [EPHEMERAL]);
  if (hit.length === 0) return 'never';
  return hit.length === 1 && hit[0]![0] === EPHEMERAL[0] && hit[0]![1] === EPHEMERAL[1] ? 'match' : 'partial';
}
