/**
 * A vendor's VEX statement that would take findings out (not_affected, false_positive) is a proposal until someone
 * at the site approves it: kept apart from vuln_triage, which holds only the decisions in force. Approval moves the
 * row there; rejection deletes it.
 */
export default {
  id: '0111-vuln-vex-proposals',
  sql: `
CREATE TABLE vuln_triage_proposed (
  cve TEXT NOT NULL,
  identity TEXT NOT NULL,
  scope TEXT NOT NULL,                         -- 'model:<name>' | 'asset:<id>'
  status TEXT NOT NULL CHECK (status IN ('not_affected','false_positive')),
  justification TEXT,
  detail TEXT,
  response TEXT NOT NULL DEFAULT '[]',
  source TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  PRIMARY KEY (cve, identity, scope)
) WITHOUT ROWID;
`,
};
