/**
 * First start without users: a one-time setup token instead of a default password. `radguard serve` issues it
 * (printed once; only its SHA-256 is stored; valid 24 h). The first admin is made in two steps, so an account never
 * exists whose second factor was not proven: `begin` checks the token and the password policy and returns a TOTP
 * enrolment (otpauth:// URI); `confirm` checks a code from that enrolment, creates the admin and uses the token up.
 * Any account in the store (e.g. one made with `radguard users add`) ends setup for good.
 */
import type { Clock } from '../core/clock.js';
import type { ApiStore } from '../store/sqlite/api-store.js';
import type { Db } from '../store/sqlite/db.js';
import { SetupTokenStore } from '../store/sqlite/setup-token-store.js';
import { USERNAME } from './accounts.js';
import type { AuditLog } from './audit.js';
import { hashPassword, passwordProblem } from './password.js';
import { randomToken, sameSecret, sha256 } from './secrets.js';
import { checkTotp, newTotpSecret, totpUri } from './totp.js';

export const SETUP_TOKEN_TTL_MS = 24 * 3600_000;

export type SetupRefusal =
  'setup-done' | 'bad-token' | 'expired-token' | 'used-token' | 'weak-password' | 'bad-username' | 'no-enrolment' | 'bad-code';
export type SetupResult<T> = ({ ok: true } & T) | { ok: false; reason: SetupRefusal; message: string };

const refuse = (reason: SetupRefusal, message: string) => ({ ok: false as const, reason, message });

export class SetupService {
  private readonly tokens: SetupTokenStore;
  constructor(
    private readonly api: ApiStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    db: Db,
  ) {
    this.tokens = new SetupTokenStore(db);
  }

  /** True while the store has no account: the console then offers setup instead of login. */
  required(): boolean {
    return this.api.userCount() === 0;
  }

  /** A fresh token (replacing any earlier one) when there are no users yet; null otherwise. */
  issue(): { token: string; expiresAt: string } | null {
    if (!this.required()) return null;
    const now = this.clock.now();
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS).toISOString();
    this.tokens.put(sha256(token), now.toISOString(), expiresAt);
    this.audit.append({ at: now.toISOString(), actor: 'system', action: 'setup.token-issued', detail: { expiresAt } });
    return { token, expiresAt };
  }

  /** Ends setup because an account was made another way; audited when a token was outstanding. */
  invalidate(actor: string): void {
    if (this.tokens.clear()) this.audit.append({ at: this.clock.now().toISOString(), actor, action: 'setup.token-invalidated' });
  }

  /** Step 1: token, username and password; answers the TOTP enrolment to confirm. */
  async begin(token: string, username: string, password: string, source: string): Promise<SetupResult<{ totpUri: string }>> {
    const bad = this.check(token, username, source);
    if (bad) return bad;
    const weak = passwordProblem(password, username);
    if (weak) return this.refused(username, source, refuse('weak-password', weak));
    if (!USERNAME.test(username)) return this.refused(username, source, refuse('bad-username', 'username: 1–64 letters, digits, . _ @ -'));
    const passwordHash = await hashPassword(password);
    // re-check after the slow hash: a token used or an account made meanwhile wins
    const again = this.check(token, username, source);
    if (again) return again;
    const totpSecret = newTotpSecret();
    this.tokens.setPending({ username, passwordHash, totpSecret });
    this.audit.append({ at: this.clock.now().toISOString(), actor: username, action: 'setup.enrolment-started', detail: { source } });
    return { ok: true, totpUri: totpUri(totpSecret, username) };
  }

  /** Step 2: the token again and a code from the authenticator; creates the admin and uses the token up. */
  confirm(token: string, code: string, source: string): SetupResult<{ username: string }> {
    return this.tokens.atomically(() => {
      const bad = this.check(token, null, source);
      if (bad) return bad;
      const row = this.tokens.get()!;
      if (!row.pending)
        return this.refused(null, source, refuse('no-enrolment', 'start with POST /api/setup (token, username, password) first'));
      const now = this.clock.now();
      const step = checkTotp(row.pending.totpSecret, code, now.getTime());
      if (step === null)
        return this.refused(
          row.pending.username,
          source,
          refuse('bad-code', 'the code does not match the enrolment; check the authenticator app and its clock'),
        );
      const at = now.toISOString();
      this.tokens.consume(at);
      this.api.addUser(
        {
          username: row.pending.username,
          passwordHash: row.pending.passwordHash,
          role: 'admin',
          scope: { manufacturer: null, site: null },
          expiresAt: null,
          totpSecret: row.pending.totpSecret,
        },
        at,
      );
      // the confirming code may not be replayed as a login code
      this.api.useTotpStep(row.pending.username, step);
      this.audit.append({
        at,
        actor: row.pending.username,
        action: 'setup.admin-created',
        target: row.pending.username,
        detail: { source },
      });
      return { ok: true, username: row.pending.username };
    });
  }

  private check(token: string, username: string | null, source: string): { ok: false; reason: SetupRefusal; message: string } | null {
    if (!this.required()) return this.refused(username, source, refuse('setup-done', 'setup is closed: accounts already exist'));
    const row = this.tokens.get();
    if (!row || !sameSecret(row.tokenHash, sha256(token))) return this.refused(username, source, refuse('bad-token', 'wrong setup token'));
    if (row.consumedAt) return this.refused(username, source, refuse('used-token', 'this setup token was already used'));
    if (Date.parse(row.expiresAt) <= this.clock.now().getTime())
      return this.refused(username, source, refuse('expired-token', 'this setup token has expired: restart radguard serve for a new one'));
    return null;
  }

  private refused(username: string | null, source: string, r: { ok: false; reason: SetupRefusal; message: string }) {
    this.audit.append({
      at: this.clock.now().toISOString(),
      actor: username ?? 'anonymous',
      action: 'setup.refused',
      detail: { source, reason: r.reason },
    });
    return r;
  }
}
