/**
 * Rows of the secrets table (migration 0311): sealed values only. Encryption and decryption happen in
 * src/auth/secret-box.ts; nothing here ever sees a plaintext.
 */
import type { Db } from './db.js';

export interface SealedSecret {
  readonly name: string;
  readonly keyId: string;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type SecretInfo = Omit<SealedSecret, 'nonce' | 'ciphertext'>;

type Row = Record<string, unknown>;
const toSealed = (r: Row): SealedSecret => ({
  name: String(r.name),
  keyId: String(r.key_id),
  nonce: r.nonce as Buffer,
  ciphertext: r.ciphertext as Buffer,
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
  updatedBy: String(r.updated_by),
});

export class SecretStore {
  constructor(private readonly db: Db) {}

  /** Inserts or replaces; true when the name is new. */
  put(s: { name: string; keyId: string; nonce: Buffer; ciphertext: Buffer; at: string; by: string }): boolean {
    return this.db
      .transaction(() => {
        const exists = this.db.prepare('SELECT 1 FROM api_secrets WHERE name = ?').get(s.name) !== undefined;
        if (exists)
          this.db
            .prepare('UPDATE api_secrets SET key_id = ?, nonce = ?, ciphertext = ?, updated_at = ?, updated_by = ? WHERE name = ?')
            .run(s.keyId, s.nonce, s.ciphertext, s.at, s.by, s.name);
        else
          this.db
            .prepare(
              'INSERT INTO api_secrets (name, key_id, nonce, ciphertext, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
            )
            .run(s.name, s.keyId, s.nonce, s.ciphertext, s.at, s.at, s.by);
        return !exists;
      })
      .immediate();
  }

  get(name: string): SealedSecret | null {
    const r = this.db.prepare('SELECT * FROM api_secrets WHERE name = ?').get(name) as Row | undefined;
    return r ? toSealed(r) : null;
  }

  list(): SecretInfo[] {
    return (this.db.prepare('SELECT name, key_id, created_at, updated_at, updated_by FROM api_secrets ORDER BY name').all() as Row[]).map(
      (r) => ({
        name: String(r.name),
        keyId: String(r.key_id),
        createdAt: String(r.created_at),
        updatedAt: String(r.updated_at),
        updatedBy: String(r.updated_by),
      }),
    );
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM api_secrets WHERE name = ?').run(name).changes > 0;
  }

  /** Re-seals every row in one transaction: all rows move to the new key, or none does. */
  resealAll(reseal: (s: SealedSecret) => { keyId: string; nonce: Buffer; ciphertext: Buffer }): number {
    return this.db
      .transaction(() => {
        const rows = (this.db.prepare('SELECT * FROM api_secrets').all() as Row[]).map(toSealed);
        const upd = this.db.prepare('UPDATE api_secrets SET key_id = ?, nonce = ?, ciphertext = ? WHERE name = ?');
        for (const r of rows) {
          const n = reseal(r);
          upd.run(n.keyId, n.nonce, n.ciphertext, r.name);
        }
        return rows.length;
      })
      .immediate();
  }
}
