/**
 * Indexes for the API's list routes (src/store/sqlite/api-queries.ts), so a first page of 100k assets or 1M
 * findings is read in index order, and counts with the common filters are answered from an index alone. The
 * expressions repeat the queries' ORDER BY expressions exactly: SQLite uses an expression index only for an
 * identical expression.
 */
const SEVERITY_RANK = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

export default {
  id: '0301-api-list-indexes',
  sql: `
CREATE INDEX api_assets_by_name ON assets(coalesce(name, id), id);
CREATE INDEX api_assets_by_site_name ON assets(site, coalesce(name, id), id);
CREATE INDEX api_assets_by_manufacturer ON assets(manufacturer COLLATE NOCASE, site);
CREATE INDEX api_assets_by_site_criticality ON assets(site, criticality);
CREATE INDEX api_findings_by_severity ON findings(${SEVERITY_RANK}, key);
CREATE INDEX api_findings_by_state_severity ON findings(state, ${SEVERITY_RANK}, key);
CREATE INDEX api_findings_by_severity_state ON findings(severity, state, last_seen, key);
CREATE INDEX api_findings_by_state_last_seen ON findings(state, last_seen, key);
CREATE INDEX api_findings_by_last_seen ON findings(last_seen, key);
`,
};
