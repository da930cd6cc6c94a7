/**
 * The first import into a new store file writes through a rollback journal (each new page once, not into the WAL
 * and again at the checkpoint) and leaves the file in WAL mode. A store already in use, or open in another
 * connection (reading or not), is written through WAL. A failed first import leaves nothing behind.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { randomIds } from '../../core/clock.js';
import { openDb, type Db } from '../../store/sqlite/db.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { importFeeds } from './import.js';

const D = `${SHARED_DATA}/vuln`;
const clock = fixedClock('2026-11-30T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'radguard-journal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (db: Db) => db.pragma('journal_mode', { simple: true });
/** Imports these paths and says which journal mode the import wrote in. */
async function importSeeing(db: Db, paths: string[]): Promise<string> {
  let during = '';
  await importFeeds(db, paths, { clock, workers: 0, onProgress: () => (during ||= String(mode(db))) });
  return during;
}
const count = (db: Db) => db.prepare('SELECT count(*) FROM vuln_cves').pluck().get();

describe('the journal of a feed import', () => {
  it('a first import writes through a rollback journal, later ones through WAL, and the file stays in WAL mode', async () => {
    const db = openDb(join(tmp, 'first.db'));
    expect(await importSeeing(db, [`${D}/nvd/records`])).toBe('delete');
    expect(mode(db)).toBe('wal');
    expect(count(db)).toBeGreaterThan(50);
    expect(await importSeeing(db, [`${D}/kev/known_exploited_vulnerabilities.json`])).toBe('wal');
    db.close();
  });

  it('a store already in use (here: an asset), or open in another connection, is written through WAL', async () => {
    const used = openDb(join(tmp, 'used.db'));
    new InventoryStore(used, randomIds).upsert(
      { macs: [], hostnames: [], addresses: ['10.77.0.9'], aeTitles: [] },
      'test',
      '2026-11-30T00:00:00Z',
    );
    expect(await importSeeing(used, [`${D}/nvd/records`])).toBe('wal');
    used.close();
    const file = join(tmp, 'shared.db');
    const db = openDb(file);
    const reader = openDb(file, { readonly: true });
    reader.exec('BEGIN');
    expect(count(reader)).toBe(0); // a read in progress
    expect(await importSeeing(db, [`${D}/nvd/records`])).toBe('wal');
    expect(count(reader)).toBe(0); // its snapshot, never refused
    reader.exec('COMMIT');
    expect(count(reader)).toBe(count(db));
    reader.close();
    db.close();
    // Merely open elsewhere (`radguard serve` between two requests): leaving WAL needs the only connection, so WAL.
    const idle = join(tmp, 'idle.db');
    const served = openDb(idle);
    const importer = openDb(idle);
    expect(await importSeeing(importer, [`${D}/nvd/records`])).toBe('wal');
    importer.close();
    served.close();
  });

  it('a first import that fails leaves no record, and the file in WAL mode', async () => {
    const db = openDb(join(tmp, 'failed.db'));
    const bad = JSON.parse(readFileSync(`${D}/nvd/records/CVE-2022-2120.json`, 'utf8'));
    bad.configurations[0].nodes[0].cpeMatch[0].vulnerable = 'yes';
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ format: 'NVD_CVE', vulnerabilities: [{ cve: bad }] }));
    await expect(importFeeds(db, [`${D}/nvd/records`, join(tmp, 'bad.json')], { clock, workers: 0 })).rejects.toThrow(/bad\.json/);
    expect(count(db)).toBe(0);
    expect(mode(db)).toBe('wal');
    db.close();
  });
});
