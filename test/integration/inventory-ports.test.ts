/**
 * Declared versus observed ports on real peers (namespaces, 10.77.60.0/24, isolated): an inventory CSV and an
 * MDS2 workbook for one model (both through the CLI), then a real scan through the engine with the inventory's identity
 * resolver. `open-port-unneeded` must fire exactly on the undeclared ports; with no inventory at all, a DCMTK
 * storescp's role is inferred from its DICOM services and its role profile judges the other ports.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds } from '../../src/core/clock.js';
import { identifiers } from '../../src/identify/index.js';
import { main } from '../../src/cli/main.js';
import { inventoryResolver } from '../../src/inventory/resolve.js';
import { DoNotProbeGuard } from '../../src/net/guard.js';
import { FAST_LIMITS } from '../../src/net/limits.js';
import { DEFAULT_DICOM_PORTS, Net } from '../../src/net/net.js';
import { probes } from '../../src/probes/index.js';
import { rules } from '../../src/rules/index.js';
import { runScan } from '../../src/scan/run.js';
import { FAST_TIMING } from '../../src/scan/sweep.js';
import { planTargets } from '../../src/scan/targets.js';
import { InventoryStore } from '../../src/store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../../src/store/sqlite/scan-store.js';
import { cleanup, startStorescp } from '../fakes/dicom-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const ok = netnsAvailable() && commandsAvailable('storescp');
const listener = new URL('../peers/listen.mjs', import.meta.url).pathname;
const PORTS = [21, 22, 104, 443, 2762, 8042, 8080, 11112];
const AT = '2026-11-30T09:00:00.000Z';

async function scanWithInventory(db: string) {
  const store = SqliteScanStore.open(db);
  const ids = sequentialIds();
  const inventory = new InventoryStore(store.db, ids);
  const clock = fixedClock(AT);
  const guard = new DoNotProbeGuard([]);
  const net = new Net({ limits: FAST_LIMITS, guard, dicomPorts: DEFAULT_DICOM_PORTS });
  try {
    const summary = await runScan(
      {
        plan: await planTargets(['10.77.60.11-12'], {}),
        ports: PORTS,
        profile: 'test',
        timing: FAST_TIMING,
        hostParallel: 2,
        probeParallel: 4,
        probes,
        intrusive: false,
        rules,
        identifiers,
        vantage: { sourceAddress: '10.77.60.1', interface: null, zone: 'test', hostname: 'test' },
        options: {},
      },
      { store, net, guard, clock, ids, resolveAsset: inventoryResolver(inventory, { clock, ids }), readNeighbours: () => new Map() },
    );
    const findings = store.scanFindings(summary.scanId);
    const on = (address: string, ruleId: string) =>
      findings
        .filter((f) => f.address === address && f.ruleId === ruleId)
        .map((f) => f.port)
        .sort((a, b) => (a ?? 0) - (b ?? 0));
    return { findings, on, inventory, store, summary };
  } catch (e) {
    store.close();
    throw e;
  }
}

describe.skipIf(!ok)('declared vs observed ports on real peers', () => {
  let net: TestNet;
  const dir = mkdtempSync(join(tmpdir(), 'rg-inv-'));
  beforeAll(async () => {
    net = createTestNet(60, [{ name: 'mammo' }, { name: 'node' }]);
    const start = (host: string, ports: number[]) =>
      new Promise<void>((resolve) => {
        const child = net.host(host).spawn(process.execPath, [listener, net.host(host).address, ...ports.map(String)]);
        let n = 0;
        child.stdout!.on('data', (d: Buffer) => {
          n += (d.toString().match(/listening/g) ?? []).length;
          if (n === ports.length) resolve();
        });
      });
    await Promise.all([
      start('mammo', [22, 104, 443, 8080]),
      start('node', [21, 8042]),
      startStorescp(net.host('node'), 'STORESCP', 11112),
    ]);
  }, 30_000);
  afterAll(() => {
    net?.close();
    cleanup();
  });

  it('with an inventory CSV and an MDS2 form for the model: open-port-unneeded exactly on the undeclared ports', async () => {
    const db = join(dir, 'with-inventory.db');
    const csv = join(dir, 'inventory.csv');
    writeFileSync(
      csv,
      `name,department,role,manufacturer,model,ip,criticality,end_of_support\nMAMMO-2,Breast Centre,MG,Examplex,Mammo 3000,10.77.60.11,high,2025-06-30\n`,
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('MDS2');
    ws.addRow(['DOC-1', 'Manufacturer Name', 'Examplex']);
    ws.addRow(['DOC-3', 'Device Model', 'Mammo 3000']);
    ws.addRow([
      'CONN-4',
      'Is the device capable of receiving network communications?',
      'Yes',
      'DICOM storage commitment on TCP port 104, DICOM over TLS on 2762/tcp.',
    ]);
    ws.addRow([
      'RMOT-1',
      'Does the device permit remote service connections?',
      'Yes',
      'Vendor engineers use the web service UI on port 443 via the hospital gateway.',
    ]);
    ws.addRow(['CONN-1', 'Does the device have hardware connectivity capabilities?', 'Yes', 'USB ports: 2, disabled.']);
    const mds2 = join(dir, 'examplex-mds2.xlsx');
    await wb.xlsx.writeFile(mds2);
    const cli = async (...argv: string[]) => {
      let out = '';
      const stdout = new PassThrough();
      stdout.on('data', (c) => (out += c));
      const code = await main(['--db', db, ...argv], { stdout, stderr: new PassThrough(), env: {} });
      return { code, out };
    };
    expect((await cli('assets', 'import', csv)).code).toBe(0);
    const m = await cli('models', 'mds2', mds2, '--json');
    expect(m.code).toBe(0);
    expect(JSON.parse(m.out)).toMatchObject({ manufacturer: 'Examplex', model: 'Mammo 3000', assetsMarked: 1 });
    const r = await scanWithInventory(db);
    try {
      expect(r.on('10.77.60.11', 'open-port-unneeded')).toEqual([22, 8080]);
      expect(r.on('10.77.60.11', 'declared-port-closed')).toEqual([2762]);
      expect(r.on('10.77.60.11', 'end-of-support')).toEqual([null]);
      const f22 = r.findings.find((f) => f.address === '10.77.60.11' && f.port === 22 && f.ruleId === 'open-port-unneeded')!;
      expect(f22.scanEvidence).toMatch(/Examplex Mammo 3000 declares only 104, 443, 2762 \(source: mds2:examplex-mds2.xlsx\)/);
      // the finding keys on the imported asset, whose criticality the engine now knows
      const mammo = r.inventory.find('10.77.60.11')!;
      expect(mammo.name).toBe('MAMMO-2');
      expect(f22.subject).toBe(mammo.id);
      // the unknown device became an asset with an inferred role
      expect(r.inventory.find('10.77.60.12')).toMatchObject({ origin: 'scan', role: 'dicom-node', roleSource: 'inferred-dicom' });
    } finally {
      r.store.close();
    }
  }, 60_000);

  it('with no inventory at all: role inferred from DICOM services, role-profile findings on the other ports', async () => {
    const r = await scanWithInventory(join(dir, 'empty.db'));
    try {
      expect(r.on('10.77.60.12', 'open-port-unneeded')).toEqual([21, 8042]);
      const f = r.findings.find((x) => x.address === '10.77.60.12' && x.port === 8042 && x.ruleId === 'open-port-unneeded')!;
      expect(f.scanEvidence).toMatch(/inferred to be dicom-node from its DICOM services: DICOM SCP on port 11112 accepted/);
      expect(f.scanSeverity).toBe('low');
      expect(r.findings.find((x) => x.address === '10.77.60.12' && x.port === 21 && x.ruleId === 'open-port-unneeded')!.scanSeverity).toBe(
        'high',
      );
      // nothing is declared or inferred for the plain listener host: no port judgement at all
      expect(r.on('10.77.60.11', 'open-port-unneeded')).toEqual([]);
      expect(r.on('10.77.60.11', 'declared-port-closed')).toEqual([]);
    } finally {
      r.store.close();
    }
  }, 60_000);
});
