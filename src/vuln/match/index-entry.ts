/**
 * The version pre-filter of the NVD index: one entry per vulnerable criterion of a product. `mayMatch` is
 * deliberately conservative — it rules out only what the full evaluator (nvd-config.ts) would answer "no"
 * for, so filtering first and evaluating the survivors gives exactly the naive scan's results. `groupEntries`
 * and `forEachPassing` give the same survivors without testing every entry of a product for every asset.
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

/** What a criterion says of the versions it covers: one exact version, or bounds (version `*`). */
export type AffectedVersion = Pick<IndexEntry, 'version' | 'startIncl' | 'startExcl' | 'endIncl' | 'endExcl'>;
/** The key of a CVE's affected versions of one product (NvdMatcher.affectedVersions). */
export const affectedKey = (cve: string, vendor: string, product: string): string => `${cve} ${vendor}:${product}`;

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

/**
 * A product's entries as `mayMatch` decides them, by position in its list: those any version passes ('?', or
 * ANY/NA without bounds), those naming one exact version (grouped by it: an asset's version is compared once per
 * distinct value), and those with bounds (tested one by one). A popular product has thousands of entries and
 * dozens of assets.
 */
export interface EntryGroups {
  readonly always: readonly number[];
  readonly exact: ReadonlyMap<string, readonly number[]>;
  readonly bounded: readonly number[];
}

export function groupEntries(list: readonly IndexEntry[]): EntryGroups {
  const always: number[] = [];
  const exact = new Map<string, number[]>();
  const bounded: number[] = [];
  list.forEach((e, i) => {
    if (e.version === '?') always.push(i);
    else if (e.startIncl !== undefined || e.startExcl !== undefined || e.endIncl !== undefined || e.endExcl !== undefined) bounded.push(i);
    else if (e.version === '*' || e.version === '-') always.push(i);
    else {
      const g = exact.get(e.version);
      if (g) g.push(i);
      else exact.set(e.version, [i]);
    }
  });
  return { always, exact, bounded };
}

/** Calls `pass` with the position of every entry `mayMatch` lets through for this asset CPE. */
export function forEachPassing(g: EntryGroups, list: readonly IndexEntry[], t: AssetCpe, pass: (i: number) => void): void {
  const part = textOf(t.parsed[0]!);
  for (const i of g.always) if (list[i]!.part === '*' || list[i]!.part === part) pass(i);
  const v = t.version;
  const lower = v?.toLowerCase();
  for (const [version, es] of g.exact)
    if (!v || version === lower || compareVersions(v, version) === 0) for (const i of es) if (list[i]!.part === '*' || list[i]!.part === part) pass(i);
  for (const i of g.bounded) if (mayMatch(list[i]!, t)) pass(i);
}
