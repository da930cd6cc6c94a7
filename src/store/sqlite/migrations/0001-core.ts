/** Scans, what they saw, findings with their triage history, and minimal asset/model/zone tables for later issues. */
export default {
  id: '0001-core',
  sql: `
CREATE TABLE scans (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running','complete','incomplete','failed')),
  source TEXT NOT NULL DEFAULT 'scan',          -- 'scan' | 'nmap-import'
  targets TEXT NOT NULL,                        -- JSON array of the target specs as given
  vantage TEXT NOT NULL,                        -- JSON Vantage
  profile TEXT,
  options TEXT NOT NULL DEFAULT '{}',
  pid INTEGER,
  pid_started TEXT,                             -- process start marker: a reused pid is not our scan
  hosts_planned INTEGER,
  error TEXT
);
CREATE TABLE scan_hosts (
  scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  asset_id TEXT,
  mac TEXT,
  mac_vendor TEXT,
  hostnames TEXT NOT NULL DEFAULT '[]',
  alive INTEGER NOT NULL,
  alive_reason TEXT,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (scan_id, address)
);
CREATE TABLE scan_ports (
  scan_id TEXT NOT NULL,
  address TEXT NOT NULL,
  port INTEGER NOT NULL,
  protocol TEXT NOT NULL,
  state TEXT NOT NULL,
  service TEXT,
  product TEXT,
  version TEXT,
  cpe TEXT NOT NULL DEFAULT '[]',
  reason TEXT,
  rtt_ms REAL,
  PRIMARY KEY (scan_id, address, port, protocol),
  FOREIGN KEY (scan_id, address) REFERENCES scan_hosts(scan_id, address) ON DELETE CASCADE
);
CREATE TABLE observations (
  id TEXT PRIMARY KEY,
  scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  port INTEGER NOT NULL,
  transport TEXT NOT NULL,
  kind TEXT NOT NULL,
  probe_id TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX observations_by_host ON observations(scan_id, address);
CREATE TABLE checks (
  scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  port INTEGER,
  probe_id TEXT NOT NULL,
  status TEXT NOT NULL,
  detail TEXT,
  duration_ms REAL NOT NULL
);
CREATE INDEX checks_by_host ON checks(scan_id, address);
CREATE TABLE skipped (
  scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE TABLE findings (
  key TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  cve TEXT,
  subject TEXT NOT NULL,
  host TEXT NOT NULL,
  port INTEGER,
  component TEXT,
  severity TEXT NOT NULL,
  title TEXT NOT NULL,
  evidence TEXT NOT NULL,
  remediation TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open','in-remediation','resolved','risk-accepted','false-positive')),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  first_scan_id TEXT NOT NULL,
  last_scan_id TEXT NOT NULL,
  probe_id TEXT,
  observation_ids TEXT NOT NULL DEFAULT '[]',
  accepted_reason TEXT,
  accepted_by TEXT,
  accepted_until TEXT,
  justification TEXT
);
CREATE INDEX findings_by_subject ON findings(subject);
CREATE TABLE finding_occurrences (
  scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  finding_key TEXT NOT NULL REFERENCES findings(key),
  address TEXT NOT NULL,
  severity TEXT NOT NULL,
  evidence TEXT NOT NULL,
  PRIMARY KEY (scan_id, finding_key)
);
CREATE INDEX finding_occurrences_by_host ON finding_occurrences(scan_id, address);
CREATE TABLE finding_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  finding_key TEXT NOT NULL REFERENCES findings(key),
  at TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT,
  scan_id TEXT
);
CREATE TABLE device_models (
  id TEXT PRIMARY KEY,
  manufacturer TEXT NOT NULL,
  model TEXT NOT NULL,
  UNIQUE (manufacturer, model)
);
CREATE TABLE assets (
  id TEXT PRIMARY KEY,
  name TEXT,
  model_id TEXT REFERENCES device_models(id),
  criticality TEXT NOT NULL DEFAULT 'unknown',
  zone TEXT NOT NULL DEFAULT 'unknown',
  site TEXT NOT NULL DEFAULT 'unknown',
  created_at TEXT NOT NULL
);
CREATE TABLE asset_identifiers (
  asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                           -- 'mac' | 'address' | 'hostname' | 'serial' | 'ae-title'
  value TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (asset_id, kind, value)
);
CREATE INDEX asset_identifiers_by_value ON asset_identifiers(kind, value);
CREATE TABLE zones (
  name TEXT PRIMARY KEY,
  cidrs TEXT NOT NULL DEFAULT '[]',
  purpose TEXT
);
CREATE TABLE do_not_probe (
  cidr TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL
);
`,
};
