/**
 * The executive PDF, technical CSV and vendor ticket on a store filled the way production fills it: an
 * inventory CSV imported through the CLI, then a scanned host resolved to its asset and judged by the real
 * rules. The PDF's text is checked with pdftotext; PNG renders go to artifacts/inventory/ to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { fixedClock, sequentialIds } from '../../core/clock.js';
import type { HostRecord } from '../../core/scan.js';
import { rules } from '../../rules/index.js';
import { judge } from '../../scan/run.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { inventoryResolver } from '../resolve.js';
import { commandsAvailable } from '../../../test/peers/require.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-report-'));
const db = join(dir, 'r.db');
const artifacts = new URL('../../../artifacts/inventory/', import.meta.url).pathname;

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(['--db', db, ...argv], { stdout, stderr, env: {} });
  return { code, out, err };
}

beforeAll(async () => {
  const csv = join(dir, 'inv.csv');
  writeFileSync(
    csv,
    [
      'name,department,role,manufacturer,model,os,ip,criticality,end_of_support,software_version,serial',
      'MAMMO-2,Breast Centre,MG,Examplex,Mammo 3000,Windows 7 SP1,10.0.0.5,life-critical,,VB10,SN1',
      'PACS-1,Radiology,pacs,Archivo,Vault 9,,10.0.0.6,high,2040-03-31,,SN2',
      'WS-3,Radiology,workstation,PCmaker,WS-9,,10.0.0.7,low,,,SN3',
    ].join('\n') + '\n',
  );
  expect((await cli('assets', 'import', csv)).code).toBe(0);
  // One scanned host, resolved to its asset and judged by the real rules, as the scan engine does.
  const store = SqliteScanStore.open(db);
  const ids = sequentialIds();
  const clock = fixedClock('2026-11-30T09:00:00.000Z');
  store.createScan(
    {
      id: 'scan_1',
      startedAt: '2026-11-30T09:00:00.000Z',
      source: 'scan',
      targets: ['10.0.0.5'],
      vantage: { sourceAddress: null, interface: null, zone: 'unknown', hostname: 't' },
      profile: 'test',
      options: {},
      hostsPlanned: 1,
    },
    process.pid,
    null,
  );
  const host: HostRecord = {
    address: '10.0.0.5',
    assetId: null,
    mac: null,
    macVendor: null,
    hostnames: [],
    alive: true,
    aliveReason: 'syn-ack',
    ports: [104, 3389].map((port) => ({
      port,
      protocol: 'tcp' as const,
      state: 'open' as const,
      service: null,
      product: null,
      version: null,
      cpe: [],
      reason: 'syn-ack',
      rttMs: 1,
    })),
    checks: [],
    observations: [],
  };
  const asset = inventoryResolver(new InventoryStore(store.db, ids), { clock, ids })(host)!;
  const resolved = { ...host, assetId: asset.assetId, observations: [...host.observations, ...(asset.observations ?? [])] };
  store.commitHost('scan_1', {
    host: resolved,
    verdicts: judge(resolved, rules, asset),
    scannedPorts: new Set([104, 3389]),
    at: '2026-11-30T09:00:00.000Z',
  });
  store.finishScan('scan_1', 'complete', '2026-11-30T09:01:00.000Z');
  store.close();
});

describe('radguard report', () => {
  it.skipIf(!commandsAvailable('pdftotext', 'pdftoppm'))('executive PDF: scorecard with not-assessed reasons, top risks in plain words, timeline and plan', async () => {
    const pdf = join(dir, 'exec.pdf');
    const r = await cli('report', '--format', 'pdf', '-o', pdf, '--site', 'Example General');
    expect(r.code, r.err).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Imaging network security: executive summary');
    expect(text).toContain('Example General');
    expect(text).toMatch(/AT RISK\s+2\. Replace equipment that can no longer be updated/);
    expect(text).toMatch(/AT RISK\s+3\. Audit the equipment: every device, open but unused ports/);
    expect(text).toMatch(/NOT ASSESSED\s+1\. Make cybersecurity everyone's job[\s\S]*Not assessed: nobody has a console account yet/);
    expect(text).toMatch(/NOT ASSESSED\s+4\. Keep radiology systems separate[\s\S]*Not assessed: no zone policy has been verified yet/);
    expect(text).toMatch(/1\. \[high\] MAMMO-2 \(MG, life-critical criticality\)/);
    expect(text).toContain('End-of-support timeline');
    expect(text).toMatch(/2020-01-14 Windows 7 SP1/);
    expect(text).toMatch(/Replacement plan \(risk-ranked\)[\s\S]*1\s+MAMMO-2\s+life-critical\s+2020-01-14/);
    mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(artifacts, 'executive')]);
  });

  it('technical CSV lists every tracked finding with its device and SLA due date', async () => {
    const r = await cli('report', '--format', 'csv');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(
      'key,state,severity,rule,cve,host,device,role,criticality,manufacturer,model,location,first_seen,due,due_from,sla_status',
    );
    expect(lines.filter((l) => l.includes(',open-port-unneeded,'))).toHaveLength(1);
    expect(lines.find((l) => l.includes(',open-port-unneeded,'))).toMatch(
      /,high,open-port-unneeded,,10\.0\.0\.5,MAMMO-2,MG,life-critical,Examplex,Mammo 3000,Breast Centre,2026-11-30T09:00:00\.000Z,2026-12-30,sla,/,
    );
  });

  it('vendor ticket: devices, findings and what to request', async () => {
    const r = await cli('report', '--vendor', 'examplex');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/To: examplex product security/);
    expect(r.out).toMatch(/MAMMO-2: Mammo 3000 serial SN1 software VB10 at Breast Centre/);
    expect(r.out).toMatch(/\[high\] Open port the device does not need on 10\.0\.0\.5:3389/);
    expect(r.out).toMatch(/Requested:\n  - Device or operating system past end of support: Put the device on the replacement plan/);
    expect((await cli('report', '--vendor', 'nobody')).code).toBe(2);
  });
});
