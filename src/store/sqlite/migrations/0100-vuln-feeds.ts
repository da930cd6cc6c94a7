/**
 * Vulnerability intelligence imported offline: the files each feed came from (provenance), NVD CVE records with
 * their applicability configurations, the (vendor, product) index that makes matching fast, KEV, EPSS, CSAF and
 * OSV. Every row points at the file it came from, so each value can say where and when it was learnt.
 */
export default {
  id: '0100-vuln-feeds',
  sql: `
CREATE TABLE vuln_feed_files (
  id INTEGER PRIMARY KEY,
  feed TEXT NOT NULL CHECK (feed IN ('nvd','kev','epss','csaf','osv')),
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  feed_date TEXT,                              -- what the file says about its own age (timestamp, catalog date …)
  records INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'            -- JSON: shape, model version, catalog version, sha512 verified …
);
CREATE INDEX vuln_feed_files_feed ON vuln_feed_files(feed, imported_at);

CREATE TABLE vuln_cves (
  id TEXT PRIMARY KEY,
  status TEXT,
  published TEXT,
  last_modified TEXT,
  rejected INTEGER NOT NULL DEFAULT 0,
  hash TEXT NOT NULL,                          -- of the normalised record: unchanged re-imports are detected
  file_id INTEGER NOT NULL REFERENCES vuln_feed_files(id),
  record TEXT NOT NULL,                        -- JSON CveRecord without configurations
  configurations TEXT NOT NULL                 -- JSON Configuration[]
);

-- One row per distinct vulnerable:true criterion: enough to pre-filter candidates by version before the full
-- configuration tree is evaluated. Wildcard vendors/products go under '*'.
CREATE TABLE vuln_cpe_index (
  vendor TEXT NOT NULL,
  product TEXT NOT NULL,
  cve_id TEXT NOT NULL,
  part TEXT NOT NULL,                          -- a | o | h | * (ANY)
  version TEXT NOT NULL,                       -- '*' ANY, '-' NA, '?' always evaluate (pattern, or other attributes set), else the exact value
  start_incl TEXT,
  start_excl TEXT,
  end_incl TEXT,
  end_excl TEXT
);
CREATE INDEX vuln_cpe_index_product ON vuln_cpe_index(vendor, product);
CREATE INDEX vuln_cpe_index_cve ON vuln_cpe_index(cve_id);

CREATE TABLE vuln_kev (
  cve_id TEXT PRIMARY KEY,
  vendor_project TEXT NOT NULL,
  product TEXT NOT NULL,
  name TEXT NOT NULL,
  date_added TEXT NOT NULL,
  due_date TEXT,
  required_action TEXT,
  ransomware TEXT NOT NULL CHECK (ransomware IN ('Known','Unknown')),
  notes TEXT,
  file_id INTEGER NOT NULL REFERENCES vuln_feed_files(id)
);

CREATE TABLE vuln_epss (
  cve_id TEXT PRIMARY KEY,
  epss REAL NOT NULL,
  percentile REAL NOT NULL,
  model_version TEXT,
  score_date TEXT,
  file_id INTEGER NOT NULL REFERENCES vuln_feed_files(id)
) WITHOUT ROWID;

CREATE TABLE vuln_csaf (
  doc_key TEXT PRIMARY KEY,                    -- publisher namespace # tracking id
  tracking_id TEXT NOT NULL,
  version TEXT NOT NULL,
  release_date TEXT NOT NULL,
  title TEXT NOT NULL,
  hash TEXT NOT NULL,
  file_id INTEGER NOT NULL REFERENCES vuln_feed_files(id),
  advisory TEXT NOT NULL                       -- JSON CsafAdvisory
);
CREATE TABLE vuln_csaf_vendor (
  vendor_key TEXT NOT NULL,                    -- vendor name folded to [a-z0-9]
  doc_key TEXT NOT NULL REFERENCES vuln_csaf(doc_key) ON DELETE CASCADE,
  PRIMARY KEY (vendor_key, doc_key)
) WITHOUT ROWID;

CREATE TABLE vuln_osv (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  hash TEXT NOT NULL,
  file_id INTEGER NOT NULL REFERENCES vuln_feed_files(id),
  record TEXT NOT NULL                         -- JSON OsvRecord
);
CREATE TABLE vuln_osv_package (
  ecosystem TEXT NOT NULL,                     -- without release suffix: 'Debian', 'Alpine', 'Maven'
  name TEXT NOT NULL,
  osv_id TEXT NOT NULL REFERENCES vuln_osv(id) ON DELETE CASCADE,
  PRIMARY KEY (ecosystem, name, osv_id)
) WITHOUT ROWID;
`,
};
