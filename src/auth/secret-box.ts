/**
 * Sealing secrets at rest: AES-256-GCM with a fresh 96-bit nonce per value and the secret's name as associated
 * data (a sealed value moved to another name fails to open). The keys live in a file outside the database, like
 * the audit key: one 64-hex-digit key per line, the last line sealing new values, earlier lines only opening old
 * ones during a rotation. A key's id is derived from the key, so the file needs no other format.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';

export interface SecretsKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface SecretsKeyring {
  readonly file: string;
  /** Oldest first; the last one seals. */
  readonly keys: readonly SecretsKey[];
}

export interface Sealed {
  readonly keyId: string;
  readonly nonce: Buffer;
  /** Ciphertext with the 16-byte GCM tag appended. */
  readonly ciphertext: Buffer;
}

const TAG = 16;
export const keyIdOf = (key: Buffer): string =>
  createHash('sha256').update('radguard secrets key id\0').update(key).digest('hex').slice(0, 16);
const aad = (name: string) => Buffer.from(`radguard-secret:v1:${name}`, 'utf8');

/**
 * Where the secrets key lives: --secrets-key, else $RADGUARD_SECRETS_KEY, else next to the database as
 * `<db>.secrets-key`. Production should keep it on another volume than the database and its backups.
 */
export const secretsKeyPath = (db: string, env: NodeJS.ProcessEnv, explicit?: string): string =>
  explicit ?? env.RADGUARD_SECRETS_KEY ?? `${db}.secrets-key`;

export function newKey(): SecretsKey {
  const key = randomBytes(32);
  return { id: keyIdOf(key), key };
}

/** Reads the key file, creating it (one random key, mode 0600) when asked and it does not exist yet. */
export function loadSecretsKeyring(file: string, create: boolean): SecretsKeyring {
  if (!existsSync(file)) {
    if (!create) throw new AppError('ERR_SECRETS_KEY_MISSING', `secrets key file ${file} does not exist`);
    writeFileSync(file, `${newKey().key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0 || !lines.every((l) => /^[0-9a-f]{64}$/.test(l)))
    throw new AppError('ERR_SECRETS_KEY_INVALID', `secrets key file ${file} must hold one or more lines of 64 hex digits`);
  return { file, keys: lines.map((l) => ({ id: keyIdOf(Buffer.from(l, 'hex')), key: Buffer.from(l, 'hex') })) };
}

/** Writes the key file atomically (temp file, then rename), so a crash leaves the old or the new file, never half. */
export function writeSecretsKeyring(file: string, keys: readonly SecretsKey[]): SecretsKeyring {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, keys.map((k) => `${k.key.toString('hex')}\n`).join(''), { mode: 0o600 });
  renameSync(tmp, file);
  return { file, keys };
}

export const sealingKey = (ring: SecretsKeyring): SecretsKey => ring.keys[ring.keys.length - 1]!;

export function seal(key: SecretsKey, name: string, plaintext: string): Sealed {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key.key, nonce);
  c.setAAD(aad(name));
  const ciphertext = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return { keyId: key.id, nonce, ciphertext };
}

/** Opens a sealed value; a missing key or a failed authentication (tampered row, wrong name) is a clear error. */
export function open(ring: SecretsKeyring, name: string, s: Sealed): string {
  const key = ring.keys.find((k) => k.id === s.keyId);
  if (!key)
    throw new AppError(
      'ERR_SECRETS_WRONG_KEY',
      `secret "${name}" was sealed with key ${s.keyId}, which is not in ${ring.file} (it holds ${ring.keys.map((k) => k.id).join(', ')}): wrong or replaced secrets key file`,
    );
  if (s.nonce.length !== 12 || s.ciphertext.length < TAG)
    throw new AppError('ERR_SECRETS_TAMPERED', `secret "${name}" is malformed in the database`);
  const d = createDecipheriv('aes-256-gcm', key.key, s.nonce);
  d.setAAD(aad(name));
  d.setAuthTag(s.ciphertext.subarray(s.ciphertext.length - TAG));
  try {
    return Buffer.concat([d.update(s.ciphertext.subarray(0, s.ciphertext.length - TAG)), d.final()]).toString('utf8');
  } catch {
    throw new AppError('ERR_SECRETS_TAMPERED', `secret "${name}" fails authentication: its row was altered or moved from another name`);
  }
}
