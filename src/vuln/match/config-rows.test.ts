/**
 * The per-configuration rows (migration 0106) are derived data: after a first import and a re-import with changes
 * they hold exactly the items of each multi-configuration CVE's stored array.
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
import { memDb } from '../testdata/mem-db.js';

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

/** vuln_cve_config against the configurations arrays, and someConfigurations against JSON.parse of them. */
function compareConfigs(db: Db): number {
  const store = new VulnStore(db);
  const want = db
    .prepare(
      'SELECT c.id, j.key, j.value FROM vuln_cves c, json_each(c.configurations) j WHERE c.rejected = 0 AND json_array_length(c.configurations) > 4 ORDER BY 1, 2',
    )
    .raw()
    .all();
  expect(db.prepare('SELECT cve_id, cfg, configuration FROM vuln_cve_config ORDER BY 1, 2').raw().all()).toEqual(want);
  const all = db.prepare('SELECT id, configurations FROM vuln_cves WHERE rejected = 0').raw().all() as [string, string][];
  const pairs = all.flatMap(([id, c]) => (JSON.parse(c) as unknown[]).map((_, i) => [id, i] as const));
  const got = store.someConfigurations([...pairs, ['CVE-2017-0143', 999], ['CVE-1999-0000', 0]]);
  expect(got.size).toBe(pairs.length);
  for (const [id, c] of all) (JSON.parse(c) as unknown[]).forEach((x, i) => expect(got.get(`${id} ${i}`)).toEqual(x));
  return want.length;
}

describe('per-configuration rows', () => {
  it('hold each configuration of the CVEs with more than four, after a first import and a re-import with changes', async () => {
    const db = memDb();
    const a = join(tmp, 'c.json');
    writeFileSync(a, envelope(records));
    await importFeeds(db, [a], { clock });
    expect(compareConfigs(db)).toBeGreaterThan(65); // CVE-2017-0143 alone has 65
    const changed = structuredClone(records);
    const many = changed.find((r) => r.cve.configurations?.length > 5)!;
    many.cve.configurations.splice(1, 1); // positions shift
    const one = changed.find((r) => r.cve.configurations?.length === 1)!;
    for (let i = 0; i < 4; i++) one.cve.configurations.push(structuredClone(one.cve.configurations[0])); // one becomes five
    writeFileSync(join(tmp, 'd.json'), envelope(changed));
    expect((await importFeeds(db, [join(tmp, 'd.json')], { clock })).modifiedCves.length).toBe(2);
    compareConfigs(db);
    expect(db.prepare('SELECT count(*) FROM vuln_cve_config WHERE cve_id = ?').pluck().get(one.cve.id)).toBe(5);
  });
});
