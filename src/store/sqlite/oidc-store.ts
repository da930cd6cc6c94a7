/**
 * OIDC bookkeeping (migration 0312): pending logins, taken at most once, and accounts the identity provider
 * provisioned, found by (issuer, subject). Such an account has no usable password: its hash field holds a marker
 * that no argon2 verification accepts, so the local login form cannot be used with it.
 */
import type { ApiRole, Scope } from './api-store.js';
import type { Db } from './db.js';

export interface PendingOidcLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly createdAt: string;
}

/** Not an argon2 PHC string: password verification of an OIDC account always fails. */
export const OIDC_NO_PASSWORD = '!oidc';

type Row = Record<string, unknown>;

export class OidcStore {
  constructor(private readonly db: Db) {}

  addPending(bindingHash: string, p: PendingOidcLogin): void {
    this.db
      .prepare('INSERT INTO api_oidc_logins (binding_hash, state, nonce, code_verifier, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(bindingHash, p.state, p.nonce, p.codeVerifier, p.createdAt);
  }

  /** Returns and deletes the pending login: a callback can use it once. */
  takePending(bindingHash: string): PendingOidcLogin | null {
    return this.db
      .transaction(() => {
        const r = this.db.prepare('SELECT * FROM api_oidc_logins WHERE binding_hash = ?').get(bindingHash) as Row | undefined;
        if (!r) return null;
        this.db.prepare('DELETE FROM api_oidc_logins WHERE binding_hash = ?').run(bindingHash);
        return { state: String(r.state), nonce: String(r.nonce), codeVerifier: String(r.code_verifier), createdAt: String(r.created_at) };
      })
      .immediate();
  }

  prunePending(before: string): void {
    this.db.prepare('DELETE FROM api_oidc_logins WHERE created_at < ?').run(before);
  }

  /** The username of the account linked to (issuer, subject), or null. */
  linkedUser(issuer: string, subject: string): string | null {
    const r = this.db.prepare('SELECT username FROM api_users WHERE oidc_issuer = ? AND oidc_subject = ?').get(issuer, subject) as
      Row | undefined;
    return r ? String(r.username) : null;
  }

  /** The (issuer, subject) an account is linked to, or null for a local account. */
  linkOf(username: string): { issuer: string; subject: string } | null {
    const r = this.db.prepare('SELECT oidc_issuer, oidc_subject FROM api_users WHERE username = ?').get(username) as Row | undefined;
    return r && r.oidc_subject !== null ? { issuer: String(r.oidc_issuer), subject: String(r.oidc_subject) } : null;
  }

  /** Creates or refreshes a provisioned account: role, scope and expiry come from the provider at every login. */
  upsertUser(u: { username: string; issuer: string; subject: string; role: ApiRole; scope: Scope; expiresAt: string }, at: string): void {
    this.db
      .prepare(
        `INSERT INTO api_users (username, password_hash, role, scope_manufacturer, scope_site, expires_at, created_at, updated_at, oidc_issuer, oidc_subject)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(username) DO UPDATE SET role = excluded.role, scope_manufacturer = excluded.scope_manufacturer,
           scope_site = excluded.scope_site, expires_at = excluded.expires_at, updated_at = excluded.updated_at
         WHERE oidc_issuer = excluded.oidc_issuer AND oidc_subject = excluded.oidc_subject`,
      )
      .run(u.username, OIDC_NO_PASSWORD, u.role, u.scope.manufacturer, u.scope.site, u.expiresAt, at, at, u.issuer, u.subject);
  }
}
