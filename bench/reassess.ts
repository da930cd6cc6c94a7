/**
 * bench/reassess — the desk re-assessment of a fleet (ADR 0106): DEVICES scanned devices, each with four products
 * identified on the wire (vsftpd 2.3.4, DCMTK 3.6.0, Windows 7 SP1, IIS 6.0), against the real NVD records and
 * CISA KEV in shared/data. Hosts are written to a fresh store as a scan would commit them (no traffic at all);
 * then `reassessDevices` runs twice: the first opens every finding, the second finds nothing new (the steady state
 * after a feed import that changes nothing for these devices). Then as many inventory devices that no scan has
 * probed, whose model's SBOM lists the same four products and whose support has ended, are judged at the desk
 * (desk.ts: one 'desk' scan record), three times. No reference tool runs here: Dependency-Track re-analyses on its server
 * and Grype re-scans SBOMs, neither offline on this machine (issue 5).
 * Usage: npx tsx bench/reassess.ts [devices]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomIds } from '../src/core/clock.js';
import { inventoryForReassessment } from '../src/inventory/resolve.js';
import { reassessDevices } from '../src/scan/reassess.js';
import { InventoryStore } from '../src/store/sqlite/inventory-store.js';
import { SbomStore } from '../src/store/sqlite/vuln-sbom-store.js';
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

  // The same number of devices in the inventory only: a model SBOM of the four products, support ended.
  const inventory = new InventoryStore(store.db, randomIds);
  for (let i = 0; i < DEVICES; i++)
    inventory.upsert(
      { name: `MG-${i}`, manufacturer: 'Acme', model: 'Mammo 3', addresses: [`10.77.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`], endOfSupport: '2024-06-30' },
      'bench',
      '2026-11-01T00:00:00Z',
    );
  new SbomStore(store.db).add({
    model: 'Acme Mammo 3',
    path: 'mammo.cdx.json',
    sha256: 'bench',
    format: 'cyclonedx-json',
    specVersion: '1.5',
    importedAt: '2026-11-01T00:00:00Z',
    components: FLEET_PRODUCTS.map((p, k) => ({ id: `c${k}`, kind: 'application', name: p.product, version: p.version, cpes: [p.cpe], source: 'sbom' })),
  });
  const deskScans = () => store.db.prepare("SELECT count(*) FROM scans WHERE source = 'desk'").pluck().get() as number;
  // The third round drops the second desk scan (nothing points to it any more): the steady state of a daily import.
  for (const round of ['first desk assessment', 'again, nothing new', 'a third time, dropping the idle second']) {
    t = performance.now();
    const desk = reassessDevices(store, { clock, ...inventoryForReassessment(inventory, store, clock, randomIds) });
    console.log(
      `${round}: ${desk.unprobed} devices no scan has probed, ${desk.changes.length} changes in ${seconds(t)} s (${((performance.now() - t) / DEVICES).toFixed(2)} ms per device; the ${desk.devices - desk.unprobed} scanned ones re-assessed too); ${deskScans()} desk scan(s) kept`,
    );
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
