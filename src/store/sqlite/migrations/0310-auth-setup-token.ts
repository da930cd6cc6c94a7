/**
 * The one-time setup token of a store without users: only its SHA-256 is kept, with an expiry and the time it was
 * used. One row at most (a new token replaces the old). The pending_* columns hold the first admin while its TOTP
 * enrolment waits for confirmation; the account itself is created only once a valid code comes back.
 */
export default {
  id: '0310-auth-setup-token',
  sql: `
CREATE TABLE api_setup_token (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  consumed_at TEXT,
  pending_username TEXT,
  pending_password_hash TEXT,
  pending_totp_secret TEXT
);
`,
};
