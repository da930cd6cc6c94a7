/**
 * Precision and recall of name matching against CISA's medical advisories, labelled by the advisories' own
 * product_status (read here from the raw documents, not through Radguard's CSAF reader). For every product of
 * every advisory whose version text is a version, a list of versions or "all versions":
 * - known_affected for a CVE: a device of that vendor, product and version must be matched to the CVE by that
 *   advisory (recall); "all versions" is tried with version 1.0;
 * each device spelled three ways: as the advisory does, and as a maintenance system might (see `spellings`);
 * - a version the advisory does not list for that product (each listed version with `.999` after it) must not be
 *   matched to its CVEs by that advisory (precision), where every product of a like name in the advisory lists
 *   plain versions (a range or "all versions" there could cover it).
 * Ranges are left to version-range.test.ts: a label needs a version the text names.
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
  /** One version or a `|` list of them, all versions, or a range or prose ('other'). */
  versions: string[] | 'all' | 'other';
}

function leaves(b: Branch, path: Record<string, string>, out: Leaf[]): void {
  const here = { ...path, [b.category]: b.name };
  for (const c of b.branches ?? []) leaves(c, here, out);
  if (!b.product || !here.vendor || !here.product_name) return;
  const text = (here.product_version ?? here.product_version_range ?? '').trim();
  const list = text.split('|').map((v) => v.trim());
  const versions = text === 'vers:all/*' ? 'all' : list.every((v) => /^[A-Za-z]{0,3}\.?\d[\w.-]*$/.test(v)) ? list : 'other';
  out.push({ id: b.product.product_id, vendor: here.vendor, product: here.product_name, versions });
}

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
          if (p.versions === 'other') continue;
          const cves = affected(p);
          if (!cves.length) continue;
          for (const version of p.versions === 'all' ? ['1.0'] : p.versions) {
            for (const { spelling, cves: found } of cvesFound(tracking, p, version))
              for (const cve of cves)
                if (found.has(cve)) tp++;
                else {
                  fn++;
                  misses.push(`FN ${tracking} ${cve} ${spelling}`);
                }
          }
          // Like-named products of the advisory (the matcher also takes one name inside the other) list plain versions.
          const like = products.filter((q) => fold(q.product).startsWith(fold(p.product)) || fold(p.product).startsWith(fold(q.product)));
          if (p.versions === 'all' || like.some((q) => !Array.isArray(q.versions))) continue;
          for (const listed of p.versions) {
            const version = `${listed}.999`;
            if (like.some((q) => (q.versions as string[]).includes(version))) continue;
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
