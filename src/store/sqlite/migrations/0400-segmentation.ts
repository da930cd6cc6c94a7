/**
 * Segmentation checks and their findings, kept apart from the per-host scan findings: a segmentation finding is
 * about a path (zone → host:port), seen from a vantage or in traffic, not about a host in one scan (ADR 0400).
 * Passive DICOM/HL7 facts from captures are kept beside the traffic check that read them.
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
-- Application facts read passively from captures: allow-listed fields only (AE titles, implementation and SOP
-- class UIDs, association outcome; HL7 MSH applications, facilities, message types, version). Never patient data.
CREATE TABLE traffic_app_facts (
  check_id TEXT NOT NULL REFERENCES segmentation_checks(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('dicom-association','hl7-connection')),
  client TEXT NOT NULL,
  server TEXT NOT NULL,
  server_port INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  facts TEXT NOT NULL
);
CREATE INDEX traffic_app_facts_by_server ON traffic_app_facts(server);
`,
};
