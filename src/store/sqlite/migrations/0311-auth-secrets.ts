/**
 * Secrets the server keeps (OIDC client secret, future SNMPv3/SMB credentials): AES-256-GCM ciphertext with its
 * 12-byte nonce (the 16-byte tag appended to the ciphertext) and the id of the key that sealed it, so a key
 * rotation can find every row still sealed under an old key. The key itself never enters the database.
 */
export default {
  id: '0311-auth-secrets',
  sql: `
CREATE TABLE api_secrets (
  name TEXT PRIMARY KEY,
  key_id TEXT NOT NULL,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
`,
};
