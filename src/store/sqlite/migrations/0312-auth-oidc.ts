/**
 * OIDC login: pending logins (state, nonce and PKCE verifier, keyed by the SHA-256 of a random cookie that binds
 * the login to the browser that started it; deleted on first use), and the identity provider's issuer and subject
 * on accounts it provisioned, so a user is recognised by (iss, sub) and never merged into a local account.
 */
export default {
  id: '0312-auth-oidc',
  sql: `
CREATE TABLE api_oidc_logins (
  binding_hash TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  created_at TEXT NOT NULL
);
ALTER TABLE api_users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE api_users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX api_users_by_oidc ON api_users(oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
`,
};
