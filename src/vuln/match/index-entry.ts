/**
 * The version pre-filter of the NVD index: one entry per vulnerable criterion of a product. `mayMatch` is
 * deliberately conservative — it rules out only what the full evaluator (nvd-config.ts) would answer "no"
 * for, so filtering first and evaluating the survivors gives exactly the naive scan's results.
 */
import { compareVersions } from '../version/compare.js';
import type { AssetCpe } from './nvd-config.js';
import { textOf } from './cpe.js';

export interface IndexEntry {
  readonly cve: string;
  readonly part: string; // a | o | h | *
  readonly version: string; // '*' ANY, '-' NA, '?' always evaluate, else the exact value (lower-case, unescaped)
  readonly startIncl?: string;
  readonly startExcl?: string;
  readonly endIncl?: string;
  readonly endExcl?: string;
  readonly criteria?: string; // absent in rows imported before migration 0105
  readonly matchId?: string;
  readonly cfg?: number;
  readonly simple?: boolean; // the CVE's configurations are all one OR node of vulnerable entries
}

export function mayMatch(e: IndexEntry, t: AssetCpe): boolean {
  if (e.part !== '*' && e.part !== textOf(t.parsed[0]!)) return false;
  if (e.version === '?') return true;
  const v = t.version;
  if (e.startIncl !== undefined || e.startExcl !== undefined || e.endIncl !== undefined || e.endExcl !== undefined) {
    if (!v) return true;
    return within(v, e.startIncl, START_INCL) && within(v, e.startExcl, START_EXCL) && within(v, e.endIncl, END_INCL) && within(v, e.endExcl, END_EXCL);
  }
  if (e.version === '*' || e.version === '-' || !v) return true;
  return e.version === v.toLowerCase() || compareVersions(v, e.version) === 0;
}

// Called millions of times per fleet: plain constants instead of a closure per bound.
const START_INCL = 0;
const START_EXCL = 1;
const END_INCL = 2;
const END_EXCL = 3;

/** Not ruled out by one bound: inside it, or not orderable against it (the evaluator then says "review"). */
function within(v: string, bound: string | undefined, kind: number): boolean {
  if (bound === undefined) return true;
  const o = compareVersions(v, bound);
  if (o === undefined) return true;
  return kind === START_INCL ? o >= 0 : kind === START_EXCL ? o > 0 : kind === END_INCL ? o <= 0 : o < 0;
}
