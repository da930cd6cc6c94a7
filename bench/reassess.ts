/**
 * bench/reassess — the desk re-assessment of a fleet (ADR 0106): DEVICES scanned devices, each with four products
 * identified on the wire (vsftpd 2.3.4, DCMTK 3.6.0, Windows 7 SP1, IIS 6.0), against the real NVD records and
 * CISA KEV in shared/data. Hosts are written to a fresh store as a scan would commit them (no traffic at all);
 * then `reassessDevices` runs twice: the first opens every finding, the second finds nothing new (the steady state
 * after a feed import that changes nothing for these devices). No reference tool runs here: Dependency-Track
 * re-analyses on its server and Grype re-scans SBOMs, neither offline on this machine (issue 5).
 * Usage: npx tsx bench/reassess.ts [devices]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reassessDevices } from '../src/scan/reassess.js';
import { SqliteScanStore } from '../src/store/sqlite/scan-store.js';
import { importFeeds } from '../src/vuln/feeds/import.js';
import { commitIdentifiedFleet, FLEET_PRODUCTS } from '../test/identified-fleet.js';
import { SHARED_DATA } from '../test/shared-data.js';

const DEVICES = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'rg-reassess-'));
const store = SqliteScanStore.open(join(dir, 'bench.db'));
const clock = { now: () => new Date('2026-11-30T00:00:00Z') };
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
try {
  await importFeeds(store.db, [join(SHARED_DATA, 'vuln/nvd/records'), join(SHARED_DATA, 'vuln/kev/known_exploited_vulnerabilities.json')], {
    clock,
    workers: 0,
  });
  const vantage = { sourceAddress: null, interface: null, zone: 'imaging', hostname: 'bench' };
  store.createScan(
    {
      id: 'scan_1',
      startedAt: '2026-11-01T00:00:00Z',
      source: 'scan',
      targets: [],
      vantage,
      profile: null,
      options: {},
      hostsPlanned: DEVICES,
    },
    process.pid,
    null,
  );
  commitIdentifiedFleet(store, 'scan_1', DEVICES, { at: '2026-11-01T00:00:00Z' });
  console.log(`${DEVICES} scanned devices × ${FLEET_PRODUCTS.length} identified products; real NVD records and KEV (shared/data)`);
  let t = performance.now();
  const first = reassessDevices(store, { clock, assetOf: () => null });
  console.log(
    `first re-assessment: ${first.devices} devices, ${first.components} components, ${first.changes.length} findings opened in ${seconds(t)} s`,
  );
  t = performance.now();
  const again = reassessDevices(store, { clock, assetOf: () => null });
  console.log(
    `again, nothing new: ${again.changes.length} changes in ${seconds(t)} s (${((performance.now() - t) / DEVICES).toFixed(2)} ms per device)`,
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
