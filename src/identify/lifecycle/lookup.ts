/**
 * Places a product version in the lifecycle table: which release line, when it (or its line) was released,
 * whether upstream support has ended, and how old it is at a given date. Pure and offline.
 */
import { LIFECYCLE, type ProductLifecycle, type ReleaseLine } from './releases.js';

export type LifecycleStatus = 'current' | 'aged' | 'end-of-life';

export interface LifecycleFacts {
  readonly product: ProductLifecycle;
  readonly line: ReleaseLine;
  readonly released: string; // the date the age is measured from
  readonly releasedIs: 'exact' | 'line-start' | 'on-or-after'; // how precisely `released` dates this version
  readonly eol: string | null;
  readonly newest: { readonly version: string; readonly released: string }; // newest release (or line) in the table
  readonly newerKnown: boolean; // the table holds a newer line or release
  readonly ageDays: number;
  readonly status: LifecycleStatus;
}

/** Without a published end date, a version this old with something newer upstream counts as aged. */
export const AGED_AFTER_DAYS = 730;
const DAY = 86_400_000;

/** 'YYYY-MM' counts from the first of the month (the age may then be overstated by up to a month). */
export const parseDay = (d: string): number => Date.parse(d.length === 7 ? `${d}-01T00:00:00Z` : `${d}T00:00:00Z`);

/** Orders two versions by their numeric parts only ('2.4.57' < '2.4.63', '9.2p1' < '9.2p2'). */
export function compareNumeric(a: string, b: string): number {
  const na = (a.match(/\d+/g) ?? []).map(Number);
  const nb = (b.match(/\d+/g) ?? []).map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** 'cpe:2.3:a:openbsd:openssh:9.2:p1:…' → 'openbsd:openssh'. */
export function cpeVendorProduct(cpe: string): string | null {
  const parts = cpe.split(/(?<!\\):/);
  return parts[0] === 'cpe' && parts[1] === '2.3' && parts[3] && parts[4] ? `${parts[3]}:${parts[4]}` : null;
}

export function productFor(cpes: readonly string[]): ProductLifecycle | undefined {
  const keys = cpes.map(cpeVendorProduct).filter((k): k is string => k !== null);
  return LIFECYCLE.find((p) => p.cpes.some((c) => keys.includes(c)));
}

function lineOf(p: ProductLifecycle, version: string): ReleaseLine | undefined {
  const v = p.normalize ? version.replace(p.normalize.pattern, p.normalize.replacement) : version;
  return p.lines
    .filter((l) => v === l.line || (v.startsWith(l.line) && /^\D/.test(v.slice(l.line.length))))
    .sort((a, b) => b.line.length - a.line.length)[0];
}

export function lifecycleOf(cpes: readonly string[], version: string, at: Date): LifecycleFacts | undefined {
  const product = productFor(cpes);
  if (!product) return undefined;
  const line = lineOf(product, version);
  if (!line) return undefined;
  const byDate = [...product.lines].sort((a, b) => parseDay(a.released) - parseDay(b.released));
  const newestLine = byDate[byDate.length - 1]!;
  let released = line.released;
  let releasedIs: LifecycleFacts['releasedIs'] = 'line-start';
  let newerInLine = false;
  if (line.releases) {
    const known = Object.entries(line.releases).sort(([a], [b]) => compareNumeric(a, b));
    const exact = known.find(([v]) => compareNumeric(v, version) === 0);
    const before = known.filter(([v]) => compareNumeric(v, version) < 0).pop();
    newerInLine = known.some(([v]) => compareNumeric(v, version) > 0);
    if (exact) [released, releasedIs] = [exact[1], 'exact'];
    else if (before) [released, releasedIs] = [before[1], 'on-or-after'];
  }
  const newerKnown = newerInLine || parseDay(newestLine.released) > parseDay(line.released);
  const ageDays = Math.max(0, Math.floor((at.getTime() - parseDay(released)) / DAY));
  const ended = line.eol !== null && parseDay(line.eol) <= at.getTime();
  // A line with a published end date that has not passed is supported, however old; age matters only where
  // upstream publishes no end (it supports its newest release only).
  const status: LifecycleStatus = ended
    ? 'end-of-life'
    : line.eol === null && newerKnown && ageDays >= AGED_AFTER_DAYS
      ? 'aged'
      : 'current';
  const newestRelease = Object.entries(newestLine.releases ?? {}).sort(([a], [b]) => compareNumeric(a, b)).pop();
  const newest = newestRelease ? { version: newestRelease[0], released: newestRelease[1] } : { version: newestLine.line, released: newestLine.released };
  return {
    product, line, released, releasedIs, eol: line.eol, newest,
    newerKnown, ageDays, status,
  };
}
