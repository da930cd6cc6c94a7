/**
 * The access-control tables of the web/API: users, sessions, API tokens, login failures and the audit log rows.
 * Session ids and token secrets arrive here already hashed; password hashes are argon2id strings.
 */
import { AppError } from '../../core/errors.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Participation } from '../../inventory/report/participation.js';

/** The five roles (the CHECK constraint of migration 0300 lists the same). */
export const API_ROLES = ['admin', 'security-analyst', 'biomedical-engineer', 'viewer', 'vendor-service'] as const;
export type ApiRole = (typeof API_ROLES)[number];
export const isApiRole = (v: string): v is ApiRole => (API_ROLES as readonly string[]).includes(v);

/** What a principal may see: one manufacturer's devices and/or one site; null means no restriction. */
export interface Scope {
  readonly manufacturer: string | null;
  readonly site: string | null;
}

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface ApiUser {
  readonly username: string;
  readonly passwordHash: string;
  readonly role: ApiRole;
  readonly scope: Scope;
  readonly expiresAt: string | null;
  readonly totpSecret: string | null;
  readonly totpLastStep: number | null;
  readonly disabled: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
}

export interface ApiSession {
  readonly username: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
}

export interface ApiToken {
  readonly id: string;
  readonly secretHash: string;
  readonly name: string;
  readonly owner: string;
  readonly role: ApiRole;
  readonly scope: Scope;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly detail: string;
  readonly mac: string;
}

const toUser = (r: Row): ApiUser => ({
  username: String(r.username),
  passwordHash: String(r.password_hash),
  role: r.role as ApiRole,
  scope: { manufacturer: s(r.scope_manufacturer), site: s(r.scope_site) },
  expiresAt: s(r.expires_at),
  totpSecret: s(r.totp_secret),
  totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
  disabled: r.disabled === 1,
  failedLogins: Number(r.failed_logins),
  lockedUntil: s(r.locked_until),
  createdAt: String(r.created_at),
});

const toToken = (r: Row): ApiToken => ({
  id: String(r.id),
  secretHash: String(r.secret_hash),
  name: String(r.name),
  owner: String(r.owner),
  role: r.role as ApiRole,
  scope: { manufacturer: s(r.scope_manufacturer), site: s(r.scope_site) },
  createdAt: String(r.created_at),
  expiresAt: String(r.expires_at),
  revokedAt: s(r.revoked_at),
});

export class ApiStore {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  /** Session, user and token lookups run on every request: compile each statement once, not per call. */
  private prepare(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /**
   * Practice 1's facts (cybersecurity is everyone's job): who has a console account, by role, and whether the
   * work is shared — people's triage decisions (state changes not made by a scan) and report exports since `since`.
   */
  participation(at: string, since: string): Participation {
    const byRole: Record<string, number> = {};
    const roles = this.prepare(
      'SELECT role, count(*) AS n FROM api_users WHERE disabled = 0 AND (expires_at IS NULL OR expires_at > ?) GROUP BY role',
    ).all(at) as Array<{ role: string; n: number }>;
    for (const r of roles) byRole[r.role] = r.n;
    const triageDecisions = this.prepare(
      'SELECT count(*) FROM finding_history WHERE scan_id IS NULL AND from_state IS NOT NULL AND from_state <> to_state AND at >= ?',
    )
      .pluck()
      .get(since) as number;
    const reportExports = this.prepare("SELECT count(*) FROM api_audit_log WHERE action = 'report.exported' AND at >= ?").pluck().get(since) as number;
    return { accountsByRole: byRole, triageDecisions, reportExports, since };
  }

  // ── users ──
  addUser(
    u: { username: string; passwordHash: string; role: ApiRole; scope: Scope; expiresAt: string | null; totpSecret: string | null },
    at: string,
  ): void {
    if (this.user(u.username)) throw new AppError('ERR_AUTH_USER_EXISTS', `user "${u.username}" already exists`);
    this.prepare(
      `INSERT INTO api_users (username, password_hash, role, scope_manufacturer, scope_site, expires_at, totp_secret, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(u.username, u.passwordHash, u.role, u.scope.manufacturer, u.scope.site, u.expiresAt, u.totpSecret, at, at);
  }
  user(username: string): ApiUser | null {
    const r = this.prepare('SELECT * FROM api_users WHERE username = ?').get(username) as Row | undefined;
    return r ? toUser(r) : null;
  }
  users(): ApiUser[] {
    return (this.prepare('SELECT * FROM api_users ORDER BY username').all() as Row[]).map(toUser);
  }
  userCount(): number {
    return this.prepare('SELECT count(*) FROM api_users').pluck().get() as number;
  }
  setRole(username: string, role: ApiRole, scope: Scope, expiresAt: string | null, at: string): boolean {
    return (
      this.prepare(
        'UPDATE api_users SET role = ?, scope_manufacturer = ?, scope_site = ?, expires_at = ?, updated_at = ? WHERE username = ?',
      ).run(role, scope.manufacturer, scope.site, expiresAt, at, username).changes > 0
    );
  }
  setPassword(username: string, passwordHash: string, at: string): boolean {
    return (
      this.prepare('UPDATE api_users SET password_hash = ?, updated_at = ? WHERE username = ?').run(passwordHash, at, username).changes > 0
    );
  }
  setTotp(username: string, secret: string | null, at: string): boolean {
    return (
      this.prepare('UPDATE api_users SET totp_secret = ?, totp_last_step = NULL, updated_at = ? WHERE username = ?').run(
        secret,
        at,
        username,
      ).changes > 0
    );
  }
  setDisabled(username: string, disabled: boolean, at: string): boolean {
    return (
      this.prepare('UPDATE api_users SET disabled = ?, updated_at = ? WHERE username = ?').run(disabled ? 1 : 0, at, username).changes > 0
    );
  }
  /** Records a used TOTP step; false when that step (or a later one) was already used: a replayed code. */
  useTotpStep(username: string, step: number): boolean {
    return (
      this.prepare('UPDATE api_users SET totp_last_step = ? WHERE username = ? AND (totp_last_step IS NULL OR totp_last_step < ?)').run(
        step,
        username,
        step,
      ).changes > 0
    );
  }
  recordFailure(username: string | null, source: string, at: string, lockAfter: number, lockUntil: string): void {
    this.db
      .transaction(() => {
        this.prepare('INSERT INTO api_login_failures (source, at) VALUES (?, ?)').run(source, at);
        if (username) {
          this.prepare('UPDATE api_users SET failed_logins = failed_logins + 1 WHERE username = ?').run(username);
          this.prepare('UPDATE api_users SET locked_until = ?, failed_logins = 0 WHERE username = ? AND failed_logins >= ?').run(
            lockUntil,
            username,
            lockAfter,
          );
        }
      })
      .immediate();
  }
  clearFailures(username: string): void {
    this.prepare('UPDATE api_users SET failed_logins = 0, locked_until = NULL WHERE username = ?').run(username);
  }
  failuresSince(source: string, since: string): number {
    return this.prepare('SELECT count(*) FROM api_login_failures WHERE source = ? AND at > ?').pluck().get(source, since) as number;
  }
  pruneFailures(before: string): void {
    this.prepare('DELETE FROM api_login_failures WHERE at < ?').run(before);
  }

  // ── sessions ──
  createSession(idHash: string, username: string, csrfToken: string, at: string): void {
    this.prepare('INSERT INTO api_sessions (id_hash, username, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
      idHash,
      username,
      csrfToken,
      at,
      at,
    );
  }
  /** The session and its user in one statement: it runs on every request, and each statement costs a file lock. */
  sessionWithUser(idHash: string): { session: ApiSession; user: ApiUser } | null {
    const r = this.prepare(
      `SELECT u.*, s.csrf_token AS session_csrf_token, s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at
         FROM api_sessions s JOIN api_users u ON u.username = s.username WHERE s.id_hash = ?`,
    ).get(idHash) as Row | undefined;
    if (!r) return null;
    const user = toUser(r);
    return {
      user,
      session: { username: user.username, csrfToken: String(r.session_csrf_token), createdAt: String(r.session_created_at), lastSeenAt: String(r.session_last_seen_at) },
    };
  }
  touchSession(idHash: string, at: string): void {
    this.prepare('UPDATE api_sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }
  deleteSession(idHash: string): void {
    this.prepare('DELETE FROM api_sessions WHERE id_hash = ?').run(idHash);
  }
  deleteUserSessions(username: string): number {
    return this.prepare('DELETE FROM api_sessions WHERE username = ?').run(username).changes;
  }

  // ── tokens ──
  addToken(t: Omit<ApiToken, 'revokedAt'>): void {
    this.prepare(
      `INSERT INTO api_tokens (id, secret_hash, name, owner, role, scope_manufacturer, scope_site, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(t.id, t.secretHash, t.name, t.owner, t.role, t.scope.manufacturer, t.scope.site, t.createdAt, t.expiresAt);
  }
  token(id: string): ApiToken | null {
    const r = this.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Row | undefined;
    return r ? toToken(r) : null;
  }
  tokens(owner?: string): ApiToken[] {
    const rows = owner
      ? this.prepare('SELECT * FROM api_tokens WHERE owner = ? ORDER BY created_at').all(owner)
      : this.prepare('SELECT * FROM api_tokens ORDER BY created_at').all();
    return (rows as Row[]).map(toToken);
  }
  revokeToken(id: string, at: string): boolean {
    return this.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
  }
  touchToken(id: string, at: string): void {
    this.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  // ── audit log rows (the chain itself is computed in src/auth/audit.ts) ──
  /** Appends one row in an immediate transaction, so two writers never chain onto the same predecessor. */
  appendAudit(entry: Omit<AuditRow, 'seq' | 'mac'>, macOf: (prev: AuditRow | null, seq: number) => string): AuditRow {
    return this.db
      .transaction(() => {
        const prev = (this.prepare('SELECT * FROM api_audit_log ORDER BY seq DESC LIMIT 1').get() as AuditRow | undefined) ?? null;
        const seq = (prev?.seq ?? 0) + 1;
        const mac = macOf(prev, seq);
        this.prepare('INSERT INTO api_audit_log (seq, at, actor, action, target, detail, mac) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          seq,
          entry.at,
          entry.actor,
          entry.action,
          entry.target,
          entry.detail,
          mac,
        );
        return { ...entry, seq, mac };
      })
      .immediate();
  }
  *eachAudit(): Iterable<AuditRow> {
    // not cached: an open iterator keeps its statement busy
    yield* this.db.prepare('SELECT * FROM api_audit_log ORDER BY seq').iterate() as Iterable<AuditRow>;
  }
  auditPage(limit: number, beforeSeq: number | null): AuditRow[] {
    return this.prepare('SELECT * FROM api_audit_log WHERE (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?').all(
      beforeSeq,
      beforeSeq,
      limit,
    ) as AuditRow[];
  }
}
