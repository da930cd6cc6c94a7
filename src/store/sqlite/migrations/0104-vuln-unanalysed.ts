/**
 * Full-text index over the descriptions of CVEs that NVD has not analysed yet (no CPE configuration): the only
 * way to surface them for a component is that their text names it, and that is a lead for review, not a match.
 */
export default {
  id: '0104-vuln-unanalysed',
  sql: `
CREATE VIRTUAL TABLE vuln_unanalysed USING fts5(cve_id UNINDEXED, description);
`,
};
