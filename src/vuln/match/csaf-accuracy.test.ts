/**
 * Precision and recall of name matching against CISA's medical advisories, labelled by the advisories' own
 * product_status (read here from the raw documents, not through Radguard's CSAF reader). For every product of
 * every advisory whose version text is a version, a list of versions or "all versions":
 * - known_affected for a CVE: a device of that vendor, product and version must be matched to the CVE by that
 *   advisory (recall); "all versions" is tried with version 1.0;
 * - fixed or known_not_affected: it must not be (precision), unless another product of the same name in the same
 *   advisory is affected at that version (the document then says both).
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
  versions: string[] | 'all';
}

/** The leaves of a product tree whose version is plain: one version, a `|` list of them, or all versions. */
function leaves(b: Branch, path: Record<string, string>, out: Leaf[]): void {
  const here = { ...path, [b.category]: b.name };
  for (const c of b.branches ?? []) leaves(c, here, out);
  if (!b.product || !here.vendor || !here.product_name) return;
  const text = (here.product_version ?? here.product_version_range ?? '').trim();
  const versions = text === 'vers:all/*' ? 'all' : text.split('|').map((v) => v.trim());
  if (versions !== 'all' && !versions.every((v) => /^[A-Za-z]{0,3}\.?\d[\w.-]*$/.test(v))) return;
  out.push({ id: b.product.product_id, vendor: here.vendor, product: here.product_name, versions });
}

describe('name matching against the CISA medical advisories, labelled by their product_status', () => {
  it('keeps precision and recall at 1.0', () => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    let tn = 0;
    const misses: string[] = [];
    for (const year of readdirSync(DIR).filter((d) => /^\d{4}$/.test(d)))
      for (const file of readdirSync(join(DIR, year)).filter((f) => f.endsWith('.json'))) {
        const doc = JSON.parse(readFileSync(join(DIR, year, file), 'utf8'));
        const tracking: string = doc.document.tracking.id;
        const products: Leaf[] = [];
        for (const b of doc.product_tree?.branches ?? []) leaves(b, {}, products);
        for (const p of products)
          for (const version of p.versions === 'all' ? ['1.0'] : p.versions) {
            const found = new Set(
              matchComponents(
                db,
                [{ id: 'd', kind: 'device', vendor: p.vendor, name: p.product, version, cpes: [], source: 'inventory' }],
                { bare: true },
              )
                .filter((m) => m.confidence !== 'review' && m.evidence[0]?.advisory?.startsWith(`${tracking} `))
                .map((m) => m.cve),
            );
            for (const v of doc.vulnerabilities ?? []) {
              const status = Object.entries(v.product_status ?? {}).find(([, ids]) => (ids as string[]).includes(p.id))?.[0];
              if (!v.cve || !status) continue;
              if (status === 'known_affected') {
                if (found.has(v.cve)) tp++;
                else {
                  fn++;
                  misses.push(`${tracking} ${v.cve} ${p.vendor} / ${p.product} ${version}`);
                }
              } else if (status === 'fixed' || status === 'known_not_affected') {
                const alsoAffected = products.some(
                  (q) =>
                    q !== p &&
                    q.product === p.product &&
                    (q.versions === 'all' || q.versions.includes(version)) &&
                    (v.product_status.known_affected ?? []).includes(q.id),
                );
                if (alsoAffected) continue;
                if (found.has(v.cve)) {
                  fp++;
                  misses.push(`FP ${tracking} ${v.cve} ${p.vendor} / ${p.product} ${version}`);
                } else tn++;
              }
            }
          }
      }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`CSAF accuracy: TP ${tp} FP ${fp} FN ${fn} TN ${tn}; precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`);
    expect(tp + fn).toBeGreaterThanOrEqual(200);
    expect(misses.slice(0, 20)).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});
