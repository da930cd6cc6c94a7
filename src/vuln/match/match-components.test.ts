import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memDb } from '../testdata/mem-db.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { importFeeds } from '../feeds/import.js';
import { feedStatus, matchComponents, type Component } from '../index.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const D = `${SHARED_DATA}/vuln`;
const clock = fixedClock('2026-11-30T00:00:00Z');
let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [`${D}/nvd/records`, `${D}/nvd/legacy-1.1`, `${D}/kev/known_exploited_vulnerabilities.json`, `${D}/epss`, `${D}/csaf/cisa-icsma`, `${D}/osv/ghsa`], { clock });
});

const comp = (id: string, cpes: string[], extra: Partial<Component> = {}): Component => ({ id, kind: 'application', name: id, cpes, source: 'fingerprint', ...extra });

describe('matchComponents over the real feeds', () => {
  it('finds the DCMTK CVEs by CPE and the CISA advisory by name, with remediation text', () => {
    const m = matchComponents(db, [comp('dcmtk', ['cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*'], { vendor: 'OFFIS', name: 'DCMTK', version: '3.6.6' })]);
    const nvd = m.filter((x) => x.source === 'nvd' && x.confidence !== 'review').map((x) => x.cve);
    expect(nvd).toEqual(expect.arrayContaining(['CVE-2022-2119', 'CVE-2022-2120', 'CVE-2022-2121', 'CVE-2021-41687']));
    expect(nvd).not.toContain('CVE-2015-8979'); // dicom:dcmtk <= 3.6.0
    const csaf = m.find((x) => x.source === 'csaf' && x.cve === 'CVE-2022-2119')!;
    expect(csaf.evidence[0]!.advisory).toMatch(/ICSMA-22-174-01/);
    expect(csaf.remediation!.join(' ')).toMatch(/3\.6\.7/);
    const e = m.find((x) => x.source === 'nvd' && x.cve === 'CVE-2022-2119')!;
    expect(e.evidence[0]).toMatchObject({ searched: 'cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*', range: '< 3.6.7' });
    expect(e.cvss).toMatchObject({ version: '3.1' });
    expect(e.priority!.why.length).toBeGreaterThan(3);
  });

  it('a CISA advisory match is scored from the advisory when NVD has no score for the CVE, and says so', async () => {
    const only = memDb();
    await importFeeds(only, [`${D}/csaf/cisa-icsma/2022/icsma-22-174-01.json`], { clock });
    const dcmtk = comp('dcmtk', ['cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*'], { vendor: 'OFFIS', name: 'DCMTK', version: '3.6.6' });
    const alone = matchComponents(only, [dcmtk]).find((x) => x.source === 'csaf' && x.cve === 'CVE-2022-2119')!;
    expect(alone.cvss).toMatchObject({ source: 'CSAF ICSMA-22-174-01', version: '3.0', computed: true });
    expect(alone.priority!.why.join(' ')).toMatch(/from CSAF ICSMA-22-174-01/);
    // With NVD's record present, NVD's score is the one used.
    const withNvd = matchComponents(db, [dcmtk]).find((x) => x.source === 'csaf' && x.cve === 'CVE-2022-2119')!;
    expect(withNvd.cvss).toMatchObject({ source: 'nvd@nist.gov' });
  });

  it('DCMTK 3.6.9 is clear of the 3.6.7-fixed CVEs (no name-only false positives from CSAF)', () => {
    const m = matchComponents(db, [comp('dcmtk', ['cpe:2.3:a:offis:dcmtk:3.6.9:*:*:*:*:*:*:*'], { vendor: 'OFFIS', name: 'DCMTK', version: '3.6.9' })]);
    expect(m.map((x) => x.cve)).not.toContain('CVE-2022-2119');
  });

  it('EternalBlue needs SMBv1 on a listed Windows: KEV-flagged and ranked first', () => {
    const smb = comp('smb', ['cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*'], { asset: 'ws1' });
    const os = comp('os', ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'], { asset: 'ws1', kind: 'os' });
    const m = matchComponents(db, [smb, os]);
    const eb = m.find((x) => x.cve === 'CVE-2017-0144')!;
    expect(eb.confidence).toBe('high');
    expect(eb.kev?.dateAdded).toBe('2022-02-10');
    expect(m[0]!.kev).toBeDefined();
    // SMBv1 on a Linux host: not EternalBlue
    const linux = matchComponents(db, [{ ...smb, asset: 'l' }, comp('os', ['cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*'], { asset: 'l', kind: 'os' })]);
    expect(linux.map((x) => x.cve)).not.toContain('CVE-2017-0144');
  });

  it('matches Log4Shell by purl through OSV', () => {
    const m = matchComponents(db, [comp('log4j', [], { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', kind: 'library' })]);
    expect(m.find((x) => x.cve === 'CVE-2021-44228')).toMatchObject({ source: 'osv', confidence: 'high' });
    // Three ranges, three fixes: the one to update to is the nearest above the version, in its own range.
    expect(m.find((x) => x.cve === 'CVE-2021-44228')!.remediation).toEqual(['Update log4j to 2.15.0 or later (Maven, GHSA-jfh8-c2jp-5v3q).']);
    const old = matchComponents(db, [comp('log4j', [], { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.11.0', kind: 'library' })]);
    expect(old.find((x) => x.cve === 'CVE-2021-44228')!.evidence[0]!.fixedIn).toBe('2.12.2');
    const fixed = matchComponents(db, [comp('log4j', [], { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1', kind: 'library' })]);
    expect(fixed.map((x) => x.cve)).not.toContain('CVE-2021-44228');
  });

  it('index and naive scan give identical NVD results', () => {
    const cs = [
      comp('a', ['cpe:2.3:a:offis:dcmtk:3.6.0:*:*:*:*:*:*:*']),
      comp('b', ['cpe:2.3:a:philips:interoperability_solution_xds:2019-1:*:*:*:*:*:*:*']),
      comp('c', ['cpe:2.3:o:philips:brilliance_firmware_64:2.6.0:*:*:*:*:*:*:*'], { asset: 'ct' }),
      comp('d', ['cpe:2.3:h:philips:brilliance_64:-:*:*:*:*:*:*:*'], { asset: 'ct' }),
      comp('e', ['cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*']),
    ];
    const key = (m: { component: { id: string }; cve: string; confidence: string }) => `${m.component.id} ${m.cve} ${m.confidence}`;
    const fast = matchComponents(db, cs, { bare: true }).filter((m) => m.source === 'nvd').map(key).sort();
    const slow = matchComponents(db, cs, { bare: true, naive: true }).filter((m) => m.source === 'nvd').map(key).sort();
    expect(fast.length).toBeGreaterThan(5);
    expect(fast).toEqual(slow);
    expect(fast).toContain('e CVE-2014-0160 high');
  });

  it('one SBOM asset of every product in the sample: index and naive scan give the same matches and evidence', () => {
    // Every vulnerable criterion of the real records, made concrete (its own version, else one below its end bound),
    // all components of one asset as an SBOM on a model is: each entry may concern any of them.
    const cpes = new Set<string>();
    for (const r of db.prepare('SELECT criteria, end_excl, end_incl FROM vuln_cpe_index').raw().all() as [string, string | null, string | null][]) {
      const p = r[0].split(':');
      if (p[3] === '*' || p[4] === '*' || p[3]!.includes('\\') || p[4]!.includes('\\')) continue;
      p[5] = p[5] !== '*' ? p[5]! : (r[1] ?? r[2] ?? '1.0').replace(/\.\d+$/, '.0');
      cpes.add(p.join(':'));
    }
    const cs = [...cpes].map((c, i) => comp(`s${i}`, [c], { asset: 'sbom' }));
    expect(cs.length).toBeGreaterThan(150);
    const norm = (ms: { source: string }[]) => ms.filter((m) => m.source === 'nvd').map((m) => JSON.stringify(m)).sort();
    const fast = norm(matchComponents(db, cs, { bare: true }));
    expect(fast.length).toBeGreaterThan(300);
    expect(fast).toEqual(norm(matchComponents(db, cs, { bare: true, naive: true })));
  });

  it('an asset with more matches than a call takes arguments: no stack overflow, linear time', async () => {
    const one = memDb();
    const file = join(mkdtempSync(join(tmpdir(), 'radguard-big-asset-')), 'nvd.json');
    const record = JSON.parse(readFileSync(`${D}/nvd/records/CVE-2022-2119.json`, 'utf8')) as { configurations: unknown };
    record.configurations = [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:imaging_toolkit:*:*:*:*:*:*:*:*', matchCriteriaId: '00000000-0000-0000-0000-000000000001' }] }] }];
    writeFileSync(file, JSON.stringify({ format: 'NVD_CVE', version: '2.0', vulnerabilities: [{ cve: record }] }));
    await importFeeds(one, [file], { clock });
    // 150,000 matches in one asset: spread into push() they overflowed the stack; split per component with a
    // filter per component they took quadratic time.
    const cs = Array.from({ length: 150_000 }, (_, i) => comp(`c${i}`, [`cpe:2.3:a:acme:imaging_toolkit:1.${i}:*:*:*:*:*:*:*`], { asset: 'one' }));
    const m = matchComponents(one, cs, { bare: true });
    expect(m.length).toBe(150_000);
    expect(m[149_999]).toMatchObject({ component: { id: 'c99999' }, cve: 'CVE-2022-2119' });
  }, 60_000);

  it('what a caller adds to one result never shows in another from the same open index', async () => {
    const { openVulnIndex } = await import('../index.js');
    const index = openVulnIndex(db);
    const cs = [comp('smb', ['cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*'], { asset: 'ws1' }), comp('os', ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'], { asset: 'ws1', kind: 'os' })];
    const enriched = matchComponents(index, cs);
    expect(enriched.some((m) => m.kev && m.priority)).toBe(true);
    for (const m of enriched) (m as { triage?: string }).triage = 'set by the caller';
    const bare = matchComponents(index, cs, { bare: true });
    expect(bare.length).toBeGreaterThan(0);
    for (const m of bare.filter((x) => x.source === 'nvd')) expect(Object.keys(m).sort()).toEqual(['component', 'confidence', 'cve', 'evidence', 'source']);
    expect(JSON.stringify(matchComponents(index, cs))).toBe(JSON.stringify(matchComponents(db, cs)));
  });

  it('feed status warns loudly about stale feeds', () => {
    const s = feedStatus(db, clock);
    expect(s.filter((f) => f.warning).length).toBeGreaterThan(0);
  });
});
