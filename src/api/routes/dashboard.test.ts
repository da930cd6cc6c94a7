/**
 * GET /api/dashboard on the seeded department plus a second scan with practice-mapped findings: the analyst sees
 * the whole department (both vendors, KEV device, end-of-support timeline, trend per completed scan), the Siemens
 * vendor-service user only Siemens numbers; practices without data say why; the cached answer follows triage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../core/severity.js';
import { postureScore } from '../../inventory/report/posture.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { sequentialIds } from '../../core/clock.js';
import { aliveHost, loginAs, makeFixture, movableClock, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
const h: Record<string, Record<string, string>> = {};
const clock = movableClock('2026-11-30T10:00:00.000Z');

beforeAll(async () => {
  fx = await makeFixture({ clock });
  const inv = new InventoryStore(fx.store.db, sequentialIds());
  inv.upsert(
    { name: 'CT-1', manufacturer: 'Siemens', site: 'north', addresses: ['10.0.0.5'], endOfSupport: '2025-06-30' },
    'test',
    '2026-11-02T00:00:00.000Z',
  );
  inv.upsert(
    { name: 'MR-1', manufacturer: 'GE', site: 'south', addresses: ['10.0.0.6'], endOfSupport: '2027-03-31' },
    'test',
    '2026-11-02T00:00:00.000Z',
  );
  const db = fx.store.db;
  const file = db
    .prepare(
      "INSERT INTO vuln_feed_files (feed, path, sha256, bytes, imported_at, feed_date, records, detail) VALUES ('kev', 'kev.json', 'x', 1, '2026-11-29T00:00:00Z', '2026-11-29', 1, '{}')",
    )
    .run().lastInsertRowid;
  db.prepare(
    "INSERT INTO vuln_kev (cve_id, vendor_project, product, name, date_added, ransomware, file_id) VALUES ('CVE-2019-0708', 'Microsoft', 'RDP', 'BlueKeep', '2021-11-03', 'Known', ?)",
  ).run(file);
  const at = '2026-11-20T08:00:00.000Z';
  fx.store.createScan(
    {
      id: 'scan_d',
      startedAt: at,
      source: 'scan',
      targets: ['10.0.0.0/24'],
      vantage: { sourceAddress: null, interface: null, zone: 'imaging', hostname: 't' },
      profile: 'default',
      options: {},
      hostsPlanned: 2,
    },
    process.pid,
    null,
  );
  const commit = (
    address: string,
    assetId: string,
    verdicts: Array<{ ruleId: string; severity: Severity; port: number | null; cve?: string }>,
  ) =>
    fx.store.commitHost('scan_d', {
      host: aliveHost(address, assetId, {
        ports: [{ port: 104, protocol: 'tcp', state: 'open', service: 'dicom', product: null, version: null, cpe: [], reason: null, rttMs: 1 }],
      }),
      verdicts: verdicts.map((v) => ({ ...v, title: v.ruleId, remediation: 'fix', evidence: 'seen', observationIds: [] })),
      scannedPorts: new Set([104, 3389]),
      vulnChecked: true,
      at,
    });
  commit('10.0.0.5', fx.assets.siemens, [{ ruleId: 'dicom-any-ae', severity: 'critical', port: 104 }]);
  commit('10.0.0.6', fx.assets.ge, [
    { ruleId: 'dicom-any-ae', severity: 'medium', port: 104 },
    { ruleId: 'outdated-software', severity: 'critical', port: null, cve: 'CVE-2019-0708' },
  ]);
  fx.store.finishScan('scan_d', 'complete', '2026-11-20T09:00:00.000Z');
  for (const u of ['sam', 'siemens-fse', 'alice']) h[u] = (await loginAs(fx.app, u)).headers;
});
afterAll(async () => fx.close());

const dashboard = async (user: string) => {
  const r = await fx.app.inject({ url: '/api/dashboard', headers: h[user]! });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe('posture score', () => {
  it('is 100 with nothing open and halves at one critical per device', () => {
    expect(postureScore({}, 10)).toBe(100);
    expect(postureScore({ critical: 10 }, 10)).toBe(50);
    expect(postureScore({ high: 2 }, 1)).toBe(50);
    expect(postureScore({ info: 1000 }, 1)).toBe(100);
    expect(postureScore({ critical: 1 }, 0)).toBe(50); // no devices: counted as one, never a division by zero
  });
});

describe('GET /api/dashboard', () => {
  it('shows the whole department to an analyst', async () => {
    const d = await dashboard('sam');
    expect(d.devices).toBe(2);
    expect(d.scans).toBe(2);
    // open: scan_a's two dicom.any-ae (high, medium), scan_d's three
    expect(d.findingsBySeverity).toEqual({ critical: 2, high: 1, medium: 2, low: 0, info: 0 });
    expect(d.kevDevices).toEqual([{ assetId: fx.assets.ge, name: 'MR-1', cves: ['CVE-2019-0708'] }]);
    expect(d.endOfSupport).toEqual([
      { assetId: fx.assets.siemens, name: 'CT-1', component: 'device', date: '2025-06-30', criticality: 'high', status: 'ended' },
      {
        assetId: fx.assets.ge,
        name: 'MR-1',
        component: 'device',
        date: '2027-03-31',
        criticality: 'unknown',
        status: 'ending-within-a-year',
      },
    ]);
    const p = Object.fromEntries(d.practices.map((x: { id: number }) => [x.id, x]));
    // practice 1 from the console's own records: accounts in several roles, but no triage and no export yet
    expect(p[1]).toMatchObject({ status: 'assessed', rating: 'needs-work', score: 33, reason: null });
    expect(p[1].summary).toMatch(/no finding was triaged in 90 days; no report was exported/);
    expect(p[3]).toMatchObject({ status: 'assessed', rating: 'at-risk', reason: null, counts: { open: 2, highOrCritical: 1 } });
    expect(p[3].score).toBe(postureScore({ critical: 1, medium: 1 }, 2));
    expect(p[4]).toMatchObject({ status: 'not-assessed', score: null });
    expect(p[4].reason).toMatch(/no zone policy has been verified/);
    expect(p[5]).toMatchObject({ status: 'assessed', counts: { open: 1, highOrCritical: 1, bySeverity: { critical: 1 } } });
    expect(d.postureScore).toBe(postureScore({ critical: 2, high: 1, medium: 2 }, 2));
    expect(d.trend.map((t: { scanId: string }) => t.scanId)).toEqual(['scan_a', 'scan_d']);
    expect(d.trend[0]).toMatchObject({ devices: 2, score: postureScore({ high: 1, medium: 1 }, 2) });
    expect(d.trend[1].score).toBe(postureScore({ critical: 2, medium: 1 }, 2));
    expect(d.feeds.ages.find((f: { feed: string }) => f.feed === 'kev')).toMatchObject({ state: 'ok', ageDays: 1 });
    expect(d.feeds.warnings.some((w: string) => /no NVD data/.test(w))).toBe(true);
  });

  it('shows a vendor only its devices, and withholds the zone view', async () => {
    const d = await dashboard('siemens-fse');
    expect(d.devices).toBe(1);
    expect(d.findingsBySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 0, info: 0 });
    expect(d.kevDevices).toEqual([]);
    expect(d.kevDevicesTotal).toBe(0);
    expect(d.endOfSupport.map((e: { name: string }) => e.name)).toEqual(['CT-1']);
    expect(d.trend).toHaveLength(2);
    expect(d.trend[1]).toMatchObject({ devices: 1, score: postureScore({ critical: 1 }, 1) });
    expect(d.practices.find((x: { id: number }) => x.id === 4).reason).toMatch(/not shown to an account limited/);
    // the department's accounts and activity are not a vendor's business
    expect(d.practices.find((x: { id: number }) => x.id === 1)).toMatchObject({ status: 'not-assessed', reason: expect.stringMatching(/whole department/) });
    // its devices were scanned and none carries a vulnerability finding: assessed, and good
    expect(d.practices.find((x: { id: number }) => x.id === 5)).toMatchObject({
      status: 'assessed',
      rating: 'good',
      score: 100,
      counts: { open: 0 },
    });
    expect(JSON.stringify(d)).not.toMatch(/MR-1|GE|10\.0\.0\.6/);
  });

  it('answers from its cache until a finding changes, then recomputes', async () => {
    const before = await dashboard('sam');
    expect(await dashboard('sam')).toEqual(before);
    const key = fx.store.findings().find((f) => f.cve === 'CVE-2019-0708')!.key;
    const r = await fx.app.inject({
      method: 'POST',
      url: `/api/findings/${key}/triage`,
      headers: h.sam!,
      payload: { action: 'false-positive', justification: 'component_not_present' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const after = await dashboard('sam');
    expect(after.kevDevices).toEqual([]);
    expect(after.findingsBySeverity.critical).toBe(1);
    expect(after.postureScore).toBeGreaterThan(before.postureScore);
    // that triage decision is practice 1's evidence that people work the findings
    expect(after.practices[0].summary).toMatch(/1 triage decisions/);
  });

  it('is refused to anonymous callers', async () => {
    expect((await fx.app.inject({ url: '/api/dashboard' })).statusCode).toBe(401);
  });
});
