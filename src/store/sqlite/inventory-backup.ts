/**
 * Backup and restore of the whole store (inventory, scans, findings, feeds). Backup uses SQLite's online backup
 * API, so it is consistent while scans write, then checks the copy (integrity_check) before reporting success.
 * Restore refuses anything that is not a sound Radguard database of this version or older, copies it beside the
 * target and renames it into place, so an interrupted restore never leaves a half-written store.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, errorMessage } from '../../core/errors.js';
import { migrations } from './migrations/index.js';
import type { Db } from './db.js';

export interface BackupInfo {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly migrations: readonly string[];
  readonly assets: number;
  readonly findings: number;
}

/** Checks a database file and describes it; throws ERR_BACKUP_INVALID with the reason when it is not usable. */
export function inspectStoreFile(file: string): BackupInfo {
  if (!existsSync(file)) throw new AppError('ERR_BACKUP_INVALID', `${file} does not exist`);
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const ok = db.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new AppError('ERR_BACKUP_INVALID', `${file} is damaged: ${String(ok)}`);
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!hasMigrations) throw new AppError('ERR_BACKUP_INVALID', `${file} is not a Radguard database (no schema_migrations table)`);
    const applied = db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all() as string[];
    const known = new Set(migrations.map((m) => m.id));
    const newer = applied.filter((id) => !known.has(id));
    if (newer.length)
      throw new AppError(
        'ERR_BACKUP_INVALID',
        `${file} was written by a newer Radguard (unknown migrations: ${newer.join(', ')}); upgrade before restoring it`,
      );
    const count = (table: string) =>
      db!.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)
        ? (db!.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number)
        : 0;
    const info = { assets: count('assets'), findings: count('findings') };
    db.close();
    db = null;
    const bytes = readFileSync(file);
    return { file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), migrations: applied, ...info };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('ERR_BACKUP_INVALID', `${file} is not a readable SQLite database: ${errorMessage(e)}`, { cause: e });
  } finally {
    db?.close();
  }
}

/** Online backup of an open store to `dest` (must not exist), verified afterwards. */
export async function backupStore(db: Db, dest: string): Promise<BackupInfo> {
  const target = resolve(dest);
  if (existsSync(target)) throw new AppError('ERR_BACKUP_EXISTS', `${target} already exists; choose a new file name`);
  try {
    await db.backup(target);
  } catch (e) {
    rmSync(target, { force: true });
    throw new AppError('ERR_BACKUP_WRITE', `backup to ${target} failed: ${errorMessage(e)}`, { cause: e });
  }
  return inspectStoreFile(target);
}

/**
 * Replaces the store at `target` with the backup `source`. The target must not be open (the caller closes its
 * own connection); its WAL and shared-memory files are removed so SQLite cannot replay stale pages onto the
 * restored file.
 */
export function restoreStore(source: string, target: string): BackupInfo {
  const info = inspectStoreFile(source);
  const dest = resolve(target);
  const staging = `${dest}.restoring`;
  copyFileSync(source, staging);
  try {
    const check = inspectStoreFile(staging);
    if (check.sha256 !== info.sha256) throw new AppError('ERR_BACKUP_INVALID', `copy of ${source} does not match it (sha256 differs)`);
    rmSync(`${dest}-wal`, { force: true });
    rmSync(`${dest}-shm`, { force: true });
    renameSync(staging, dest);
  } catch (e) {
    rmSync(staging, { force: true });
    throw e;
  }
  return { ...info, file: dest };
}
