/**
 * Air-gap feed bundles: the Ed25519 public keys a site pinned beforehand (a bundle never brings its own key)
 * and the bundles imported per key, so an older bundle replayed over a newer one is refused.
 */
export default {
  id: '0102-vuln-trust',
  sql: `
CREATE TABLE vuln_trusted_keys (
  key_id TEXT PRIMARY KEY,                     -- first 16 hex digits of SHA-256 over the raw 32-byte key
  public_key TEXT NOT NULL,                    -- raw Ed25519 public key, base64
  name TEXT,
  added_at TEXT NOT NULL
);
CREATE TABLE vuln_bundles (
  manifest_sha256 TEXT PRIMARY KEY,
  key_id TEXT NOT NULL REFERENCES vuln_trusted_keys(key_id),
  created TEXT NOT NULL,                       -- the signed creation time: must grow per key
  imported_at TEXT NOT NULL
);
CREATE INDEX vuln_bundles_key ON vuln_bundles(key_id, created);
`,
};
