/**
 * Triage decisions (VEX statements) keyed by CVE, component identity without version (purl without version or
 * CPE vendor:product) and scope (a model, an asset, or '*' for the whole site), so they survive re-imports and
 * upgrades while their justification still holds.
 */
export default {
  id: '0103-vuln-triage',
  sql: `
CREATE TABLE vuln_triage (
  cve TEXT NOT NULL,
  identity TEXT NOT NULL,
  scope TEXT NOT NULL,                         -- 'model:<name>' | 'asset:<id>' | '*'
  status TEXT NOT NULL CHECK (status IN ('affected','not_affected','fixed','under_investigation','false_positive')),
  justification TEXT,
  detail TEXT,
  response TEXT NOT NULL DEFAULT '[]',
  source TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (cve, identity, scope)
) WITHOUT ROWID;
`,
};
