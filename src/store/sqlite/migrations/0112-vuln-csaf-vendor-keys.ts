/**
 * CSAF advisories are found by vendor name keys (src/vuln/match/vendor-names.ts): the whole folded name, and the
 * name without its parenthesised abbreviation, legal form and trading words ("Becton, Dickinson and Company (BD)" is
 * also `bd` and `bectondickinson`). Advisories imported before had the whole folded name only, and a re-import of
 * an unchanged file rewrites nothing: their keys are made again here.
 */
import type { Db } from '../db.js';
import { vendorKeys } from '../../../vuln/match/vendor-names.js';

/** Writes every stored advisory's vendor keys as vendor-names.ts makes them now (keys already there stay). */
export function writeCsafVendorKeys(db: Db): void {
  const rows = db
    .prepare(
      `SELECT DISTINCT c.doc_key, json_extract(p.value, '$.vendor') FROM vuln_csaf c, json_each(c.advisory, '$.products') p
       WHERE json_extract(p.value, '$.vendor') IS NOT NULL`,
    )
    .raw()
    .all() as [string, string][];
  const put = db.prepare('INSERT OR IGNORE INTO vuln_csaf_vendor (vendor_key, doc_key) VALUES (?, ?)');
  for (const [key, vendor] of rows) for (const k of vendorKeys(vendor)) put.run(k, key);
}

export default {
  id: '0112-vuln-csaf-vendor-keys',
  sql: '',
  after: writeCsafVendorKeys,
};
