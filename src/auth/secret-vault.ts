/**
 * The secrets the server keeps, by name: set, read, list (names and dates only), delete, and rotation of the
 * sealing key. Every change is audited by name, never by value.
 */
import { AppError } from '../core/errors.js';
import { SecretStore, type SecretInfo } from '../store/sqlite/secret-store.js';
import type { Db } from '../store/sqlite/db.js';
import type { AuditLog } from './audit.js';
import { loadSecretsKeyring, newKey, open, seal, sealingKey, writeSecretsKeyring, type SecretsKeyring } from './secret-box.js';

export const SECRET_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const MAX_SECRET_BYTES = 16 * 1024;

export type { SecretInfo };

export class SecretVault {
  private readonly store: SecretStore;
  private readonly keyFile: string;
  /** `ring`: the key file as loaded (and so checked) at start; its path is what the vault keeps. */
  constructor(
    db: Db,
    ring: SecretsKeyring,
    private readonly audit: AuditLog,
  ) {
    this.store = new SecretStore(db);
    this.keyFile = ring.file;
  }

  /**
   * The key file as it is now: re-read at every use (a few hundred bytes), so a `radguard secrets rotate-key` run
   * while the server is up never leaves the server sealing with a key that is no longer in the file.
   */
  private ring(): SecretsKeyring {
    return loadSecretsKeyring(this.keyFile, false);
  }

  get keyId(): string {
    return sealingKey(this.ring()).id;
  }

  /** Stores a value under a name; returns whether the name is new. */
  set(name: string, value: string, actor: string, at: string): { created: boolean } {
    checkName(name);
    if (value.length === 0) throw new AppError('ERR_SECRETS_VALUE', `secret "${name}": the value is empty`);
    if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES)
      throw new AppError('ERR_SECRETS_VALUE', `secret "${name}": the value is over ${MAX_SECRET_BYTES} bytes`);
    const created = this.store.put({ name, ...seal(sealingKey(this.ring()), name, value), at, by: actor });
    this.audit.append({ at, actor, action: created ? 'secret.created' : 'secret.replaced', target: name, detail: { keyId: this.keyId } });
    return { created };
  }

  /** The plaintext, or null when no secret has that name. */
  reveal(name: string): string | null {
    const s = this.store.get(name);
    return s ? open(this.ring(), name, s) : null;
  }

  list(): SecretInfo[] {
    return this.store.list();
  }

  delete(name: string, actor: string, at: string): boolean {
    const gone = this.store.delete(name);
    if (gone) this.audit.append({ at, actor, action: 'secret.deleted', target: name });
    return gone;
  }

  /**
   * Makes a new key and re-seals every secret under it. Crash-safe in three steps: the key file first gains the new
   * key (old ones kept), then all rows are re-sealed in one transaction, then the old keys are dropped from the file.
   */
  rotateKey(actor: string, at: string): { from: string; to: string; resealed: number } {
    const from = this.keyId;
    const fresh = newKey();
    const ring = this.ring();
    const both = writeSecretsKeyring(this.keyFile, [...ring.keys, fresh]);
    const resealed = this.store.resealAll((s) => seal(fresh, s.name, open(both, s.name, s)));
    writeSecretsKeyring(this.keyFile, [fresh]);
    this.audit.append({ at, actor, action: 'secrets.key-rotated', detail: { from, to: fresh.id, resealed } });
    return { from, to: fresh.id, resealed };
  }
}

export function checkName(name: string): void {
  if (!SECRET_NAME.test(name))
    throw new AppError(
      'ERR_SECRETS_NAME',
      `secret name "${name}": use 1–100 lower-case letters, digits, . _ - (starting with a letter or digit)`,
    );
}
