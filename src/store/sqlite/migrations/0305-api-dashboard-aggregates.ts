/**
 * Indexes for the dashboard's and executive report's counts at 100k devices / 1M findings, so each is read from
 * an index alone, in index order, instead of from the rows: open findings by state, rule and severity (whole
 * department, and per device for a vendor-service reader, whose count starts from its devices), each scan's
 * occurrences by severity (the posture trend), and the scans that saw a device (a scoped reader's scan count and
 * trend). CPU at 1M findings, one query alone: 0.45–0.65 s → 0.14 s for the scorecard counts (one state at a time,
 * no sort), 0.58 s → 0.11 s for one scan of the trend (1M occurrences).
 */
export default {
  id: '0305-api-dashboard-aggregates',
  sql: `
CREATE INDEX api_findings_scorecard ON findings(state, rule_id, severity, cve);
CREATE INDEX api_findings_scorecard_by_subject ON findings(subject, state, rule_id, severity, cve);
CREATE INDEX api_occurrences_by_severity ON finding_occurrences(scan_id, severity);
CREATE INDEX api_scan_hosts_by_asset ON scan_hosts(asset_id, scan_id);
`,
};
