import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { VulnStore } from '../../store/sqlite/vuln-store.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { memDb } from '../testdata/mem-db.js';
import { importFeeds } from './import.js';

const D = `${SHARED_DATA}/vuln/nvd/records`;
const clock = fixedClock('2026-11-30T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'radguard-feeds-workers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const records = readdirSync(D).filter((f) => f.endsWith('.json')).sort().map((f) => ({ cve: JSON.parse(readFileSync(join(D, f), 'utf8')) }));
const envelope = (vulns: unknown[]) => JSON.stringify({ resultsPerPage: vulns.length, format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-29T00:00:00.000', vulnerabilities: vulns });

/** Everything the import wrote, in a comparable form (file ids and import order aside). */
function dump(db: Db) {
  return {
    cves: db.prepare('SELECT id, status, published, last_modified, rejected, hash, record, configurations FROM vuln_cves ORDER BY id').all(),
    index: db.prepare('SELECT vendor, product, cve_id, part, version, start_incl, start_excl, end_incl, end_excl, criteria, match_id, cfg, simple FROM vuln_cpe_index ORDER BY cve_id, vendor, product, criteria, cfg, start_incl, start_excl, end_incl, end_excl').all(),
    text: db.prepare('SELECT rowid, cve_id, description FROM vuln_unanalysed ORDER BY rowid').all(),
    indexes: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vuln_cpe_index' ORDER BY name").all(),
  };
}

describe('feeds import with parse threads', () => {
  const a = join(tmp, 'nvdcve-2.0-a.json');
  const b = join(tmp, 'nvdcve-2.0-b.json.gz');
  writeFileSync(a, envelope(records.slice(0, 50)));
  writeFileSync(b, gzipSync(JSON.stringify(records.slice(50))));

  it('writes exactly what the importing thread alone writes, and reports the same changes', async () => {
    const alone = memDb();
    const r1 = await importFeeds(alone, [a, b], { clock, workers: 0 });
    const threaded = memDb();
    const r2 = await importFeeds(threaded, [a, b], { clock, workers: 2, workerThreshold: 0 });
    expect(r2.files.map((f) => f.note)).toEqual(['envelope, parsed in a worker thread', 'array, parsed in a worker thread']);
    expect(r1.files.map((f) => f.note)).toEqual(['envelope', 'array']);
    expect(r2.newCves).toEqual(r1.newCves);
    expect(r2.newCves.length).toBe(records.length);
    expect(dump(threaded)).toEqual(dump(alone));
    // Provenance: the SHA-256 of the file as stored on disk (compressed), and the envelope's own date.
    const files = threaded.prepare('SELECT path, sha256, feed_date, records FROM vuln_feed_files ORDER BY id').all() as { sha256: string; feed_date: string; records: number }[];
    expect(files[0]).toMatchObject({ feed_date: '2026-11-29T00:00:00.000', records: 50 });
    expect(files[1]!.sha256).toBe((await import('node:crypto')).createHash('sha256').update(readFileSync(b)).digest('hex'));
    expect(new VulnStore(threaded).candidates('offis', 'dcmtk').length).toBeGreaterThan(10);

    // Re-import: nothing changed; then one modified record is reported as modified, in a worker too.
    const again = await importFeeds(threaded, [a], { clock, workers: 1, workerThreshold: 0 });
    expect(again.files[0]).toMatchObject({ new: 0, modified: 0, unchanged: 50 });
    const changed = structuredClone(records.slice(0, 50));
    const target = changed.find((r) => r.cve.configurations?.length)!;
    target.cve.configurations[0].nodes[0].cpeMatch[0].versionEndExcluding = '99.0';
    writeFileSync(join(tmp, 'changed.json'), envelope(changed));
    const mod = await importFeeds(threaded, [join(tmp, 'changed.json')], { clock, workers: 1, workerThreshold: 0 });
    expect(mod.modifiedCves).toEqual([target.cve.id]);
    expect(threaded.prepare("SELECT count(*) FROM vuln_cpe_index WHERE cve_id = ? AND end_excl = '99.0'").pluck().get(target.cve.id)).toBe(1);
  });

  it('a CVE seen twice in one first import keeps the later copy, as without threads', async () => {
    const twice = join(tmp, 'twice.json');
    const later = structuredClone(records[1]!);
    later.cve.id = records[0]!.cve.id;
    writeFileSync(twice, envelope([records[0], later]));
    const alone = memDb();
    await importFeeds(alone, [twice], { clock, workers: 0 });
    const threaded = memDb();
    const r = await importFeeds(threaded, [twice], { clock, workers: 1, workerThreshold: 0 });
    expect(r.modifiedCves).toEqual([records[0]!.cve.id]);
    expect(dump(threaded)).toEqual(dump(alone));
  });

  it('a bad record fails with the file name and JSON path, and nothing of the run is kept', async () => {
    const db = memDb();
    await importFeeds(db, [join(D, 'CVE-2022-2119.json')], { clock });
    const bad = structuredClone(records.slice(0, 30));
    bad[20]!.cve.configurations = [{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: 'yes', criteria: 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*' }] }] }];
    writeFileSync(join(tmp, 'bad.json'), envelope(bad));
    await expect(importFeeds(db, [a, join(tmp, 'bad.json')], { clock, workers: 2, workerThreshold: 0 })).rejects.toThrow(
      /bad\.json: \$\.vulnerabilities\[20\]\.cve\.configurations\[0\]\.nodes\[0\]\.cpeMatch\[0\]\.vulnerable: expected true or false/,
    );
    writeFileSync(join(tmp, 'scalar.json'), envelope([records[0], 7]));
    await expect(importFeeds(db, [join(tmp, 'scalar.json')], { clock, workers: 1, workerThreshold: 0 })).rejects.toThrow(/scalar\.json: \$\.vulnerabilities\[1\]: expected an object/);
    writeFileSync(join(tmp, 'cut.json'), envelope(records.slice(0, 10)).slice(0, 20_000));
    await expect(importFeeds(db, [join(tmp, 'cut.json')], { clock, workers: 1, workerThreshold: 0 })).rejects.toThrow(/cut\.json: .*truncated/);
    expect(db.prepare('SELECT id FROM vuln_cves').pluck().all()).toEqual(['CVE-2022-2119']);
    expect(db.prepare('SELECT count(*) FROM vuln_feed_files').pluck().get()).toBe(1);
  });

  it('a first import that fails leaves the empty index with its indexes', async () => {
    const db = memDb();
    const before = dump(db).indexes;
    writeFileSync(join(tmp, 'bad2.json'), envelope([records[0], { cve: { id: 'nope' } }]));
    await expect(importFeeds(db, [a, join(tmp, 'bad2.json')], { clock, workers: 1, workerThreshold: 0 })).rejects.toThrow(/bad2\.json: \$\.vulnerabilities\[1\]\.cve\.id: not a CVE id/);
    expect(dump(db)).toEqual({ cves: [], index: [], text: [], indexes: before });
    expect(before.length).toBe(3);
  });
});
