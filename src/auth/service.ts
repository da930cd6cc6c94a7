/**
 * Logging in and recognising callers. Passwords are checked against argon2id hashes (a dummy hash for unknown
 * users, so timing does not reveal who exists); admins must give a TOTP code; repeated failures lock the account
 * for a while and throttle the source address. Sessions are server-side: the cookie holds a random id, the store
 * holds its hash, each login makes a fresh id (no fixation), and a session ends after an idle or absolute limit.
 */
import type { Clock } from '../core/clock.js';
import type { ApiStore, ApiUser } from '../store/sqlite/api-store.js';
import type { AuditLog } from './audit.js';
import { dummyHash, verifyPassword } from './password.js';
import type { Principal } from './roles.js';
import { randomToken, sameSecret, sha256 } from './secrets.js';
import { checkTotp } from './totp.js';

export interface AuthPolicy {
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  /** Consecutive failures on one account before it is locked. */
  readonly lockAfter: number;
  readonly lockMs: number;
  /** Failures from one source address within the window before further attempts are refused outright. */
  readonly sourceLimit: number;
  readonly sourceWindowMs: number;
}

export const DEFAULT_POLICY: AuthPolicy = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 3600_000,
  lockAfter: 5,
  lockMs: 15 * 60_000,
  sourceLimit: 20,
  sourceWindowMs: 15 * 60_000,
};

const TOUCH_EVERY_MS = 30_000;

export type LoginResult =
  | { ok: true; sessionId: string; csrfToken: string; principal: Principal }
  | { ok: false; reason: 'invalid' | 'totp-required' | 'locked' | 'throttled' };

export interface SessionContext {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly sessionHash: string;
}

const expired = (u: ApiUser, now: Date) => u.expiresAt !== null && Date.parse(u.expiresAt) <= now.getTime();

export class AuthService {
  constructor(
    private readonly store: ApiStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    readonly policy: AuthPolicy = DEFAULT_POLICY,
  ) {}

  async login(username: string, password: string, totp: string | undefined, source: string, oldSessionId?: string): Promise<LoginResult> {
    const now = this.clock.now();
    const at = now.toISOString();
    this.store.pruneFailures(new Date(now.getTime() - this.policy.sourceWindowMs).toISOString());
    if (this.store.failuresSince(source, new Date(now.getTime() - this.policy.sourceWindowMs).toISOString()) >= this.policy.sourceLimit) {
      this.audit.append({ at, actor: username, action: 'login.throttled', detail: { source } });
      return { ok: false, reason: 'throttled' };
    }
    const user = this.store.user(username);
    if (user?.lockedUntil && Date.parse(user.lockedUntil) > now.getTime()) {
      this.audit.append({ at, actor: username, action: 'login.locked', detail: { source } });
      return { ok: false, reason: 'locked' };
    }
    const good = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    const fail = (why: string): LoginResult => {
      this.store.recordFailure(user ? user.username : null, source, at, this.policy.lockAfter, new Date(now.getTime() + this.policy.lockMs).toISOString());
      this.audit.append({ at, actor: username, action: 'login.failed', detail: { source, why } });
      return { ok: false, reason: 'invalid' };
    };
    if (!user || !good) return fail(user ? 'password' : 'unknown-user');
    if (user.disabled || expired(user, now)) return fail(user.disabled ? 'disabled' : 'expired');
    if (user.totpSecret) {
      if (!totp) return { ok: false, reason: 'totp-required' };
      const step = checkTotp(user.totpSecret, totp, now.getTime());
      if (step === null || !this.store.useTotpStep(user.username, step)) return fail(step === null ? 'totp' : 'totp-replay');
    }
    this.store.clearFailures(user.username);
    return { ok: true, ...this.startSession(user, source, 'password', oldSessionId) };
  }

  /**
   * A fresh session for a user whose identity was just proven (password and TOTP, or the OIDC provider): the
   * browser's previous session, if any, ends first, so a planted session id never becomes a logged-in one.
   */
  startSession(user: ApiUser, source: string, method: 'password' | 'oidc', oldSessionId?: string): { sessionId: string; csrfToken: string; principal: Principal } {
    const at = this.clock.now().toISOString();
    if (oldSessionId) this.store.deleteSession(sha256(oldSessionId));
    const sessionId = randomToken();
    const csrfToken = randomToken();
    this.store.createSession(sha256(sessionId), user.username, csrfToken, at);
    this.audit.append({ at, actor: user.username, action: 'login.succeeded', detail: method === 'password' ? { source } : { source, method } });
    return { sessionId, csrfToken, principal: { username: user.username, role: user.role, scope: user.scope, via: 'session' } };
  }

  /** The session behind a cookie value, or null when unknown, idle too long, too old, or its user can no longer log in. */
  session(sessionId: string): SessionContext | null {
    const now = this.clock.now();
    const hash = sha256(sessionId);
    const found = this.store.sessionWithUser(hash);
    if (!found) return null;
    const { session: s, user } = found;
    if (
      user.disabled ||
      expired(user, now) ||
      now.getTime() - Date.parse(s.lastSeenAt) > this.policy.idleTimeoutMs ||
      now.getTime() - Date.parse(s.createdAt) > this.policy.absoluteTimeoutMs
    ) {
      this.store.deleteSession(hash);
      return null;
    }
    // one write per half minute at most: the idle limit does not need finer steps, and list pages stay read-only
    if (now.getTime() - Date.parse(s.lastSeenAt) >= TOUCH_EVERY_MS) this.store.touchSession(hash, now.toISOString());
    return { principal: { username: user.username, role: user.role, scope: user.scope, via: 'session' }, csrfToken: s.csrfToken, sessionHash: hash };
  }

  logout(ctx: SessionContext): void {
    this.store.deleteSession(ctx.sessionHash);
    this.audit.append({ at: this.clock.now().toISOString(), actor: ctx.principal.username, action: 'logout' });
  }

  /** A bearer token `rgt_<id>_<secret>`: valid when known, unrevoked, unexpired, and its owner can still log in. */
  token(bearer: string): Principal | null {
    const m = /^rgt_([A-Za-z0-9_-]{16})_([A-Za-z0-9_-]{43})$/.exec(bearer);
    if (!m) return null;
    const now = this.clock.now();
    const t = this.store.token(m[1]!);
    if (!t || t.revokedAt || Date.parse(t.expiresAt) <= now.getTime() || !sameSecret(t.secretHash, sha256(m[2]!))) return null;
    const owner = this.store.user(t.owner);
    if (!owner || owner.disabled || expired(owner, now)) return null;
    this.store.touchToken(t.id, now.toISOString());
    return { username: `${t.owner}/token:${t.id}`, role: t.role, scope: t.scope, via: 'token' };
  }
}
