/**
 * The audit chain catches an edited row, a deleted row in the middle and a cut-off tail (which leaves a valid
 * shorter chain, so only the exported head reveals it); SQL refuses UPDATE/DELETE unless the triggers are dropped,
 * which is what an attacker with the database file would do first.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiStore } from '../store/sqlite/api-store.js';
import { openDb, type Db } from '../store/sqlite/db.js';
import { AuditLog, loadAuditKey, verifyAudit, type AuditKey } from './audit.js';

let dir: string;
let db: Db;
let store: ApiStore;
let key: AuditKey;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radguard-audit-'));
  db = openDb(join(dir, 'rg.db'));
  store = new ApiStore(db);
  key = loadAuditKey(join(dir, 'audit.key'), true);
  const log = new AuditLog(store, key);
  for (let i = 1; i <= 10; i++) log.append({ at: `2026-11-30T08:00:${String(i).padStart(2, '0')}.000Z`, actor: i % 2 ? 'alice' : 'sam', action: 'login.succeeded', detail: { source: '127.0.0.1' } });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const untrigger = () => db.exec('DROP TRIGGER api_audit_log_no_update; DROP TRIGGER api_audit_log_no_delete;');

describe('audit log chain', () => {
  it('verifies an untouched log', () => {
    expect(verifyAudit(store, key)).toEqual({ ok: true, rows: 10, problems: [] });
  });

  it('refuses UPDATE and DELETE in SQL', () => {
    expect(() => db.exec("UPDATE api_audit_log SET actor = 'mallory' WHERE seq = 3")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM api_audit_log WHERE seq = 10')).toThrow(/append-only/);
  });

  it('detects an edited row', () => {
    untrigger();
    db.exec("UPDATE api_audit_log SET actor = 'mallory' WHERE seq = 4");
    const v = verifyAudit(store, key);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual(['row 4 does not match its MAC (edited, or a row before it was deleted)']);
  });

  it('detects a deleted row, even with later rows renumbered', () => {
    untrigger();
    db.exec('DELETE FROM api_audit_log WHERE seq = 5');
    expect(verifyAudit(store, key).problems[0]).toMatch(/rows 5\.\.5 are missing/);
    db.exec('UPDATE api_audit_log SET seq = seq - 1 WHERE seq > 5');
    const v = verifyAudit(store, key);
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.startsWith('row 5 does not match'))).toBe(true);
  });

  it('detects a truncated tail through the exported head, and a missing head file', () => {
    untrigger();
    db.exec('DELETE FROM api_audit_log WHERE seq > 7');
    expect(verifyAudit(store, key).problems).toEqual(['the log ends at row 7 but the exported head is row 10 (truncated)']);
    unlinkSync(key.headFile);
    expect(verifyAudit(store, key).problems[0]).toMatch(/head file .* is missing/);
  });

  it('refuses a chain made with another key', () => {
    const other = loadAuditKey(join(dir, 'other.key'), true);
    const v = verifyAudit(store, { key: other.key, headFile: key.headFile });
    expect(v.ok).toBe(false);
    expect(v.problems).toHaveLength(10); // every row; the head still matches the rows as stored
  });
});
