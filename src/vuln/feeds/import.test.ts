import { memDb } from '../testdata/mem-db.js';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { VulnStore } from '../../store/sqlite/vuln-store.js';
import { feedAges } from './freshness.js';
import { importFeeds } from './import.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const D = `${SHARED_DATA}/vuln`;
const clock = fixedClock('2026-11-30T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'radguard-feeds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const records = readdirSync(`${D}/nvd/records`).filter((f) => f.endsWith('.json'));
const cve = (id: string) => JSON.parse(readFileSync(`${D}/nvd/records/${id}.json`, 'utf8'));

describe('feeds import', () => {
  it('imports every real feed kind and reports provenance and freshness', async () => {
    const db = memDb();
    const r = await importFeeds(db, [`${D}/nvd/records`, `${D}/nvd/legacy-1.1`, `${D}/kev/known_exploited_vulnerabilities.json`,
      `${D}/epss/epss_scores-2026-09-29.head.csv`, `${D}/csaf/cisa-icsma/2022`, `${D}/osv/ghsa`], { clock });
    expect(r.newCves.length).toBe(records.length + 19);
    expect(r.newKev.length).toBe(1404);
    const store = new VulnStore(db);
    expect(store.kev('CVE-2017-0144')?.entry.dateAdded).toBe('2022-02-10');
    expect(store.epss('CVE-1999-0001')?.score.epss).toBe(0.03351);
    expect(store.epss('CVE-1999-0001')?.modelVersion).toBe('v2026.06.15');
    expect(store.epss('CVE-2022-2119')).toBeUndefined(); // missing from EPSS = no score, not 0
    expect(store.cve('CVE-2014-0160')?.provenance.file).toMatch(/legacy-1.1\/CVE-2014-0160.json$/);
    expect(store.candidates('offis', 'dcmtk').length).toBeGreaterThan(10);
    expect(r.files.filter((f) => f.feed === 'csaf').every((f) => /sha512 verified/.test(f.note ?? ''))).toBe(true);
    const ages = feedAges(store, clock.now());
    expect(ages.find((a) => a.feed === 'kev')).toMatchObject({ state: 'stale' });
    expect(ages.find((a) => a.feed === 'kev')!.warning).toMatch(/KEV data is \d+ days old/);
    expect(ages.every((a) => a.state !== 'missing')).toBe(true);
    expect(feedAges(new VulnStore(memDb()), clock.now()).every((a) => a.state === 'missing' && /no .* data imported/.test(a.warning!))).toBe(true);
  });

  it('reads the three NVD 2.0 shapes and gz', async () => {
    const a = cve('CVE-2022-2119');
    const b = cve('CVE-2022-2120');
    writeFileSync(join(tmp, 'env.json'), JSON.stringify({ format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-29T00:00:00.000', vulnerabilities: [{ cve: a }] }));
    writeFileSync(join(tmp, 'arr.json.gz'), gzipSync(JSON.stringify([{ cve: b }])));
    const db = memDb();
    const r = await importFeeds(db, [join(tmp, 'env.json'), join(tmp, 'arr.json.gz'), `${D}/nvd/records/CVE-2022-2121.json`], { clock });
    expect(r.files.map((f) => f.note)).toEqual(['envelope', 'array', 'record']);
    expect(r.newCves.sort()).toEqual(['CVE-2022-2119', 'CVE-2022-2120', 'CVE-2022-2121']);
  });

  it('streams large NVD files record by record (threshold lowered for the test)', async () => {
    const recs = ['CVE-2022-2119', 'CVE-2017-0143', 'CVE-2021-32966'].map((id) => ({ cve: cve(id) }));
    writeFileSync(join(tmp, 'big.json'), JSON.stringify({ resultsPerPage: 3, format: 'NVD_CVE', vulnerabilities: recs, timestamp: 'x' }, null, 1));
    const db = memDb();
    const r = await importFeeds(db, [join(tmp, 'big.json')], { clock, streamThreshold: 1000 });
    expect(r.files[0]!.note).toMatch(/streamed/);
    expect(r.newCves).toEqual(['CVE-2022-2119', 'CVE-2017-0143', 'CVE-2021-32966']);
    const bytes = readFileSync(join(tmp, 'big.json'));
    writeFileSync(join(tmp, 'cut.json'), bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    await expect(importFeeds(memDb(), [join(tmp, 'cut.json')], { clock, streamThreshold: 1000 })).rejects.toThrow(/cut.json: .*truncated/);
  });

  it('re-import prints what changed: KEV delta between two real snapshots, modified CVEs', async () => {
    const db = memDb();
    await importFeeds(db, [`${D}/kev/known_exploited_vulnerabilities.2025-01-27.json`, `${D}/nvd/records/CVE-2022-2119.json`], { clock });
    const changed = cve('CVE-2022-2119');
    changed.lastModified = '2026-11-01T00:00:00.000';
    changed.configurations[0].nodes[0].cpeMatch[0].versionEndExcluding = '3.6.8';
    writeFileSync(join(tmp, 'CVE-2022-2119.json'), JSON.stringify(changed));
    const r = await importFeeds(db, [`${D}/kev/known_exploited_vulnerabilities.json`, join(tmp, 'CVE-2022-2119.json'), `${D}/nvd/records/CVE-2022-2120.json`], { clock });
    expect(r.newKev.length).toBe(152);
    expect(r.modifiedCves).toEqual(['CVE-2022-2119']);
    expect(r.newCves).toEqual(['CVE-2022-2120']);
    const again = await importFeeds(db, [`${D}/kev/known_exploited_vulnerabilities.json`], { clock });
    expect(again.newKev).toEqual([]);
    expect(again.files[0]).toMatchObject({ unchanged: 1404 });
  });

  it('a malformed file fails with its name and JSON path, and earlier data stays intact', async () => {
    const db = memDb();
    await importFeeds(db, [`${D}/nvd/records/CVE-2022-2119.json`], { clock });
    const bad = cve('CVE-2022-2120');
    bad.configurations[0].nodes[0].cpeMatch[0].vulnerable = 'yes';
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ format: 'NVD_CVE', vulnerabilities: [{ cve: cve('CVE-2022-2121') }, { cve: bad }] }));
    await expect(importFeeds(db, [`${D}/kev/known_exploited_vulnerabilities.json`, join(tmp, 'bad.json')], { clock })).rejects.toThrow(
      /bad\.json: \$\.vulnerabilities\[1\]\.cve\.configurations\[0\]\.nodes\[0\]\.cpeMatch\[0\]\.vulnerable: expected true or false/,
    );
    const store = new VulnStore(db);
    expect(store.cve('CVE-2022-2119')).toBeDefined();
    expect(store.cve('CVE-2022-2121')).toBeUndefined();
    expect(store.kev('CVE-2017-0144')).toBeUndefined();
  });

  it('refuses a CSAF advisory whose .sha512 does not match, and keeps the newest tracking.version', async () => {
    const src = `${D}/csaf/cisa-icsma/2022/icsma-22-174-01.json`;
    const dir = mkdtempSync(join(tmp, 'csaf-'));
    const doc = JSON.parse(readFileSync(src, 'utf8'));
    doc.document.title = 'tampered';
    writeFileSync(join(dir, 'icsma-22-174-01.json'), JSON.stringify(doc));
    copyFileSync(`${src}.sha512`, join(dir, 'icsma-22-174-01.json.sha512'));
    await expect(importFeeds(memDb(), [dir], { clock })).rejects.toThrow(/SHA-512 does not match/);
    const db = memDb();
    const v2 = { ...doc, document: { ...doc.document, tracking: { ...doc.document.tracking, version: '2' } } };
    writeFileSync(join(tmp, 'v2.json'), JSON.stringify(v2));
    await importFeeds(db, [join(tmp, 'v2.json')], { clock });
    const r = await importFeeds(db, [src], { clock });
    expect(r.files[0]).toMatchObject({ ignored: 1 });
  });

  it('skips withdrawn OSV records and unrecognised files inside directories, but not files named explicitly', async () => {
    const dir = mkdtempSync(join(tmp, 'osv-'));
    const rec = JSON.parse(readFileSync(`${D}/osv/osv-schema-testdata/GO-2020-0001.json`, 'utf8'));
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ ...rec, id: 'GO-W', withdrawn: '2024-01-01T00:00:00Z' }));
    writeFileSync(join(dir, 'schema.json'), JSON.stringify({ $schema: 'x' }));
    const r = await importFeeds(memDb(), [dir], { clock });
    expect(r.files[0]).toMatchObject({ feed: 'osv', ignored: 1, records: 0 });
    expect(r.skipped.map((s) => s.path)).toEqual([join(dir, 'schema.json')]);
    await expect(importFeeds(memDb(), [join(dir, 'schema.json')], { clock })).rejects.toThrow(/not a recognised feed/);
  });
});

describe('zip archives', () => {
  const zip = new URL('./testdata/nvd-two-records.zip', import.meta.url).pathname;
  it('imports the feed members of a .zip and skips the rest', async () => {
    const r = await importFeeds(memDb(), [zip], { clock });
    expect(r.newCves.sort()).toEqual(['CVE-2022-2119', 'CVE-2024-47796']);
    expect(r.files[0]!.path).toMatch(/nvd-two-records\.zip!records\/CVE-2022-2119\.json$/);
  });
  it('a damaged archive fails with a clear error, never a crash', async () => {
    const { readZip } = await import('./zip.js');
    const bytes = readFileSync(zip);
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.nat(255), fc.boolean(), (at, b, cut) => {
        const x = Buffer.from(bytes);
        const input = cut ? x.subarray(0, at) : (x.writeUInt8(b, at), x);
        try {
          for (const m of readZip('z', input, 1 << 20)) m.data();
        } catch (e) {
          expect((e as { code?: string }).code).toMatch(/^ERR_FEED_ZIP$/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
