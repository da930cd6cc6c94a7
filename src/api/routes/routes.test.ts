/**
 * Object-level access and the read/triage routes: a vendor-service user (scoped to Siemens) sees only Siemens
 * assets, findings, scan hosts and diff lines, and another vendor's objects by id answer 404; triage follows the
 * state machine and the role's allowed actions, and lands in the audit log; the asset list pages and sorts in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { randomIds } from '../../core/clock.js';
import { aliveHost, loginAs, makeFixture, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
let vendor: Record<string, string>;
let analyst: Record<string, string>;
let biomed: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  fx = await makeFixture();
  const inv = new InventoryStore(fx.store.db, randomIds);
  for (let i = 0; i < 120; i++)
    inv.upsert({ name: `US-${String(i).padStart(3, '0')}`, manufacturer: i % 2 ? 'Siemens' : 'Philips', model: 'ACUSON', site: i % 3 ? 'north' : 'south', addresses: [`10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`] }, 'test', '2026-11-02T00:00:00.000Z');
  // a second scan: the GE device gone, the Siemens device with a new port
  fx.store.createScan({ id: 'scan_b', startedAt: '2026-11-10T08:00:00.000Z', source: 'scan', targets: ['10.0.0.0/24'], vantage: { sourceAddress: null, interface: null, zone: 'imaging', hostname: 't' }, profile: 'default', options: {}, hostsPlanned: 2 }, process.pid, null);
  fx.store.commitHost('scan_b', {
    host: aliveHost('10.0.0.5', fx.assets.siemens, {
      ports: [104, 2762].map((port) => ({ port, protocol: 'tcp' as const, state: 'open' as const, service: 'dicom', product: null, version: null, cpe: [], reason: null, rttMs: 1 })),
    }),
    verdicts: [{ ruleId: 'dicom.any-ae', title: 'DICOM accepts any AE title', severity: 'high', remediation: 'r', port: 104, evidence: 'e', observationIds: [] }],
    scannedPorts: new Set([104, 2762]),
    at: '2026-11-10T08:00:00.000Z',
  });
  fx.store.commitHost('scan_b', {
    host: aliveHost('10.0.0.7', null, { ports: [{ port: 22, protocol: 'tcp', state: 'open', service: 'ssh', product: null, version: null, cpe: [], reason: null, rttMs: 1 }] }),
    verdicts: [], scannedPorts: new Set([22]), at: '2026-11-10T08:00:00.000Z',
  });
  fx.store.finishScan('scan_b', 'complete', '2026-11-10T09:00:00.000Z');
  vendor = (await loginAs(fx.app, 'siemens-fse')).headers;
  analyst = (await loginAs(fx.app, 'sam')).headers;
  biomed = (await loginAs(fx.app, 'bea')).headers;
  admin = (await loginAs(fx.app, 'alice')).headers;
});
afterAll(async () => fx.close());

const get = (url: string, headers: Record<string, string>) => fx.app.inject({ url, headers });

describe('vendor-service scope', () => {
  it('lists only its manufacturer\'s assets and answers 404 for another vendor\'s asset by id', async () => {
    const all = (await get('/api/assets?limit=500', analyst)).json();
    const mine = (await get('/api/assets?limit=500', vendor)).json();
    expect(all.total).toBe(122);
    expect(mine.total).toBe(61);
    expect(mine.items.every((a: { manufacturer: string }) => a.manufacturer === 'Siemens')).toBe(true);
    // each row carries its current addresses, read for the page only
    expect(all.items.find((a: { id: string }) => a.id === fx.assets.siemens).addresses).toEqual(['10.0.0.5']);
    expect((await get(`/api/assets/${fx.assets.siemens}`, vendor)).statusCode).toBe(200);
    const other = await get(`/api/assets/${fx.assets.ge}`, vendor);
    const absent = await get('/api/assets/asset_nonexistent', vendor);
    expect(other.statusCode).toBe(404);
    expect(other.json().error).toBe(absent.json().error);
    // a filter cannot widen the scope
    expect((await get('/api/assets?manufacturer=GE', vendor)).json().total).toBe(0);
  });

  it('sees only findings on its assets; another vendor\'s finding is 404 for reads and triage', async () => {
    const list = (await get('/api/findings', vendor)).json();
    expect(list.items.map((f: { key: string }) => f.key)).toEqual([fx.findings.siemens]);
    expect((await get(`/api/findings/${fx.findings.ge}`, vendor)).statusCode).toBe(404);
    expect((await get(`/api/findings/${fx.findings.siemens}`, vendor)).json().history.length).toBeGreaterThan(0);
    expect((await get('/api/findings', analyst)).json().total).toBe(2);
  });

  it('sees scans without their target ranges, only its hosts, and a diff limited to its hosts', async () => {
    const scans = (await get('/api/scans', vendor)).json().items;
    expect(scans.map((s: { id: string }) => s.id).sort()).toEqual(['scan_a', 'scan_b']);
    expect(scans.every((s: { targets: unknown }) => s.targets === null)).toBe(true);
    expect((await get('/api/scans', analyst)).json().items[0].targets).toEqual(['10.0.0.0/24']);
    const a = (await get('/api/scans/scan_a', vendor)).json();
    expect(a.hosts.map((h: { address: string }) => h.address)).toEqual(['10.0.0.5']);
    expect(a.findings).toHaveLength(1);
    expect((await get('/api/scans/scan_a', analyst)).json().hosts).toHaveLength(2);
    const full = (await get('/api/scans/scan_a/diff/scan_b', analyst)).json();
    expect(full.hosts).toEqual({ new: ['10.0.0.7'], gone: ['10.0.0.6'], notRescanned: [], notPreviouslyScanned: [] });
    const d = (await get('/api/scans/scan_a/diff/scan_b', vendor)).json();
    expect(d.hosts).toEqual({ new: [], gone: [], notRescanned: [], notPreviouslyScanned: [] });
    expect(d.ports.opened.map((p: { port: number }) => p.port)).toEqual([2762]);
    expect(d.findings.gone).toEqual([]);
    expect((await get('/api/scans/nope', vendor)).statusCode).toBe(404);
  });
});

describe('assets list', () => {
  it('searches, filters, sorts and pages on the server', async () => {
    const p1 = (await get('/api/assets?q=US-&sort=name&limit=10&offset=0', analyst)).json();
    const p2 = (await get('/api/assets?q=US-&sort=name&limit=10&offset=10', analyst)).json();
    expect(p1.total).toBe(120);
    expect(p1.items.map((a: { name: string }) => a.name)).toEqual(Array.from({ length: 10 }, (_, i) => `US-${String(i).padStart(3, '0')}`));
    expect(p2.items[0].name).toBe('US-010');
    const desc = (await get('/api/assets?q=US-&sort=name&order=desc&limit=1', analyst)).json();
    expect(desc.items[0].name).toBe('US-119');
    expect((await get('/api/assets?site=south&manufacturer=Philips', analyst)).json().total).toBe(20);
    expect((await get('/api/assets?q=10.1.0.17', analyst)).json().items.map((a: { name: string }) => a.name)).toEqual(['US-016']);
    expect((await get('/api/assets?q=%25', analyst)).json().total).toBe(0); // LIKE wildcards are escaped
    expect((await get('/api/assets?limit=501', analyst)).statusCode).toBe(400);
    expect((await get('/api/assets?sort=password_hash', analyst)).statusCode).toBe(400);
  });
});

describe('triage', () => {
  it('follows the state machine and role rights, and is audited', async () => {
    const url = `/api/findings/${fx.findings.ge}/triage`;
    const post = (headers: Record<string, string>, payload: object) => fx.app.inject({ method: 'POST', url, headers, payload });
    expect((await post(biomed, { action: 'accept-risk', reason: 'isolated VLAN', approver: 'CISO', expiresAt: '2027-01-01T00:00:00Z' })).statusCode).toBe(403);
    expect((await post(analyst, { action: 'accept-risk', reason: 'isolated VLAN' })).statusCode).toBe(400);
    const ok = await post(biomed, { action: 'start-remediation', note: 'vendor ticket 123' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().state).toBe('in-remediation');
    const again = await post(biomed, { action: 'start-remediation' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/cannot start-remediation a finding that is in-remediation/);
    const acc = await post(analyst, { action: 'accept-risk', reason: 'isolated VLAN', approver: 'CISO', expiresAt: '2027-01-01T00:00:00Z' });
    expect(acc.json()).toMatchObject({ state: 'risk-accepted', acceptedBy: 'CISO' });
    expect(acc.json().history.at(-1)).toMatchObject({ actor: 'sam', to: 'risk-accepted' });
    const log = (await get('/api/audit-log?limit=50', admin)).json().items;
    const triage = log.filter((e: { action: string }) => e.action === 'finding.triage');
    expect(triage.map((e: { actor: string; detail: { to: string } }) => [e.actor, e.detail.to])).toEqual([['sam', 'risk-accepted'], ['bea', 'in-remediation']]);
    expect(JSON.stringify(log)).not.toMatch(/mac|password/i);
  });
});
