/**
 * A known device the do-not-probe list holds back (a mammography unit whose vendor forbids scans) is still judged
 * at the desk by every scan that covers it: its end of support from the inventory and the CVEs of the software its
 * SBOM lists, with not one connection to it. A listener on its address counts connections; the real NVD record of
 * DCMTK (CVE-2015-8979) is the feed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';
import { countingListeners, deskStore } from '../../../test/desk-setup.js';
import { cliOn } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-not-probed-'));
const db = join(dir, 'r.db');
const { run, json } = cliOn(db);
const HELD = '127.0.0.48'; // on the do-not-probe list, in the inventory
const PROBED = '127.0.0.49'; // beside it, scanned as usual
const PORT = 11112;
const REASON = 'mammography unit, vendor forbids scans';
let listeners: Awaited<ReturnType<typeof countingListeners>>;
type Finding = { key: string; cve: string | null; ruleId: string; component: string | null; state: string; host: string };
const findingsOf = async (host: string) => ((await json('findings', 'list')).findings as Finding[]).filter((f) => f.host === host);
const scan = async () => {
  const r = await run('scan', `${HELD}-49`, '-p', String(PORT), '--fast', '--json');
  expect([0, 1], r.err).toContain(r.code);
  return JSON.parse(r.out);
};

beforeAll(async () => {
  await deskStore(
    run,
    dir,
    `name,manufacturer,model,ip,criticality,end_of_support\nMammo-1,Acme,Mammo 3,${HELD},high,2024-06-30\nWS-2,Acme,Station,${PROBED},low,\n`,
  );
  expect((await run('do-not-probe', 'add', HELD, '--reason', REASON)).code).toBe(0);
  listeners = await countingListeners([HELD, PROBED], PORT);
});
afterAll(() => {
  listeners.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a do-not-probe device in the inventory', () => {
  it('is judged on its inventory facts and SBOM by the scan, without a connection', async () => {
    const report = await scan();
    expect(listeners.of(HELD)).toBe(0);
    expect(report.skipped).toEqual([{ target: HELD, reason: `do-not-probe: ${REASON} (${HELD})` }]);
    const held = report.hosts.find((h: { address: string }) => h.address === HELD);
    expect(held).toMatchObject({ probed: false, alive: false, aliveReason: `do-not-probe: ${REASON} (${HELD})`, ports: [], checks: [] });
    expect(report.hosts.find((h: { address: string }) => h.address === PROBED)).toMatchObject({ probed: true, alive: true });
    const ids = held.findings.map((f: { id: string; cve: string | null }) => f.cve ?? f.id).sort();
    expect(ids).toEqual(['CVE-2015-8979', 'end-of-support']);
    expect((await findingsOf(HELD)).find((f) => f.cve === 'CVE-2015-8979')).toMatchObject({ state: 'open', component: 'dcmtk 3.6.0' });
    // The table report says so, not "no answer".
    const table = await run('scans', 'show', report.scan.id);
    expect(table.out).toContain(`${HELD}  not probed (do-not-probe: ${REASON} (${HELD})): judged on its inventory facts and SBOMs only`);
    // Never probed: no scan picture of it, but its desk record is what the re-assessment judges.
    const scans = SqliteScanStore.open(db, { readonly: true });
    try {
      expect(scans.latestHost(HELD)).toBeNull();
      expect([...scans.latestHosts()].find((h) => h.host.address === HELD)).toMatchObject({
        scanId: report.scan.id,
        host: { probed: false },
      });
    } finally {
      scans.close();
    }
  });

  it('proves no network path: segmentation evidence and scan diffs leave the desk record out', async () => {
    // Once probed (taken off the list for a service visit), then held back again.
    expect((await run('do-not-probe', 'remove', HELD)).code).toBe(0);
    const probed = (await scan()).scan.id as string;
    expect(listeners.of(HELD)).toBeGreaterThan(0);
    listeners.reset();
    expect((await run('do-not-probe', 'add', HELD, '--reason', REASON)).code).toBe(0);
    const held = (await scan()).scan.id as string;
    expect(listeners.of(HELD)).toBe(0);
    const diff = await json('scans', 'diff', probed, held);
    // Not "port closed" or "host gone": the second scan did not look.
    expect(diff.hosts.notRescanned).toEqual([HELD]);
    expect(JSON.stringify([diff.ports, diff.hosts.gone, diff.findings])).not.toContain(HELD);
    // What the device showed when it was last probed stays its picture (the asset page, vulns match --asset, the
    // re-assessment's identified software), not the desk record's empty one.
    const scans = SqliteScanStore.open(db, { readonly: true });
    try {
      expect(scans.latestHost(HELD)?.scanId).toBe(probed);
      expect([...scans.latestHosts()].find((h) => h.host.address === HELD)?.scanId).toBe(probed);
    } finally {
      scans.close();
    }
    const seg = SqliteSegmentationStore.open(db, { readonly: true });
    try {
      const hosts = Object.fromEntries(seg.vantageScans().map((v) => [v.scanId, v.hosts]));
      expect(hosts[probed]).toEqual([HELD, PROBED]);
      expect(hosts[held]).toEqual([PROBED]);
    } finally {
      seg.close();
    }
  });

  it('resolves the SBOM finding at the next scan once the SBOM is gone; re-assessment covers the device too', async () => {
    const sboms = (await json('sbom', 'list')).sboms as { id: number }[];
    expect((await run('sbom', 'remove', String(sboms[0]!.id))).code).toBe(0);
    expect(await json('vulns', 'reassess', '--asset', HELD)).toMatchObject({ devices: 1, resolved: 1 });
    expect((await findingsOf(HELD)).find((f) => f.cve === 'CVE-2015-8979')).toMatchObject({ state: 'resolved' });
    await scan();
    const held = await findingsOf(HELD);
    expect(held.find((f) => f.cve === 'CVE-2015-8979')).toMatchObject({ state: 'resolved' });
    expect(held.find((f) => f.ruleId === 'end-of-support')).toMatchObject({ state: 'open' });
    expect(listeners.of(HELD)).toBe(0);
  });
});
