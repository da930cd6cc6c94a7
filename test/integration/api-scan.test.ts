/**
 * Scans driven through the HTTP API against real peers in network namespaces (10.77.52.0/24): the real server
 * listening on 127.0.0.1, an admin putting one host on the do-not-probe list through the API, an analyst starting
 * a scan and watching its Server-Sent Events (read with fetch) to 'done', a Siemens vendor-service user following
 * the same scan live and seeing only its own device, the do-not-probe host receiving not one TCP packet
 * (iptables counter), and a cancelled scan ending 'incomplete' in the store.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIds } from '../../src/core/clock.js';
import { InventoryStore } from '../../src/store/sqlite/inventory-store.js';
import { loginAs, makeFixture, type Fixture } from '../../src/api/testing/fixture.js';
import { startVsftpd } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const listener = new URL('../peers/listen.mjs', import.meta.url).pathname;
const ok = netnsAvailable() && commandsAvailable('vsftpd');

function tcpPacketsSeen(ns: string): number {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-L', 'INPUT', '-v', '-n', '-x'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /rg-count/.test(l));
  return Number(line?.trim().split(/\s+/)[0] ?? NaN);
}

interface Ev {
  event: string;
  data: Record<string, unknown>;
}
/** Reads an event stream over real HTTP until the server closes it; calls onEvent for each event as it arrives. */
async function events(url: string, cookie: string, onEvent?: (e: Ev) => void): Promise<{ status: number; list: Ev[] }> {
  const r = await fetch(url, { headers: { cookie } });
  const list: Ev[] = [];
  if (r.status !== 200 || !r.body) return { status: r.status, list };
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of r.body) {
    buf += decoder.decode(chunk as Uint8Array, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(':')) continue;
      const e = { event: /^event: (.*)$/m.exec(block)![1]!, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) };
      list.push(e);
      onEvent?.(e);
    }
  }
  return { status: r.status, list };
}

describe.skipIf(!ok)('scans through the API on real peers', () => {
  let net: TestNet;
  let fx: Fixture;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'rg-api-scan-'));
  const cookies: Record<string, string> = {};
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    net = createTestNet(52, [{ name: 'ct' }, { name: 'mr', dropAllTcpExcept: [104] }, { name: 'excluded' }]);
    await startVsftpd(net.host('ct'), dir, { anonymous: true, noAnonPassword: true, banner: null });
    const ready: Promise<void>[] = [];
    for (const [name, ports] of [
      ['mr', [104]],
      ['excluded', [22, 104]],
    ] as const) {
      const child = net.host(name).spawn(process.execPath, [listener, net.host(name).address, ...ports.map(String)]);
      ready.push(
        new Promise((resolve) => {
          let n = 0;
          child.stdout!.on('data', (d: Buffer) => {
            n += (d.toString().match(/listening/g) ?? []).length;
            if (n === ports.length) resolve();
          });
        }),
      );
    }
    await Promise.all(ready);
    net.host('excluded').exec('iptables', ['-I', 'INPUT', '-p', 'tcp', '-m', 'comment', '--comment', 'rg-count']);
    fx = await makeFixture({ secureCookies: false, sseHeartbeatMs: 1000 });
    const inv = new InventoryStore(fx.store.db, randomIds);
    inv.upsert(
      { name: 'CT-NS', manufacturer: 'Siemens', site: 'north', addresses: [net.host('ct').address] },
      'test',
      '2026-11-02T00:00:00.000Z',
    );
    inv.upsert(
      { name: 'MR-NS', manufacturer: 'GE', site: 'south', addresses: [net.host('mr').address] },
      'test',
      '2026-11-02T00:00:00.000Z',
    );
    for (const u of ['alice', 'sam', 'siemens-fse']) {
      const l = await loginAs(fx.app, u);
      cookies[u] = l.cookie;
      headers[u] = l.headers;
    }
    base = await fx.app.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, user: string, body?: object) => {
    const r = await fetch(base + path, {
      method: 'POST',
      headers: { ...headers[user]!, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  it('scans to done, streams a vendor only its device, and never probes the do-not-probe host', async () => {
    const dnp = await post('/api/do-not-probe', 'alice', { cidr: net.host('excluded').address, reason: 'vendor forbids active scans' });
    expect(dnp.status).toBe(201);
    const start = await post('/api/scans', 'sam', { targets: ['10.77.52.11-13'], ports: '21,22,104' });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    const id = start.body.id as string;
    const url = `${base}/api/scans/${id}/events`;
    const [analyst, vendor] = await Promise.all([events(url, cookies.sam!), events(url, cookies['siemens-fse']!)]);

    expect(analyst.status).toBe(200);
    expect(analyst.list.at(-1)).toMatchObject({ event: 'done', data: { status: 'complete', hostsScanned: 2 } });
    expect(analyst.list.some((e) => e.event === 'progress' && (e.data.hostsTotal as number) === 3)).toBe(true);
    const hosts = analyst.list.filter((e) => e.event === 'host').map((e) => e.data);
    expect(hosts.map((h) => h.address).sort()).toEqual(['10.77.52.11', '10.77.52.12']);
    expect(hosts.find((h) => h.address === '10.77.52.11')).toMatchObject({ openPorts: [21] });
    expect(hosts.find((h) => h.address === '10.77.52.12')).toMatchObject({ openPorts: [104] });
    const findings = analyst.list.filter((e) => e.event === 'finding').map((e) => e.data);
    expect(findings.some((f) => f.address === '10.77.52.11' && f.ruleId === 'ftp-anonymous')).toBe(true);

    expect(vendor.status).toBe(200);
    expect(new Set(vendor.list.map((e) => e.event))).toEqual(new Set(['host', 'finding', 'done']));
    expect(vendor.list.filter((e) => e.event === 'host').map((e) => e.data.address)).toEqual(['10.77.52.11']);
    expect(vendor.list.filter((e) => e.event === 'finding').every((e) => e.data.address === '10.77.52.11')).toBe(true);
    expect(vendor.list.at(-1)).toEqual({ event: 'done', data: { status: 'complete', message: null, hostsScanned: null } });

    expect(tcpPacketsSeen(net.host('excluded').ns)).toBe(0);
    const stored = fx.store.getScan(id)!;
    expect(stored.status).toBe('complete');
    expect(fx.store.hostAddresses(id)).toEqual(['10.77.52.11', '10.77.52.12']);
    const dash = (await (await fetch(`${base}/api/dashboard`, { headers: { cookie: cookies['siemens-fse']! } })).json()) as {
      trend: Array<{ scanId: string }>;
    };
    expect(dash.trend.map((t) => t.scanId)).toContain(id);
  });

  it('a vendor gets 404 for a scan that never reaches its devices', async () => {
    const start = await post('/api/scans', 'sam', { targets: ['10.77.52.12'], ports: '104' });
    expect(start.status).toBe(202);
    const url = `${base}/api/scans/${start.body.id as string}/events`;
    const vendor = await events(url, cookies['siemens-fse']!);
    expect(vendor.status).toBe(404);
    const analyst = await events(url, cookies.sam!);
    expect(analyst.list.at(-1)!.event).toBe('done');
    expect(await events(url, cookies['siemens-fse']!)).toMatchObject({ status: 404 });
  });

  it('cancels a scan that would take minutes; it ends incomplete, keeping what was finished', async () => {
    // 2,000 ports on a host that drops all but one, at the safe rate: far longer than this test waits
    const start = await post('/api/scans', 'sam', { targets: ['10.77.52.11-12'], ports: '1-2000' });
    expect(start.status).toBe(202);
    const id = start.body.id as string;
    let cancelled: Promise<{ status: number }> | null = null;
    const stream = await events(`${base}/api/scans/${id}/events`, cookies.sam!, (e) => {
      if (e.event === 'progress' && (e.data.portsChecked as number) > 50) cancelled ??= post(`/api/scans/${id}/cancel`, 'alice');
    });
    expect((await cancelled!).status).toBe(202);
    expect(stream.list.at(-1)).toMatchObject({
      event: 'cancelled',
      data: { status: 'incomplete', message: 'cancelled by alice via the API' },
    });
    expect(fx.store.getScan(id)).toMatchObject({ status: 'incomplete', error: 'cancelled by alice via the API' });
    expect(tcpPacketsSeen(net.host('excluded').ns)).toBe(0);
  });
});
