/**
 * Precision and recall of name matching against CISA's medical advisories, labelled by the advisories' own
 * product_status (read here from the raw documents, not through Radguard's CSAF reader). For every product of
 * every advisory that is known_affected by a CVE and whose version text is a version, a list of versions, "all
 * versions" or a plain upper bound (`<= 12.1.3`, `< 3.4`):
 * - affected: each listed version, 1.0 for all versions, the bound of `<=` and the major version below a bound, and
 *   inside a wildcard (`12.x` → 12.3): a device of that vendor, product and version must be matched to the CVE by that
 *   advisory (recall);
 * - not affected: each listed version with `.999` after it, the bound of `<`, the next major version above a bound, the
 *   first version past a wildcard (`14.1.x` → 14.2.0): it must not be (precision), where no other product of a like
 *   name in the advisory could cover that version.
 * Each device is spelled three ways: as the advisory does, and as a maintenance system might (see `spellings`).
 * Other range texts are left to version-range.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const DIR = `${SHARED_DATA}/vuln/csaf/cisa-icsma`;
let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [DIR], { clock: fixedClock('2026-12-01T00:00:00Z') });
});

interface Branch {
  category: string;
  name: string;
  branches?: Branch[];
  product?: { product_id: string };
}
interface Leaf {
  id: string;
  vendor: string;
  product: string;
  /** One version or a `|` list of them, all versions, a plain upper bound, or any other text. */
  versions: { list: string[] } | 'all' | { op: '<' | '<='; bound: string } | 'other';
}

function leaves(b: Branch, path: Record<string, string>, out: Leaf[]): void {
  const here = { ...path, [b.category]: b.name };
  for (const c of b.branches ?? []) leaves(c, here, out);
  if (!b.product || !here.vendor || !here.product_name) return;
  const text = (here.product_version ?? here.product_version_range ?? '').trim();
  const list = text.split('|').map((v) => v.trim());
  const upper = /^(<=|<)\s*(\d+(?:\.\d+)*(?:\.x)*)$/i.exec(text);
  const versions: Leaf['versions'] =
    text === 'vers:all/*'
      ? 'all'
      : upper
        ? { op: upper[1] as '<' | '<=', bound: upper[2]! }
        : list.every((v) => /^[A-Za-z]{0,3}\.?\d[\w.-]*$/.test(v))
          ? { list }
          : 'other';
  out.push({ id: b.product.product_id, vendor: here.vendor, product: here.product_name, versions });
}

/** `12.x`, `14.1.x`, `5.x.x`: any version that begins so. */
const wild = (x: string) => /(\.x)+$/i.test(x);
const covers = (x: string, version: string) =>
  wild(x) ? version.toLowerCase().startsWith(`${x.toLowerCase().replace(/(\.x)+$/, '')}.`) : x === version;
/** The first version past a wildcard: 14.1.x → 14.2.0. */
function pastWildcard(x: string): string {
  const [, head, tail] = /^(.*?)((?:\.x)+)$/i.exec(x)!;
  const parts = head!.split('.');
  parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
  return parts.join('.') + tail!.replace(/x/gi, '0');
}

/** The versions labelled affected and not affected for a product, as its version text says. */
function labels(v: Leaf['versions']): { affected: string[]; not: string[] } {
  if (v === 'other') return { affected: [], not: [] };
  if (v === 'all') return { affected: ['1.0'], not: [] };
  if ('list' in v)
    return {
      affected: v.list.flatMap((x) => (wild(x) ? [x, x.replace(/x/gi, '3')] : [x])),
      not: v.list.map((x) => (wild(x) ? pastWildcard(x) : `${x}.999`)).filter((n) => !v.list.some((x) => covers(x, n))),
    };
  // Below and above in the bound's own shape: 2024.2 → 2023.0 and 2025.0, 3.0 → 2.0 and 4.0; `11.x` is all of 11.
  const major = Number(v.bound.split('.')[0]);
  const below = major >= 1 ? [`${major - 1}.0`] : [];
  const above = `${major + 1}.0`;
  return v.op === '<='
    ? { affected: [v.bound.replace(/x/gi, '3'), ...below], not: wild(v.bound) ? [pastWildcard(v.bound)] : [above] }
    : { affected: below, not: [v.bound.replace(/x/gi, '0'), above] };
}

/** Whether a product's version text may cover a version (any range or prose may). */
const mayCover = (v: Leaf['versions'], version: string): boolean =>
  typeof v === 'object' && 'list' in v ? v.list.some((x) => covers(x, version)) : true;

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

describe('name matching against the CISA medical advisories, labelled by their product_status', () => {
  it('keeps precision and recall at 1.0', () => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    let tn = 0;
    const misses: string[] = [];
    // As the advisory spells the device, and as a maintenance system might: the company in capitals with its trading
    // name and legal form, the brackets dropped, and the model with the company's name in front.
    const spellings = (p: Leaf): { vendor: string; name: string }[] => {
      const company = p.vendor.replace(/\s*\(.*\)/, '');
      return [
        { vendor: p.vendor, name: p.product },
        { vendor: `${company.toUpperCase()} Medical Systems, Inc.`, name: p.product },
        { vendor: company, name: `${company} ${p.product}` },
      ];
    };
    /** Per spelling, the CVEs the advisory gives the device (not for review). */
    const cvesFound = (tracking: string, p: Leaf, version: string): { spelling: string; cves: Set<string> }[] =>
      spellings(p).map(({ vendor, name }) => ({
        spelling: `${vendor} / ${name} ${version}`,
        cves: new Set(
          matchComponents(db, [{ id: 'd', kind: 'device', vendor, name, version, cpes: [], source: 'inventory' }], { bare: true })
            .filter((m) => m.confidence !== 'review' && m.evidence[0]?.advisory?.startsWith(`${tracking} `))
            .map((m) => m.cve),
        ),
      }));
    for (const year of readdirSync(DIR).filter((d) => /^\d{4}$/.test(d)))
      for (const file of readdirSync(join(DIR, year)).filter((f) => f.endsWith('.json'))) {
        const doc = JSON.parse(readFileSync(join(DIR, year, file), 'utf8'));
        const tracking: string = doc.document.tracking.id;
        const products: Leaf[] = [];
        for (const b of doc.product_tree?.branches ?? []) leaves(b, {}, products);
        const affected = (p: Leaf): string[] =>
          (doc.vulnerabilities ?? [])
            .filter(
              (v: { cve?: string; product_status?: { known_affected?: string[] } }) =>
                v.cve && v.product_status?.known_affected?.includes(p.id),
            )
            .map((v: { cve: string }) => v.cve);
        for (const p of products) {
          const cves = affected(p);
          if (!cves.length) continue;
          const { affected: yes, not } = labels(p.versions);
          for (const version of yes)
            for (const { spelling, cves: found } of cvesFound(tracking, p, version))
              for (const cve of cves)
                if (found.has(cve)) tp++;
                else {
                  fn++;
                  misses.push(`FN ${tracking} ${cve} ${spelling}`);
                }
          // Other products of a like name (the matcher also takes one name inside the other) must not cover it.
          const like = products.filter(
            (q) => q !== p && (fold(q.product).startsWith(fold(p.product)) || fold(p.product).startsWith(fold(q.product))),
          );
          for (const version of not) {
            if (like.some((q) => mayCover(q.versions, version))) continue;
            for (const { spelling, cves: found } of cvesFound(tracking, p, version))
              for (const cve of cves)
                if (!found.has(cve)) tn++;
                else {
                  fp++;
                  misses.push(`FP ${tracking} ${cve} ${spelling}`);
                }
          }
        }
      }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`CSAF accuracy: TP ${tp} FP ${fp} FN ${fn} TN ${tn}; precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`);
    expect(tp + fn).toBeGreaterThanOrEqual(200);
    expect(fp + tn).toBeGreaterThanOrEqual(100);
    expect(misses.slice(0, 20)).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});
