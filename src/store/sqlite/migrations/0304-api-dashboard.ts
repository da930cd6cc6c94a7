/**
 * The dashboard's KEV-affected devices: the KEV catalog (about a thousand CVEs) is walked and each CVE looked up
 * among the findings, instead of reading a million findings to find the few hundred with a known-exploited CVE.
 */
export default {
  id: '0304-api-dashboard',
  sql: `
CREATE INDEX api_findings_by_cve ON findings(cve, state) WHERE cve IS NOT NULL;
`,
};
