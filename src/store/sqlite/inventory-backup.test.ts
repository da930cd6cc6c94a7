import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import { backupStore, inspectStoreFile, restoreStore } from './inventory-backup.js';
import { InventoryStore } from './inventory-store.js';
import { SqliteScanStore } from './scan-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-backup-'));
const T = '2026-11-30T00:00:00.000Z';

describe('store backup and restore', () => {
  it('backs up a live store, restores it over a changed one, and the inventory comes back', async () => {
    const file = join(dir, 'live.db');
    const store = SqliteScanStore.open(file);
    const inv = new InventoryStore(store.db, sequentialIds());
    inv.upsert({ name: 'CT-1', serial: 'S1', addresses: ['10.0.0.1'] }, 'import', T);
    const info = await backupStore(store.db, join(dir, 'b1.db'));
    expect(info).toMatchObject({ assets: 1, findings: 0 });
    expect(info.migrations).toContain('0200-inventory-assets');
    await expect(backupStore(store.db, join(dir, 'b1.db'))).rejects.toThrow(/already exists/);
    inv.upsert({ name: 'MR-1', serial: 'S2' }, 'import', T);
    expect(inv.count()).toBe(2);
    store.close();
    expect(restoreStore(join(dir, 'b1.db'), file)).toMatchObject({ assets: 1 });
    const again = SqliteScanStore.open(file);
    const inv2 = new InventoryStore(again.db, sequentialIds());
    expect(inv2.list().map((a) => a.name)).toEqual(['CT-1']);
    expect(inv2.find('10.0.0.1')?.serial).toBe('S1');
    again.close();
  });

  it('refuses garbage, a foreign SQLite file and a store from a newer version', () => {
    writeFileSync(join(dir, 'junk.db'), 'not sqlite at all, just text that is long enough to be a header..........');
    expect(() => inspectStoreFile(join(dir, 'junk.db'))).toThrow(/not a readable SQLite database/);
    const foreign = new Database(join(dir, 'foreign.db'));
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    expect(() => inspectStoreFile(join(dir, 'foreign.db'))).toThrow(/not a Radguard database/);
    const other = SqliteScanStore.open(join(dir, 'newer.db'));
    other.db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES ('9999-future', ?)").run(T);
    other.close();
    expect(() => restoreStore(join(dir, 'newer.db'), join(dir, 'target.db'))).toThrow(/newer Radguard \(unknown migrations: 9999-future\)/);
  });
});
