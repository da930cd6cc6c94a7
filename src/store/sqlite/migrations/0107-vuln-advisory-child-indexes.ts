/**
 * Indexes on the child columns of the advisory side tables. Each OSV or CSAF record replaced on import deletes its
 * package (vendor) rows by record id, directly and through ON DELETE CASCADE; without an index each delete scanned
 * the whole table, so a first import of 50,000 OSV records took 1 min 50 s, growing with the square of the count.
 */
export default {
  id: '0107-vuln-advisory-child-indexes',
  sql: `
CREATE INDEX vuln_osv_package_osv ON vuln_osv_package(osv_id);
CREATE INDEX vuln_csaf_vendor_doc ON vuln_csaf_vendor(doc_key);
`,
};
