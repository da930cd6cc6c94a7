/**
 * The append-only audit log: each row carries HMAC-SHA256(key, previous MAC ‖ its own fields), so editing or
 * deleting a row breaks the chain. The key lives in a file outside the database (created 0600 on first use);
 * after every append the chain head (last seq and MAC) is written next to it, so cutting rows off the end —
 * which leaves a valid shorter chain — is caught by comparing with the exported head.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import type { ApiStore, AuditRow } from '../store/sqlite/api-store.js';
import { sameSecret } from './secrets.js';

export interface AuditKey {
  readonly key: Buffer;
  /** Where the chain head is exported. */
  readonly headFile: string;
}

/** Reads the key file, creating it (32 random bytes, hex, mode 0600) when it does not exist yet. */
export function loadAuditKey(keyFile: string, create: boolean): AuditKey {
  if (!existsSync(keyFile)) {
    if (!create) throw new AppError('ERR_AUDIT_KEY_MISSING', `audit key file ${keyFile} does not exist`);
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const hex = readFileSync(keyFile, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new AppError('ERR_AUDIT_KEY_INVALID', `audit key file ${keyFile} must hold 64 hex digits`);
  return { key: Buffer.from(hex, 'hex'), headFile: `${keyFile}.head` };
}

const GENESIS = '0'.repeat(64);

function macOf(key: Buffer, prevMac: string, row: Omit<AuditRow, 'mac'>): string {
  const h = createHmac('sha256', key);
  for (const part of [prevMac, String(row.seq), row.at, row.actor, row.action, row.target ?? '', row.detail]) h.update(`${part.length}:${part}`);
  return h.digest('hex');
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target?: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export class AuditLog {
  constructor(
    private readonly store: ApiStore,
    private readonly key: AuditKey,
  ) {}

  append(e: AuditEntry): AuditRow {
    const entry = { at: e.at, actor: e.actor, action: e.action, target: e.target ?? null, detail: JSON.stringify(e.detail ?? {}) };
    const row = this.store.appendAudit(entry, (prev, seq) => macOf(this.key.key, prev?.mac ?? GENESIS, { ...entry, seq }));
    const tmp = `${this.key.headFile}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ seq: row.seq, mac: row.mac })}\n`, { mode: 0o600 });
    renameSync(tmp, this.key.headFile);
    return row;
  }
}

export interface AuditVerdict {
  readonly ok: boolean;
  readonly rows: number;
  readonly problems: readonly string[];
}

/** Walks the whole chain; reports every broken link, gaps in the sequence, and a tail shorter than the head. */
export function verifyAudit(store: ApiStore, key: AuditKey): AuditVerdict {
  const problems: string[] = [];
  let prevMac = GENESIS;
  let expected = 1;
  let rows = 0;
  const macs = new Map<number, string>();
  const head = existsSync(key.headFile) ? (JSON.parse(readFileSync(key.headFile, 'utf8')) as { seq: number; mac: string }) : null;
  for (const r of store.eachAudit()) {
    rows++;
    if (r.seq !== expected) problems.push(`rows ${expected}..${r.seq - 1} are missing (deleted)`);
    const want = macOf(key.key, prevMac, r);
    if (!sameSecret(want, r.mac)) problems.push(`row ${r.seq} does not match its MAC (edited, or a row before it was deleted)`);
    if (head && r.seq === head.seq) macs.set(r.seq, r.mac);
    prevMac = r.mac;
    expected = r.seq + 1;
  }
  if (head) {
    if (expected - 1 < head.seq) problems.push(`the log ends at row ${expected - 1} but the exported head is row ${head.seq} (truncated)`);
    else if (macs.get(head.seq) !== head.mac) problems.push(`row ${head.seq} differs from the exported chain head`);
  } else if (rows > 0) problems.push(`chain head file ${key.headFile} is missing`);
  return { ok: problems.length === 0, rows, problems };
}

/**
 * Where the audit key lives: --audit-key, else $RADGUARD_AUDIT_KEY, else next to the database as `<db>.audit-key`.
 * A separate file, so a copied or restored database alone cannot be re-chained; production should put it on
 * another volume (docs/api.md).
 */
export const auditKeyPath = (db: string, env: NodeJS.ProcessEnv, explicit?: string): string => explicit ?? env.RADGUARD_AUDIT_KEY ?? `${db}.audit-key`;
