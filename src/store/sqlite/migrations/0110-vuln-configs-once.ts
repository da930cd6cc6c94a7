/**
 * A CVE with more than four configurations keeps them once: as its rows in vuln_cve_config (migration 0106), with
 * vuln_cves.configurations left empty ('') and put back together from the rows when the whole array is read. Over
 * the 300,000-CVE benchmark store the arrays duplicated 211 MB of the import's writes.
 */
export default {
  id: '0110-vuln-configs-once',
  sql: `
UPDATE vuln_cves SET configurations = '' WHERE rejected = 0 AND id IN (SELECT DISTINCT cve_id FROM vuln_cve_config);
`,
};
