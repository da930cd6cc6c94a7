/**
 * Web/API access control: local users (argon2id hashes, optional TOTP secret, role and vendor/site scope with an
 * expiry), server-side sessions (only a hash of the cookie value is kept), API tokens (hashed, scoped, expiring,
 * revocable), login throttling counters, and the append-only audit log whose HMAC chain key lives outside the DB.
 */
export default {
  id: '0300-api-auth',
  sql: `
CREATE TABLE api_users (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','security-analyst','biomedical-engineer','viewer','vendor-service')),
  scope_manufacturer TEXT,
  scope_site TEXT,
  expires_at TEXT,
  totp_secret TEXT,
  totp_last_step INTEGER,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE api_sessions (
  id_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES api_users(username) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX api_sessions_by_user ON api_sessions(username);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL REFERENCES api_users(username) ON DELETE CASCADE,
  role TEXT NOT NULL,
  scope_manufacturer TEXT,
  scope_site TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE TABLE api_login_failures (
  source TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX api_login_failures_by_source ON api_login_failures(source, at);
CREATE TABLE api_audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL DEFAULT '{}',
  mac TEXT NOT NULL
);
CREATE TRIGGER api_audit_log_no_update BEFORE UPDATE ON api_audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER api_audit_log_no_delete BEFORE DELETE ON api_audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
};
