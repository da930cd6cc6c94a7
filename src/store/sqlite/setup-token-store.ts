/**
 * The one-time setup token row (migration 0310): its hash, expiry and use, and the first admin waiting for its
 * TOTP enrolment to be confirmed. The token arrives here already hashed.
 */
import type { Db } from './db.js';

export interface SetupTokenRow {
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly consumedAt: string | null;
  readonly pending: { username: string; passwordHash: string; totpSecret: string } | null;
}

type Row = Record<string, unknown>;

export class SetupTokenStore {
  constructor(private readonly db: Db) {}

  /** Replaces any earlier token (and its pending enrolment). */
  put(tokenHash: string, createdAt: string, expiresAt: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO api_setup_token (id, token_hash, created_at, expires_at) VALUES (1, ?, ?, ?)')
      .run(tokenHash, createdAt, expiresAt);
  }

  get(): SetupTokenRow | null {
    const r = this.db.prepare('SELECT * FROM api_setup_token WHERE id = 1').get() as Row | undefined;
    if (!r) return null;
    return {
      tokenHash: String(r.token_hash),
      createdAt: String(r.created_at),
      expiresAt: String(r.expires_at),
      consumedAt: r.consumed_at === null ? null : String(r.consumed_at),
      pending:
        r.pending_username === null
          ? null
          : {
              username: String(r.pending_username),
              passwordHash: String(r.pending_password_hash),
              totpSecret: String(r.pending_totp_secret),
            },
    };
  }

  setPending(p: { username: string; passwordHash: string; totpSecret: string }): void {
    this.db
      .prepare(
        'UPDATE api_setup_token SET pending_username = ?, pending_password_hash = ?, pending_totp_secret = ? WHERE id = 1 AND consumed_at IS NULL',
      )
      .run(p.username, p.passwordHash, p.totpSecret);
  }

  /** Marks the token used and forgets the pending enrolment; false when it was already used (a concurrent confirm). */
  consume(at: string): boolean {
    return (
      this.db
        .prepare(
          'UPDATE api_setup_token SET consumed_at = ?, pending_username = NULL, pending_password_hash = NULL, pending_totp_secret = NULL WHERE id = 1 AND consumed_at IS NULL',
        )
        .run(at).changes > 0
    );
  }

  /** Drops the token (an account was made another way); true when there was one to drop. */
  clear(): boolean {
    return this.db.prepare('DELETE FROM api_setup_token').run().changes > 0;
  }

  /** Runs fn in one immediate transaction, so a check-then-write cannot interleave with another writer. */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
