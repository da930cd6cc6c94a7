/**
 * OpenPGP keys a site pinned for CSAF publishers: an advisory whose publisher namespace has a pinned key is
 * imported only with a valid detached signature (`.asc` beside it) by one of that publisher's keys.
 */
export default {
  id: '0108-vuln-pgp-keys',
  sql: `
CREATE TABLE vuln_pgp_keys (
  fingerprint TEXT PRIMARY KEY,                -- primary key fingerprint, lower-case hex
  publisher TEXT NOT NULL,                     -- CSAF document.publisher.namespace, e.g. https://www.cisa.gov/
  name TEXT,
  armored TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX vuln_pgp_keys_publisher ON vuln_pgp_keys(publisher);
`,
};
