/**
 * Opens the SQLite store: WAL mode so a crash (even SIGKILL) never corrupts what was committed, a busy timeout so a
 * second process waits briefly instead of failing, and errors that say what is wrong with the file in plain words.
 */
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError, errorMessage } from '../../core/errors.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export function openDb(path: string, opts: { readonly?: boolean; migrations?: readonly Migration[] } = {}): Db {
  const file = resolve(path);
  if (path !== ':memory:') {
    if (!existsSync(file)) {
      if (opts.readonly) throw new AppError('ERR_STORE_MISSING', `database ${file} does not exist`);
      try {
        accessSync(dirname(file), constants.W_OK);
      } catch {
        throw new AppError('ERR_STORE_READONLY', `cannot create database ${file}: its directory is not writable`);
      }
    } else if (!opts.readonly) {
      try {
        accessSync(file, constants.W_OK);
      } catch {
        throw new AppError('ERR_STORE_READONLY', `database ${file} is read-only; nothing was changed`);
      }
    }
  }
  let db: Db;
  try {
    db = new Database(path === ':memory:' ? ':memory:' : file, { readonly: opts.readonly ?? false, timeout: 5000 });
  } catch (e) {
    throw new AppError('ERR_STORE_OPEN', `cannot open database ${file}: ${errorMessage(e)}`, { cause: e });
  }
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db, opts.migrations ?? allMigrations);
  } catch (e) {
    db.close();
    throw storeError(e, file);
  }
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const applied: string[] = [];
  for (const m of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.after?.(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
    }).immediate();
    applied.push(m.id);
  }
  return applied;
}

/** Turns SQLite's error codes into messages a user can act on. */
export function storeError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new AppError('ERR_STORE_LOCKED', `database ${file} is locked by another process; nothing was changed, try again`, { cause: e });
  if (code.startsWith('SQLITE_READONLY'))
    return new AppError('ERR_STORE_READONLY', `database ${file} is read-only; nothing was changed`, { cause: e });
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new AppError('ERR_STORE_CORRUPT', `${file} is not a Radguard database or is damaged: ${errorMessage(e)}`, { cause: e });
  if (code === 'SQLITE_FULL') return new AppError('ERR_STORE_FULL', `disk full while writing ${file}`, { cause: e });
  return new AppError('ERR_STORE', `database ${file}: ${errorMessage(e)}`, { cause: e });
}
