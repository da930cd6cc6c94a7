/**
 * An inventory device no scan has probed (a mammography unit on a VLAN the scanner cannot reach) gets its findings
 * from the desk re-assessment: end of support from the inventory and the CVEs of its model's SBOM, in a 'desk'
 * scan record, with not one connection to it. "Latest scan" still means the latest network scan, and once a scan
 * probes the device, its findings carry on under the same keys. A device the inventory lists without an address
 * (a spare in its crate) is judged too, its record and findings under its asset id, until it has an address. A
 * listener on each address counts connections; the real NVD record of DCMTK (CVE-2015-8979) is the feed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';
import { randomIds } from '../../core/clock.js';
import { countingListeners, deskStore } from '../../../test/desk-setup.js';
import { cliOn } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-unprobed-'));
const db = join(dir, 'r.db');
const { run, json } = cliOn(db);
const UNSEEN = '127.0.0.50'; // in the inventory, outside every scan until the last test
const SCANNED = '127.0.0.51';
const PORT = 11112;
let listeners: Awaited<ReturnType<typeof countingListeners>>;
type Finding = { key: string; cve: string | null; ruleId: string; component: string | null; state: string; host: string };
const findingsOf = async (host: string) => ((await json('findings', 'list')).findings as Finding[]).filter((f) => f.host === host);
const scan = async (targets: string) => {
  const r = await run('scan', targets, '-p', String(PORT), '--fast', '--json');
  expect([0, 1], r.err).toContain(r.code);
  return JSON.parse(r.out).scan.id as string;
};
const withScans = <T>(fn: (s: SqliteScanStore) => T): T => {
  const s = SqliteScanStore.open(db, { readonly: true });
  try {
    return fn(s);
  } finally {
    s.close();
  }
};
let networkScan = '';
let firstDesk = '';
let spare = ''; // the asset id of the unit without an address

beforeAll(async () => {
  await deskStore(
    run,
    dir,
    `name,manufacturer,model,ip,serial,criticality,end_of_support\nMammo-1,Acme,Mammo 3,${UNSEEN},,high,2024-06-30\nWS-2,Acme,Station,${SCANNED},,low,\nSpare,Acme,Mammo 3,,SN-7,low,\n`,
  );
  listeners = await countingListeners([UNSEEN, SCANNED], PORT);
  networkScan = await scan(SCANNED);
  spare = (await json('assets', 'show', 'SN-7')).asset.id;
});
afterAll(() => {
  listeners.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an inventory device no scan has probed', () => {
  it('gets its end-of-support and SBOM findings from the re-assessment, without a connection', async () => {
    expect(await findingsOf(UNSEEN)).toEqual([]);
    const r = await run('vulns', 'reassess', '--json');
    expect(r.code, r.err).toBe(1); // something new affects a device
    const summary = JSON.parse(r.out);
    // The spare unit has no address: judged all the same, its record kept under its asset id.
    expect(summary).toMatchObject({ devices: 3, unprobed: 2, opened: 3 });
    firstDesk = summary.deskScan;
    expect(listeners.of(UNSEEN)).toBe(0);
    const found = await findingsOf(UNSEEN);
    expect(found.map((f) => f.cve ?? f.ruleId).sort()).toEqual(['CVE-2015-8979', 'end-of-support']);
    expect(found.find((f) => f.cve === 'CVE-2015-8979')).toMatchObject({ state: 'open', component: 'dcmtk 3.6.0' });
    expect(summary.new.map((f: { host: string }) => f.host).sort()).toEqual([UNSEEN, UNSEEN, spare].sort());
    expect(await findingsOf(spare)).toMatchObject([{ cve: 'CVE-2015-8979', state: 'open', component: 'dcmtk 3.6.0' }]);
    // People read it by its inventory name, as a device without an address, with the id to filter by; a scanned
    // host's address reads as itself.
    expect(summary.new.find((f: { host: string }) => f.host === spare)).toMatchObject({ device: 'Spare', subject: spare });
    expect(summary.new.find((f: { host: string }) => f.host === UNSEEN)).not.toHaveProperty('device');
    const listed = (await run('findings', 'list')).out;
    expect(listed).toContain(`Spare (no address: ${spare})  known-vulnerability`);
    expect(listed).not.toContain(`${SCANNED} (no address`);
    const key = listed.split('\n').find((l) => l.includes(spare))!.split(' ')[0]!;
    expect((await run('findings', 'show', key)).out).toContain(`host Spare (no address: ${spare})`);
    expect((await run('findings', 'list', '--host', spare)).out).toContain('CVE-2015-8979');
    // The device's own page says where its findings are filed and how to list them.
    expect((await json('assets', 'show', 'SN-7')).openFindings).toEqual([{ host: spare, open: 1, highOrCritical: 1 }]);
    const shown = (await run('assets', 'show', 'SN-7')).out;
    expect(shown).toContain(`Open findings: radguard findings list --asset ${spare}`);
    expect(shown).toContain('1 (1 high or critical) at no address (kept under its asset id)');
    // Listed by the device, by any identifier the inventory has of it.
    const bySerial = (await json('findings', 'list', '--asset', 'SN-7')).findings as { subject: string; cve: string }[];
    expect(bySerial.map((f) => [f.subject, f.cve])).toEqual([[spare, 'CVE-2015-8979']]);
    const unseen = (await json('assets', 'show', UNSEEN)).asset.id;
    const byAddress = (await json('findings', 'list', '--asset', UNSEEN)).findings as { subject: string; cve: string | null; ruleId: string }[];
    expect(byAddress.map((f) => [f.subject, f.cve ?? f.ruleId]).sort()).toEqual([
      [unseen, 'CVE-2015-8979'],
      [unseen, 'end-of-support'],
    ]);
    expect((await run('findings', 'list', '--asset', 'SN-404')).code).toBe(2);
    // The text summary says which devices were judged at the desk.
    const text = await run('vulns', 'reassess');
    expect(text.out).toContain('Re-assessed 1 scanned device(s) and 2 device(s) no scan has probed (desk assessment');
  });

  it('is a desk scan record: listed as such, never the "latest scan", never network evidence', async () => {
    const scans = (await json('scans', 'list')).scans as { id: string; source: string; targets: string[]; status: string }[];
    expect(scans.filter((s) => s.source === 'desk').map((s) => s.targets.sort())).toEqual([[UNSEEN, spare].sort(), [UNSEEN, spare].sort()]);
    expect(scans.find((s) => s.id === firstDesk)).toMatchObject({ status: 'complete' });
    expect((await run('scans', 'list')).out).toContain('[desk] 2 inventory device(s) no scan has probed');
    // The desk record says what it is.
    const shown = await run('scans', 'show', firstDesk);
    expect(shown.out).toContain(`${UNSEEN}  not probed (no scan has probed this device): judged on its inventory facts and SBOMs only`);
    expect(shown.out).toContain(`${spare}  not probed (no scan has probed this device, and the inventory lists no address for it)`);
    withScans((s) => {
      expect(s.resolveScanId('latest')).toBe(networkScan);
      expect(s.latestHost(UNSEEN)).toBeNull();
      expect(s.getScan(firstDesk)?.source).toBe('desk');
    });
    const seg = SqliteSegmentationStore.open(db, { readonly: true });
    try {
      expect(seg.vantageScans().map((v) => v.scanId)).toEqual([networkScan]);
    } finally {
      seg.close();
    }
    const inv = SqliteScanStore.open(db, { readonly: true });
    try {
      expect(new InventoryStore(inv.db, randomIds).scanCount()).toBe(1);
    } finally {
      inv.close();
    }
  });

  it('keeps its findings as they are when re-assessed again, and only the devices asked for', async () => {
    const before = await findingsOf(UNSEEN);
    const again = await json('vulns', 'reassess');
    expect(again).toMatchObject({ unprobed: 2, opened: 0, reopened: 0, resolved: 0 });
    // The same findings, in the same state, first seen when they were: only the sighting is new.
    const same = (fs: Finding[]) => fs.map((f) => [f.key, f.state, (f as { firstSeen?: string }).firstSeen]);
    expect(same(await findingsOf(UNSEEN))).toEqual(same(before));
    expect(await json('vulns', 'reassess', '--asset', SCANNED)).toMatchObject({ devices: 1, unprobed: 0, deskScan: null });
    const last = await json('vulns', 'reassess', '--asset', UNSEEN);
    expect(last).toMatchObject({ devices: 1, unprobed: 1, opened: 0 });
    expect(listeners.of(UNSEEN)).toBe(0);
    // Of the four desk scans, those that changed nothing and that no finding points to are gone with their
    // occurrences: the first (where the findings were first seen), the third (where the spare's were last) and the
    // latest (where Mammo-1's were last) stay.
    const desks = ((await json('scans', 'list')).scans as { id: string; source: string }[]).filter((s) => s.source === 'desk').map((s) => s.id);
    expect(desks.sort()).toEqual([firstDesk, again.deskScan, last.deskScan].sort());
    withScans((s) => {
      const occurrences = s.db.prepare("SELECT count(*) FROM finding_occurrences o JOIN scans s ON s.id = o.scan_id WHERE s.source = 'desk'").pluck().get();
      expect(occurrences).toBe(3 + 3 + 2);
      expect(s.db.prepare('SELECT DISTINCT last_scan_id FROM findings WHERE host = ?').pluck().all(UNSEEN)).toEqual([last.deskScan]);
    });
  });

  it('carries its findings on under the same keys once a scan probes it, and leaves the desk then', async () => {
    const before = await findingsOf(UNSEEN);
    await scan(`${UNSEEN}-51`);
    expect(listeners.of(UNSEEN)).toBeGreaterThan(0);
    const after = await findingsOf(UNSEEN);
    for (const f of before)
      expect(
        after.find((a) => a.key === f.key),
        f.cve ?? f.ruleId,
      ).toMatchObject({ state: 'open' });
    expect(await json('vulns', 'reassess', '--asset', UNSEEN, '--asset', SCANNED)).toMatchObject({ devices: 2, unprobed: 0, deskScan: null, opened: 0, resolved: 0 });
  });

  it('without an address, keeps its findings under the same keys once the inventory gives it one', async () => {
    const before = await findingsOf(spare);
    const ADDRESS = '127.0.0.52';
    writeFileSync(join(dir, 'spare.csv'), `name,manufacturer,model,ip,serial,criticality,end_of_support\nSpare,Acme,Mammo 3,${ADDRESS},SN-7,low,\n`);
    expect((await run('assets', 'import', join(dir, 'spare.csv'))).code).toBe(0);
    expect((await json('assets', 'show', ADDRESS)).asset.id).toBe(spare);
    const r = await json('vulns', 'reassess', '--asset', spare);
    expect(r).toMatchObject({ devices: 1, unprobed: 1, opened: 0, reopened: 0, resolved: 0 });
    expect(await findingsOf(spare)).toEqual([]);
    const moved = await findingsOf(ADDRESS);
    expect(moved.map((f) => [f.key, f.state])).toEqual(before.map((f) => [f.key, f.state]));
    // Its desk record is kept at the address now.
    expect((await run('scans', 'show', r.deskScan)).out).toContain(`${ADDRESS}  not probed (no scan has probed this device)`);
    // Once a scan probes it, its record under the asset id speaks no more: the findings stay at the address.
    await scan(ADDRESS);
    expect(await json('vulns', 'reassess', '--asset', spare)).toMatchObject({ devices: 1, unprobed: 0, opened: 0, reopened: 0, resolved: 0 });
    expect((await findingsOf(ADDRESS)).map((f) => [f.key, f.state])).toEqual(before.map((f) => [f.key, f.state]));
  });
});
