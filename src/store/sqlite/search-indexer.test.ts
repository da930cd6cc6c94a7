import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { SqliteScanStore } from './scan-store.js';
import { startSearchIndexer, unindexedFindings } from './search-indexer.js';

const AT = '2026-11-01T08:00:00.000Z';
let dir: string;
let store: SqliteScanStore;

const addFindings = (from: number, n: number) => {
  const add = store.db.prepare(
    `INSERT INTO findings (key, rule_id, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
     VALUES (?, 'r', 'a1', '10.0.0.1', 'low', ?, 'e', 'r', 'open', ?, ?, 's', 's')`,
  );
  store.db.transaction(() => {
    for (let i = from; i < from + n; i++) add.run(`k${i}`, `Weakness number ${i}`, AT, AT);
  })();
};
const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return ok();
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radguard-search-indexer-'));
  store = SqliteScanStore.open(join(dir, 'rg.db'));
  store.db
    .prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('s', ?, 'complete', 'scan', '[]', '{}', '{}')",
    )
    .run(AT);
  store.db.prepare("INSERT INTO assets (id, name, site, created_at) VALUES ('a1', 'CT', 'north', ?)").run(AT);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('background search indexer', () => {
  it('catches up behind bulk inserts in batches, and waits (without blocking) while another writer holds the lock', async () => {
    addFindings(0, 4500);
    expect(unindexedFindings(store.db)).toBe(4500);
    const errors: unknown[] = [];
    // another connection holds the write lock: the indexer must neither fail nor stall the thread for the busy timeout
    const other = openDb(join(dir, 'rg.db'));
    other.prepare('BEGIN IMMEDIATE').run();
    const indexer = startSearchIndexer(store.db, (e) => errors.push(e));
    try {
      const t = Date.now();
      await new Promise((r) => setTimeout(r, 100));
      expect(Date.now() - t).toBeLessThan(2000);
      expect(unindexedFindings(store.db)).toBe(4500);
      other.prepare('COMMIT').run();
      // the next look comes within the idle interval (2 s), then batches run back to back
      expect(await until(() => unindexedFindings(store.db) === 0, 8000)).toBe(true);
      addFindings(4500, 10);
      expect(await until(() => unindexedFindings(store.db) === 0, 5000)).toBe(true);
      const hits = store.db.prepare('SELECT count(*) FROM api_findings_fts WHERE api_findings_fts MATCH \'"number 450"\'').pluck().get();
      expect(hits).toBe(11); // 450 and 4500..4509
    } finally {
      indexer.stop();
      other.close();
    }
    expect(errors).toEqual([]);
  });
});
