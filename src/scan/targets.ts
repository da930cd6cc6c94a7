/**
 * Turns what the user typed (addresses, CIDR blocks, ranges, hostnames, files of them) into a plan: merged
 * intervals minus exclusions, counted before anything is sent. Large and public scopes are refused unless the
 * user says so: an IPv6 /64 typo or a public block is never scanned by accident. Addresses are walked lazily,
 * so a /16 costs no memory.
 */
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { UsageError } from '../core/errors.js';
import { bits, fromBigInt, isPublic, toBigInt, type Family } from './ip.js';

export interface Interval {
  readonly family: Family;
  readonly start: bigint;
  readonly end: bigint; // inclusive
}

export interface TargetPlan {
  readonly specs: readonly string[];
  readonly intervals: readonly Interval[]; // merged, exclusions removed, sorted (IPv4 first)
  readonly count: number;
  readonly hostnames: ReadonlyMap<string, readonly string[]>; // address → names the user gave for it
}

export interface PlanOptions {
  readonly excludes?: readonly string[];
  readonly maxHosts?: number; // default 65,536
  readonly allowLarge?: boolean;
  readonly allowPublic?: boolean;
  readonly publicAllowList?: readonly string[]; // per-site: public blocks the site owns and may scan
  readonly resolve?: (name: string) => Promise<string[]>;
}

export const MAX_HOSTS_DEFAULT = 65_536;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

const defaultResolve = async (name: string): Promise<string[]> => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);

/** Reads a target file (-iL / --exclude-file): one spec per line or whitespace-separated; # starts a comment. */
export function readTargetFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read target file ${path}: ${(e as Error).message}`);
  }
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .flatMap((l) => l.split(/[\s,]+/))
    .filter(Boolean);
}

/** Parses one literal spec (no hostnames) into an interval, or null if it is not an address form. */
export function parseLiteral(spec: string): Interval | null {
  const slash = spec.indexOf('/');
  if (slash >= 0) {
    const addr = toBigInt(spec.slice(0, slash));
    const prefixText = spec.slice(slash + 1);
    if (!addr) throw new UsageError(`"${spec}": "${spec.slice(0, slash)}" is not an IP address`);
    const prefix = Number(prefixText);
    const max = bits(addr.family);
    if (!/^\d+$/.test(prefixText) || prefix > max) throw new UsageError(`"${spec}": prefix length must be 0–${max}`);
    const host = BigInt(max - prefix);
    const start = (addr.value >> host) << host;
    return { family: addr.family, start, end: start + (1n << host) - 1n };
  }
  const dash = spec.indexOf('-', isIP(spec) ? spec.length : 1);
  if (dash > 0) {
    const a = toBigInt(spec.slice(0, dash));
    if (!a) return null; // a hostname containing a dash
    const rest = spec.slice(dash + 1);
    let b = toBigInt(rest);
    if (!b && a.family === 4 && /^\d{1,3}$/.test(rest) && Number(rest) <= 255) b = { family: 4, value: (a.value & ~0xffn) | BigInt(rest) }; // 10.0.0.1-50
    if (!b || b.family !== a.family) throw new UsageError(`"${spec}": the range end "${rest}" is not an address of the same family`);
    if (b.value < a.value) throw new UsageError(`"${spec}": the range ends before it starts`);
    return { family: a.family, start: a.value, end: b.value };
  }
  const one = toBigInt(spec);
  return one ? { family: one.family, start: one.value, end: one.value } : null;
}

/** Whether literal target specs include an address (hostnames cannot be told without resolving them: false). */
export function targetsCover(specs: readonly string[], address: string): boolean {
  const a = toBigInt(address);
  if (!a) return false;
  return specs.some((spec) => {
    try {
      const i = parseLiteral(spec);
      return i !== null && i.family === a.family && i.start <= a.value && a.value <= i.end;
    } catch {
      return false; // a malformed stored spec covers nothing
    }
  });
}

/** Sorts and merges overlapping or adjacent intervals. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((x, y) => x.family - y.family || (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === iv.family && iv.start <= last.end + 1n) {
      if (iv.end > last.end) out[out.length - 1] = { ...last, end: iv.end };
    } else out.push(iv);
  }
  return out;
}

/** `keep` minus `remove`; both merged. */
export function subtractIntervals(keep: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const iv of keep) {
    let pieces: Interval[] = [iv];
    for (const r of remove) {
      if (r.family !== iv.family) continue;
      pieces = pieces.flatMap((p) => {
        if (r.end < p.start || r.start > p.end) return [p];
        const parts: Interval[] = [];
        if (r.start > p.start) parts.push({ ...p, end: r.start - 1n });
        if (r.end < p.end) parts.push({ ...p, start: r.end + 1n });
        return parts;
      });
    }
    out.push(...pieces);
  }
  return out;
}

const size = (iv: Interval): bigint => iv.end - iv.start + 1n;

async function expand(specs: readonly string[], resolve: (n: string) => Promise<string[]>, names?: Map<string, string[]>) {
  const intervals: Interval[] = [];
  for (const spec of specs) {
    const literal = parseLiteral(spec);
    if (literal) {
      intervals.push(literal);
      continue;
    }
    if (!HOSTNAME.test(spec)) throw new UsageError(`"${spec}" is not an address, CIDR block, range or hostname`);
    let addrs: string[];
    try {
      addrs = await resolve(spec);
    } catch (e) {
      throw new UsageError(`cannot resolve "${spec}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (addrs.length === 0) throw new UsageError(`"${spec}" resolves to no address`);
    for (const a of addrs) {
      const v = toBigInt(a)!;
      intervals.push({ family: v.family, start: v.value, end: v.value });
      if (names) names.set(a, [...(names.get(a) ?? []), spec]);
    }
  }
  return intervals;
}

export async function planTargets(specs: readonly string[], opts: PlanOptions = {}): Promise<TargetPlan> {
  if (specs.length === 0) throw new UsageError('no targets given (addresses, CIDR blocks, ranges, hostnames or -iL FILE)');
  const resolve = opts.resolve ?? defaultResolve;
  const hostnames = new Map<string, string[]>();
  const wanted = mergeIntervals(await expand(specs, resolve, hostnames));
  const excluded = mergeIntervals(await expand(opts.excludes ?? [], resolve));
  const intervals = subtractIntervals(wanted, excluded);
  const total = intervals.reduce((n, iv) => n + size(iv), 0n);
  const max = BigInt(opts.maxHosts ?? MAX_HOSTS_DEFAULT);
  if (total > max && !opts.allowLarge)
    throw new UsageError(
      `the targets cover ${total} addresses, more than the limit of ${max}; narrow them or pass --allow-large if you really mean it`,
    );
  if (!opts.allowPublic) {
    const allowed = mergeIntervals((opts.publicAllowList ?? []).map((s) => parseLiteral(s)).filter((x): x is Interval => x !== null));
    for (const iv of intervals) {
      const publicAddr = firstPublic(iv, allowed);
      if (publicAddr)
        throw new UsageError(
          `target ${publicAddr} is a public address; Radguard scans public addresses only with --allow-public or when the site allow-list covers them`,
        );
    }
  }
  return { specs, intervals, count: Number(total), hostnames };
}

/** The first public address in an interval not covered by the allow-list, checking block edges and boundaries. */
function firstPublic(iv: Interval, allowed: readonly Interval[]): string | null {
  // Public/private boundaries fall on CIDR edges; checking the ends and every /8 (v4) or the ends (v6) suffices
  // for the private blocks we know, which are all ≥ /16 in IPv4 except none smaller than /12.
  const candidates: bigint[] = [iv.start, iv.end];
  if (iv.family === 4) for (let a = (iv.start >> 16n) + 1n; a <= iv.end >> 16n && candidates.length < 70000; a++) candidates.push(a << 16n);
  for (const c of candidates) {
    if (!isPublic(iv.family, c)) continue;
    if (allowed.some((a) => a.family === iv.family && c >= a.start && c <= a.end)) continue;
    return fromBigInt(iv.family, c);
  }
  return null;
}

/** Walks every address of a plan in order, lazily. */
export function* addresses(plan: TargetPlan): Generator<string> {
  for (const iv of plan.intervals) for (let v = iv.start; v <= iv.end; v++) yield fromBigInt(iv.family, v);
}
