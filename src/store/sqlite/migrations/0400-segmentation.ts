/**
 * Segmentation checks and their findings, kept apart from the per-host scan findings: a segmentation finding is
 * about a path (zone → host:port), seen from a vantage or in traffic, not about a host in one scan (ADR 0400).
 */
export default {
  id: '0400-segmentation',
  sql: `
CREATE TABLE segmentation_checks (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('scan','traffic')),
  policy_site TEXT,
  inputs TEXT NOT NULL,                         -- JSON: scan ids or capture files
  result TEXT NOT NULL                          -- JSON SegmentationResult (matrix, violations, not assessed)
);
CREATE TABLE segmentation_findings (
  key TEXT PRIMARY KEY,                         -- findingKey(from_zone>host, port, rule_id)
  rule_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('scan','traffic')),
  from_zone TEXT NOT NULL,
  to_zone TEXT NOT NULL,
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  protocol TEXT NOT NULL,
  severity TEXT NOT NULL,
  title TEXT NOT NULL,
  evidence TEXT NOT NULL,
  remediation TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open','in-remediation','resolved','risk-accepted','false-positive')),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  last_check_id TEXT NOT NULL REFERENCES segmentation_checks(id)
);
CREATE INDEX segmentation_findings_by_host ON segmentation_findings(host);
`,
};
