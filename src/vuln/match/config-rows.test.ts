/**
 * The per-configuration rows (migrations 0106, 0110): after a first import and a re-import with changes, a CVE with
 * more than four configurations has exactly its configurations as rows, and every way of reading them back agrees
 * with the feed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { VulnStore } from '../../store/sqlite/vuln-store.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { importFeeds } from '../feeds/import.js';
import { readNvdDocument } from '../feeds/nvd.feed.js';
import { memDb } from '../testdata/mem-db.js';
import configsOnce from '../../store/sqlite/migrations/0110-vuln-configs-once.js';

const D = `${SHARED_DATA}/vuln/nvd/records`;
const clock = fixedClock('2026-11-30T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'radguard-config-rows-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const records = readdirSync(D)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ cve: JSON.parse(readFileSync(join(D, f), 'utf8')) }));
const envelope = (vulns: unknown[]) =>
  JSON.stringify({
    resultsPerPage: vulns.length,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: '2026-11-29T00:00:00.000',
    vulnerabilities: vulns,
  });

/**
 * Against the records as the feed parser reads them: each configuration of a CVE with more than four is stored
 * once, as its row (the array left empty), the whole arrays read back equal, and someConfigurations gives each.
 */
function compareConfigs(db: Db, file: string): number {
  const store = new VulnStore(db);
  const live = readNvdDocument(file, JSON.parse(readFileSync(file, 'utf8'))).records.filter((r) => !r.rejected);
  const many = live.filter((r) => r.configurations.length > 4);
  expect(db.prepare('SELECT cve_id, cfg, configuration FROM vuln_cve_config ORDER BY 1, 2').raw().all()).toEqual(
    many.sort((a, b) => (a.id < b.id ? -1 : 1)).flatMap((r) => r.configurations.map((c, i) => [r.id, i, JSON.stringify(c)])),
  );
  expect(db.prepare("SELECT id FROM vuln_cves WHERE configurations = '' ORDER BY id").pluck().all()).toEqual(many.map((r) => r.id));
  const whole = store.configurationsOf(live.map((r) => r.id));
  for (const r of live) expect(whole.get(r.id)).toEqual(r.configurations);
  expect([...store.allConfigurations()].length).toBe(live.length);
  for (const r of many) expect(store.configurations(r.id)).toEqual(r.configurations);
  const pairs = live.flatMap((r) => r.configurations.map((_, i) => [r.id, i] as const));
  const got = store.someConfigurations([...pairs, ['CVE-2017-0143', 999], ['CVE-1999-0000', 0]]);
  expect(got.size).toBe(pairs.length);
  for (const r of live) r.configurations.forEach((x, i) => expect(got.get(`${r.id} ${i}`)).toEqual(x));
  return many.length;
}

describe('per-configuration rows', () => {
  it('hold each configuration of the CVEs with more than four, after a first import and a re-import with changes', async () => {
    const db = memDb();
    const a = join(tmp, 'c.json');
    writeFileSync(a, envelope(records));
    await importFeeds(db, [a], { clock });
    expect(compareConfigs(db, a)).toBeGreaterThan(3);
    const changed = structuredClone(records);
    const many = changed.find((r) => r.cve.configurations?.length > 5)!;
    many.cve.configurations.splice(1, 1); // positions shift
    const one = changed.find((r) => r.cve.configurations?.length === 1)!;
    for (let i = 0; i < 4; i++) one.cve.configurations.push(structuredClone(one.cve.configurations[0])); // one becomes five
    writeFileSync(join(tmp, 'd.json'), envelope(changed));
    expect((await importFeeds(db, [join(tmp, 'd.json')], { clock })).modifiedCves.length).toBe(2);
    compareConfigs(db, join(tmp, 'd.json'));
    expect(db.prepare('SELECT count(*) FROM vuln_cve_config WHERE cve_id = ?').pluck().get(one.cve.id)).toBe(5);
  });

  it('migration 0110 empties the arrays that a store from before it kept beside the rows', async () => {
    const db = memDb();
    const a = join(tmp, 'e.json');
    writeFileSync(a, envelope(records));
    await importFeeds(db, [a], { clock });
    // As the import wrote them before 0110: the whole array too.
    db.exec(
      "UPDATE vuln_cves SET configurations = (SELECT json_group_array(json(x.configuration) ORDER BY x.cfg) FROM vuln_cve_config x WHERE x.cve_id = vuln_cves.id) WHERE configurations = ''",
    );
    expect(db.prepare("SELECT count(*) FROM vuln_cves WHERE configurations = ''").pluck().get()).toBe(0);
    db.exec(configsOnce.sql);
    expect(compareConfigs(db, a)).toBeGreaterThan(3);
  });
});
