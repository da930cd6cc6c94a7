/**
 * Version ranges written as text: CSAF `product_version_range` names in vers (`vers:generic/>=1.0|<2.0`,
 * `vers:all/*`) or the looser "vls" CISA writes (`< 3.6.7`, `<= 12.2.x.x`, `>= 2018-1 | <= 2021-1`), and the
 * prose of advisories ("all versions", "prior to 3.1", "3.1 and prior"). What does not parse is returned as
 * `unparsed` so it reaches the review queue instead of being guessed.
 */
import { compareVersions, type Scheme } from '../version/compare.js';
import type { Confidence } from './nvd-config.js';

export type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';
export interface Constraint {
  readonly op: Op;
  readonly version: string;
}
export type VersionRange =
  | { readonly kind: 'all'; readonly text: string }
  | { readonly kind: 'constraints'; readonly text: string; readonly constraints: readonly Constraint[]; readonly confidence: Confidence; readonly scheme: Scheme }
  | { readonly kind: 'unparsed'; readonly text: string };

const VERSION = String.raw`[A-Za-z]{0,3}\.?[0-9][A-Za-z0-9._\-+~]*`; // vendor builds: R4.1L1, B.12, VM5.0
const OP_VERSION = new RegExp(String.raw`^(<=|>=|<|>|=|!=)?\s*(${VERSION})$`, 'i');

/** `12.2.x.x` → `12.2`, and the first version past it, `12.3` (undefined: no wildcard, or no number before it). */
export function wildcard(v: string): { head: string; past: string } | undefined {
  const head = /^(.*?\d)(?:\.x)+$/i.exec(v)?.[1];
  return head === undefined ? undefined : { head, past: head.replace(/\d+$/, (d) => String(Number(d) + 1)) };
}

/**
 * Wildcard versions are ranges: `<= 12.2.x.x` is anything up to and in 12.2 (< 12.3), `< 3.x` anything before 3
 * (< 3), and a pinned `12.x` anything in 12 (>= 12, < 13).
 */
function wildcardConstraints(op: Op, v: string): Constraint[] | undefined {
  const w = wildcard(v);
  if (!w) return undefined;
  if (op === '<=') return [{ op: '<', version: w.past }];
  if (op === '<') return [{ op: '<', version: w.head }];
  if (op === '=') return [{ op: '>=', version: w.head }, { op: '<', version: w.past }];
  return undefined;
}

function constraintsOf(body: string): { constraints: Constraint[]; loose: boolean } | undefined {
  const constraints: Constraint[] = [];
  let loose = false;
  for (const piece of body.split('|').map((s) => s.trim())) {
    if (!piece) return undefined;
    const m = OP_VERSION.exec(piece);
    if (!m) return undefined;
    const op = (m[1] ?? '=') as Op;
    const w = wildcardConstraints(op, m[2]!);
    if (w) {
      constraints.push(...w);
      loose ||= op !== '='; // "12.x" says plainly what it covers; "<= 12.2.x.x" leaves the reader to guess the end
    } else constraints.push({ op, version: m[2]! });
  }
  return { constraints, loose };
}

export function parseVersionRange(text: string): VersionRange {
  const t = text.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  if (lower === 'vers:all/*' || /^(all|all versions|any|any version|\*)$/.test(lower)) return { kind: 'all', text };
  const vers = /^vers:([a-z0-9.+-]+)\/(.+)$/i.exec(t);
  if (vers) {
    const c = constraintsOf(vers[2]!);
    const scheme: Scheme = vers[1] === 'deb' ? 'debian' : vers[1] === 'npm' || vers[1] === 'golang' ? 'semver' : 'generic';
    return c ? { kind: 'constraints', text, constraints: c.constraints, confidence: c.loose ? 'medium' : 'high', scheme } : { kind: 'unparsed', text };
  }
  const prose: Array<[RegExp, Op]> = [
    [new RegExp(String.raw`^(?:all )?(?:versions? )?(?:prior to|before|earlier than|older than) (${VERSION})$`, 'i'), '<'],
    [new RegExp(String.raw`^(?:versions? )?(${VERSION}) and (?:prior|earlier|older|before|below)(?: versions)?$`, 'i'), '<='],
    [new RegExp(String.raw`^(?:versions? )?(${VERSION}) or (?:prior|earlier|older|lower)$`, 'i'), '<='],
    [new RegExp(String.raw`^(?:versions? )?up to (?:and including )?(${VERSION})$`, 'i'), '<='],
  ];
  for (const [re, op] of prose) {
    const m = re.exec(t);
    if (m) return { kind: 'constraints', text, constraints: [{ op, version: m[1]! }], confidence: 'medium', scheme: 'generic' };
  }
  const c = constraintsOf(t);
  if (c) return { kind: 'constraints', text, constraints: c.constraints, confidence: c.loose ? 'medium' : 'high', scheme: 'generic' };
  // A bound with a remark in brackets (`<= 2.01 (end-of-life Nov 2017)`, `v8.x (with Wireless Battery Modules …)`):
  // the bound, at low confidence, since the remark may narrow it in ways no version says.
  const remark = /^([^()]*\S)\s*\([^()]*\)$/.exec(t);
  const head = remark ? constraintsOf(remark[1]!) : undefined;
  if (head) return { kind: 'constraints', text, constraints: head.constraints, confidence: 'low', scheme: 'generic' };
  return { kind: 'unparsed', text };
}

/**
 * Is `version` inside the range? Constraints read as in vers: `=` pins, `!=` excludes, a lower bound followed by
 * an upper bound is one interval, a lone bound is open on the other side. `undefined`: cannot be ordered.
 */
export function inRange(version: string, range: VersionRange): boolean | undefined {
  if (range.kind === 'all') return true;
  if (range.kind === 'unparsed') return undefined;
  let unknown = false;
  const cmp = (b: string) => {
    const o = compareVersions(version, b, range.scheme);
    if (o === undefined) unknown = true;
    return o;
  };
  for (const c of range.constraints) if (c.op === '!=' && cmp(c.version) === 0) return false;
  for (const c of range.constraints) if (c.op === '=' && cmp(c.version) === 0) return true;
  const bounds = range.constraints.filter((c) => c.op !== '=' && c.op !== '!=');
  for (let i = 0; i < bounds.length; i++) {
    const c = bounds[i]!;
    const o = cmp(c.version);
    if (o === undefined) continue;
    const lowOk = c.op === '>' ? o > 0 : c.op === '>=' ? o >= 0 : undefined;
    if (lowOk === undefined) {
      if (c.op === '<' ? o < 0 : o <= 0) return true; // a lone upper bound: (-∞, c)
      continue;
    }
    const next = bounds[i + 1];
    if (next && (next.op === '<' || next.op === '<=')) {
      i++;
      const n = cmp(next.version);
      if (n === undefined) continue;
      if (lowOk && (next.op === '<' ? n < 0 : n <= 0)) return true;
    } else if (lowOk) return true;
  }
  // A release of a pinned version ("9.19.2" of a list naming 9.19) may be what the advisory meant by it, or not: a
  // person decides, rather than a silent "not affected".
  if (range.constraints.some((c) => c.op === '=' && version.toLowerCase().startsWith(`${c.version.toLowerCase()}.`))) return undefined;
  return unknown ? undefined : false;
}
