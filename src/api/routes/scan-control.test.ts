/**
 * Scan control without namespaces: the refusals (public or large scopes without an admin's confirmation, a
 * confirmation from a non-admin, bad ports; each refusal audited and no scan created), real scans of loopback
 * listeners started through the API (one at a time: 409), their event streams read over a real listening server
 * (progress, host, finding, done; replay for a late subscriber; heartbeat comments), a cancel that ends the scan
 * 'incomplete' with who stopped it, a vendor's filtered stream and 404s, and resuming after Last-Event-ID (only the
 * missing events, in the reader's scope; a bad or foreign id starts over). Only 127.0.0.0/8 is ever scanned.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROLES } from '../../auth/roles.js';
import { aliveHost, loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
let base: string;
let listener: Server;
let port: number;
let connections = 0;
const h: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  fx = await makeFixture({ secureCookies: false, sseHeartbeatMs: 100 });
  for (const role of API_ROLES) h[role] = (await loginAs(fx.app, ROLE_USERS[role])).headers;
  // a scan that touched only the GE device: the Siemens vendor must not learn it exists
  fx.store.createScan(
    {
      id: 'scan_ge',
      startedAt: '2026-11-05T08:00:00.000Z',
      source: 'scan',
      targets: ['10.0.0.6'],
      vantage: { sourceAddress: null, interface: null, zone: 'imaging', hostname: 't' },
      profile: 'default',
      options: {},
      hostsPlanned: 1,
    },
    process.pid,
    null,
  );
  fx.store.commitHost('scan_ge', {
    host: aliveHost('10.0.0.6', fx.assets.ge),
    verdicts: [],
    scannedPorts: new Set([104]),
    at: '2026-11-05T08:00:00.000Z',
  });
  fx.store.finishScan('scan_ge', 'complete', '2026-11-05T08:10:00.000Z');
  listener = createServer((s) => {
    connections++;
    s.on('error', () => {});
    s.end('hello\r\n');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  port = (listener.address() as AddressInfo).port;
  base = await fx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  listener.close();
  await fx.close();
});

const post = (url: string, user: string, payload?: object) =>
  fx.app.inject({ method: 'POST', url, headers: h[user]!, ...(payload ? { payload } : {}) });

interface Sse {
  events: Array<{ id: string | null; event: string; data: Record<string, unknown> }>;
  comments: number;
}
/**
 * Reads an event stream over real HTTP until the server closes it (or `stop` says so, then aborts); `lastEventId`
 * is sent as a reconnecting EventSource sends it.
 */
async function readStream(
  path: string,
  user: string,
  stop?: (s: Sse) => boolean,
  lastEventId?: string,
): Promise<Sse & { status: number; type: string | null }> {
  const abort = new AbortController();
  const headers: Record<string, string> = { cookie: h[user]!.cookie! };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const r = await fetch(base + path, { headers, signal: abort.signal });
  const out: Sse = { events: [], comments: 0 };
  if (r.status !== 200 || !r.body) return { ...out, status: r.status, type: r.headers.get('content-type') };
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of r.body) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block.startsWith(':')) out.comments++;
        else {
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const id = /^id: (.*)$/m.exec(block)?.[1] ?? null;
          out.events.push({ id, event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) });
        }
      }
      if (stop?.(out)) {
        abort.abort();
        break;
      }
    }
  } catch (e) {
    if (!abort.signal.aborted) throw e;
  }
  return { ...out, status: r.status, type: r.headers.get('content-type') };
}
const names = (s: Sse) => s.events.map((e) => e.event);
/** What a reader keeps of a stream: each event's id, name and data (progress is a gauge, not part of the story). */
const story = (s: Sse) => s.events.filter((e) => e.event !== 'progress').map((e) => `${e.id} ${e.event} ${JSON.stringify(e.data)}`);

describe('POST /api/scans refusals', () => {
  it('refuses public and oversized scopes, confirmations by non-admins and bad ports; audits each; starts nothing', async () => {
    const scans = fx.store.listScans().length;
    const pub = await post('/api/scans', 'admin', { targets: ['8.8.8.8'] });
    expect(pub.statusCode).toBe(400);
    expect(pub.json().message).toMatch(/8\.8\.8\.8 is a public address.*only when an admin sets confirmPublic/);
    const large = await post('/api/scans', 'security-analyst', { targets: ['10.0.0.0/8'] });
    expect(large.statusCode).toBe(400);
    expect(large.json().message).toMatch(/16777216 addresses, more than the limit of 65536.*an admin may set confirmLarge/);
    for (const [user, flag] of [
      ['security-analyst', 'confirmPublic'],
      ['biomedical-engineer', 'confirmLarge'],
    ] as const) {
      const r = await post('/api/scans', user, { targets: ['8.8.8.8'], [flag]: true });
      expect(r.statusCode).toBe(403);
      expect(r.json().message).toMatch(/only an admin may confirm/);
    }
    expect((await post('/api/scans', 'admin', { targets: ['127.0.0.1'], ports: '99999' })).statusCode).toBe(400);
    expect((await post('/api/scans', 'admin', { targets: [] })).statusCode).toBe(400);
    expect((await post('/api/scans', 'admin', { targets: ['127.0.0.1'], intrusive: true })).statusCode).toBe(400); // not an API option
    for (const user of ['viewer', 'vendor-service'])
      expect((await post('/api/scans', user, { targets: ['127.0.0.1'] })).statusCode).toBe(403);
    expect(fx.store.listScans()).toHaveLength(scans);
    const log = (await fx.app.inject({ url: '/api/audit-log?limit=50', headers: h.admin! })).json().items as Array<{
      action: string;
      actor: string;
      detail: { targets: string[]; reason: string };
    }>;
    const refused = log.filter((e) => e.action === 'scan.refused');
    expect(refused.map((e) => e.actor)).toEqual(['alice', 'bea', 'sam', 'sam', 'alice']);
    expect(refused.at(-1)!.detail.targets).toEqual(['8.8.8.8']);
  });
});

describe('a real scan through the API (loopback)', () => {
  it('starts, answers 409 to a second start, streams to done and replays for a late subscriber', async () => {
    const start = await post('/api/scans', 'biomedical-engineer', { targets: ['127.0.0.1'], ports: String(port) });
    expect(start.statusCode, start.body).toBe(202);
    const id = start.json().id as string;
    expect(fx.store.getScan(id)).toMatchObject({ status: 'running', targets: ['127.0.0.1'] });
    const busy = await post('/api/scans', 'admin', { targets: ['127.0.0.2'], ports: String(port) });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().message).toContain(id);
    const live = await readStream(`/api/scans/${id}/events`, 'security-analyst');
    expect(live.status).toBe(200);
    expect(live.type).toBe('text/event-stream; charset=utf-8');
    expect(names(live).at(-1)).toBe('done');
    const host = live.events.find((e) => e.event === 'host')!.data;
    expect(host).toMatchObject({ address: '127.0.0.1', alive: true, openPorts: [port] });
    expect(live.events.at(-1)!.data).toMatchObject({ status: 'complete', hostsScanned: 1 });
    expect(connections).toBeGreaterThan(0);
    expect(fx.store.getScan(id)!.status).toBe('complete');
    // a subscriber arriving after the end gets the same story from the store
    const late = await readStream(`/api/scans/${id}/events`, 'viewer');
    expect(names(late).filter((n) => n !== 'progress')).toEqual(names(live).filter((n) => n !== 'progress'));
    const log = (await fx.app.inject({ url: '/api/audit-log?limit=10', headers: h.admin! })).json().items as Array<{
      action: string;
      actor: string;
      target: string;
      detail: { addresses: number };
    }>;
    expect(log.find((e) => e.action === 'scan.started')).toMatchObject({ actor: 'bea', target: id, detail: { addresses: 1 } });
  });

  it('cancels: the stream ends with cancelled and the store says incomplete, by whom', async () => {
    // 16 loopback addresses × 300 ports at the safe per-host rate: minutes, unless cancelled
    const start = await post('/api/scans', 'security-analyst', { targets: ['127.0.3.0/28'], ports: '1-300' });
    expect(start.statusCode, start.body).toBe(202);
    const id = start.json().id as string;
    const stream = readStream(`/api/scans/${id}/events`, 'admin');
    await new Promise((r) => setTimeout(r, 700));
    const cancelledAt = performance.now();
    const cancel = await post(`/api/scans/${id}/cancel`, 'biomedical-engineer');
    expect(cancel.statusCode, cancel.body).toBe(202);
    const s = await stream;
    // in-flight connections finish (each within its timeout), no new one starts
    expect(performance.now() - cancelledAt).toBeLessThan(2500);
    expect(names(s)).toContain('progress');
    expect(s.comments).toBeGreaterThan(0); // heartbeats every 100 ms in this app
    const last = s.events.at(-1)!;
    expect(last.event).toBe('cancelled');
    expect(last.data).toMatchObject({ status: 'incomplete', message: 'cancelled by bea via the API' });
    const progress = s.events.filter((e) => e.event === 'progress').at(-1)!.data as { hostsDone: number; hostsTotal: number };
    expect(progress.hostsTotal).toBe(16);
    expect(progress.hostsDone).toBeLessThan(16);
    expect(fx.store.getScan(id)).toMatchObject({ status: 'incomplete', error: 'cancelled by bea via the API' });
    expect((await post(`/api/scans/${id}/cancel`, 'admin')).statusCode).toBe(409);
    const log = (await fx.app.inject({ url: '/api/audit-log?limit=10', headers: h.admin! })).json().items as Array<{
      action: string;
      actor: string;
      target: string;
    }>;
    expect(log.find((e) => e.action === 'scan.cancelled')).toMatchObject({ actor: 'bea', target: id });
    // a new scan may start once the cancelled one has ended
    const next = await post('/api/scans', 'admin', { targets: ['127.0.0.1'], ports: String(port) });
    expect(next.statusCode).toBe(202);
    await readStream(`/api/scans/${next.json().id}/events`, 'admin');
  });
});

describe('event streams and scope', () => {
  it("gives a vendor only its devices' events, and 404 for scans that never touched them", async () => {
    const all = await readStream(`/api/scans/${fx.scanId}/events`, 'security-analyst');
    expect(names(all)).toEqual(['host', 'finding', 'host', 'finding', 'done']);
    const mine = await readStream(`/api/scans/${fx.scanId}/events`, 'vendor-service');
    expect(names(mine)).toEqual(['host', 'finding', 'done']);
    expect(mine.events[0]!.data).toMatchObject({ address: '10.0.0.5', assetId: fx.assets.siemens });
    expect(mine.events[1]!.data).toMatchObject({ key: fx.findings.siemens });
    expect(mine.events[2]!.data).toEqual({ status: 'complete', message: null, hostsScanned: null });
    expect(JSON.stringify(mine)).not.toMatch(/10\.0\.0\.6/);
    const other = await readStream('/api/scans/scan_ge/events', 'vendor-service');
    const absent = await readStream('/api/scans/scan_nope/events', 'vendor-service');
    expect(other.status).toBe(404);
    expect(absent.status).toBe(404);
    expect((await readStream('/api/scans/scan_ge/events', 'viewer')).status).toBe(200);
  });

  it('follows a scan another process runs (radguard scan) through the store', async () => {
    fx.store.createScan(
      {
        id: 'scan_cli',
        startedAt: '2026-11-06T08:00:00.000Z',
        source: 'scan',
        targets: ['10.0.0.5'],
        vantage: { sourceAddress: null, interface: null, zone: 'imaging', hostname: 't' },
        profile: 'default',
        options: {},
        hostsPlanned: 1,
      },
      process.pid,
      null,
    );
    const stream = readStream('/api/scans/scan_cli/events', 'security-analyst');
    await new Promise((r) => setTimeout(r, 300));
    fx.store.commitHost('scan_cli', {
      host: aliveHost('10.0.0.5', fx.assets.siemens),
      verdicts: [],
      scannedPorts: new Set([104]),
      at: '2026-11-06T08:00:00.000Z',
    });
    await new Promise((r) => setTimeout(r, 1300));
    fx.store.finishScan('scan_cli', 'complete', '2026-11-06T08:10:00.000Z');
    const s = await stream;
    expect(names(s).filter((n) => n !== 'progress')).toEqual(['host', 'done']);
    expect(s.events[0]!.data).toMatchObject({ address: '10.0.0.5' });
    expect(s.comments).toBeGreaterThan(0);
    expect((await post('/api/scans/scan_cli/cancel', 'admin')).statusCode).toBe(409);
  });

  it('cancel: 404 for an unknown scan, 409 for a finished one, 403 for viewers and vendors', async () => {
    expect((await post('/api/scans/scan_nope/cancel', 'admin')).statusCode).toBe(404);
    const done = await post(`/api/scans/${fx.scanId}/cancel`, 'admin');
    expect(done.statusCode).toBe(409);
    expect(done.json().message).toMatch(/already ended \(complete\)/);
    for (const user of ['viewer', 'vendor-service']) expect((await post(`/api/scans/${fx.scanId}/cancel`, user)).statusCode).toBe(403);
  });
});

describe('server shutdown', () => {
  it('cancels the running scan, ends its streams and closes', async () => {
    const own = await makeFixture({ secureCookies: false, sseHeartbeatMs: 100 });
    const url = await own.app.listen({ host: '127.0.0.1', port: 0 });
    const admin = await loginAs(own.app, 'alice');
    const start = await own.app.inject({
      method: 'POST',
      url: '/api/scans',
      headers: admin.headers,
      payload: { targets: ['127.0.4.0/28'], ports: '1-300' },
    });
    expect(start.statusCode).toBe(202);
    const id = start.json().id as string;
    const r = await fetch(`${url}/api/scans/${id}/events`, { headers: { cookie: admin.cookie } });
    const body = r.text();
    await new Promise((res) => setTimeout(res, 300));
    const t0 = performance.now();
    await own.app.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(await body).toMatch(/event: cancelled\ndata: \{"status":"incomplete","message":"stopped because the server shut down"/);
    expect(own.store.getScan(id)).toMatchObject({ status: 'incomplete', error: 'stopped because the server shut down' });
    await own.close();
  });
});

describe('resuming an event stream (Last-Event-ID)', () => {
  const events = (s: Sse) => s.events.map((e) => `${e.id} ${e.event}`);

  it('gives every event an id and sends only what follows the one named', async () => {
    const all = await readStream(`/api/scans/${fx.scanId}/events`, 'security-analyst');
    expect(events(all)).toEqual(['10.0.0.5/0 host', '10.0.0.5/1 finding', '10.0.0.6/0 host', '10.0.0.6/1 finding', 'end done']);
    for (let i = 0; i < all.events.length - 1; i++) {
      const rest = await readStream(`/api/scans/${fx.scanId}/events`, 'security-analyst', undefined, all.events[i]!.id!);
      expect(rest.status).toBe(200);
      expect(story(rest), `after ${all.events[i]!.id}`).toEqual(story(all).slice(i + 1));
    }
    // after the final event there is nothing to send: 204 stops a browser's EventSource from reconnecting
    const after = await fetch(`${base}/api/scans/${fx.scanId}/events`, { headers: { cookie: h.viewer!.cookie!, 'last-event-id': 'end' } });
    expect(after.status).toBe(204);
    expect(await after.text()).toBe('');
  });

  it('starts over for an id it did not issue to this reader, never failing', async () => {
    const all = await readStream(`/api/scans/${fx.scanId}/events`, 'viewer');
    for (const bad of ['', 'start', 'garbage', '10.0.0.9/0', '10.0.0.5/-1', '10.0.0.5', '../../etc/passwd', 'x'.repeat(5000)]) {
      const again = await readStream(`/api/scans/${fx.scanId}/events`, 'viewer', undefined, bad);
      expect(again.status, bad).toBe(200);
      expect(story(again), bad).toEqual(story(all));
    }
    // a finding count beyond the host's findings means "all of them"
    expect(events(await readStream(`/api/scans/${fx.scanId}/events`, 'viewer', undefined, '10.0.0.5/99'))).toEqual([
      '10.0.0.6/0 host',
      '10.0.0.6/1 finding',
      'end done',
    ]);
  });

  it("keeps a vendor's resume to its own devices, whatever id it sends", async () => {
    const mine = await readStream(`/api/scans/${fx.scanId}/events`, 'vendor-service');
    expect(events(mine)).toEqual(['10.0.0.5/0 host', '10.0.0.5/1 finding', 'end done']);
    const rest = await readStream(`/api/scans/${fx.scanId}/events`, 'vendor-service', undefined, '10.0.0.5/0');
    expect(story(rest)).toEqual(story(mine).slice(1));
    expect(events(await readStream(`/api/scans/${fx.scanId}/events`, 'vendor-service', undefined, '10.0.0.5/1'))).toEqual(['end done']);
    // an analyst's place on the GE device is not the vendor's: it starts over, and GE stays unseen
    for (const foreign of ['10.0.0.6/0', '10.0.0.6/1']) {
      const again = await readStream(`/api/scans/${fx.scanId}/events`, 'vendor-service', undefined, foreign);
      expect(story(again)).toEqual(story(mine));
      expect(JSON.stringify(again)).not.toMatch(/10\.0\.0\.6/);
    }
    // resuming does not open a scan the vendor may not see
    expect((await readStream('/api/scans/scan_ge/events', 'vendor-service', undefined, '10.0.0.6/0')).status).toBe(404);
    expect((await readStream('/api/scans/scan_ge/events', 'vendor-service', undefined, 'end')).status).toBe(404);
  });

  it('a reader cut off during a live scan reconnects and gets exactly the events it missed', async () => {
    const start = await post('/api/scans', 'admin', { targets: ['127.0.5.0/28'], ports: '1-40' });
    expect(start.statusCode, start.body).toBe(202);
    const id = start.json().id as string;
    const hosts = (s: Sse) => s.events.filter((e) => e.event === 'host').length;
    // the connection drops right after the third host (hosts finish in bursts: the rest of the chunk is lost);
    // the browser sends back the id of the last event it got
    const read = await readStream(`/api/scans/${id}/events`, 'security-analyst', (s) => hosts(s) >= 3);
    const cut = read.events.findIndex((e, i) => hosts({ events: read.events.slice(0, i + 1), comments: 0 }) === 3);
    const first = { events: read.events.slice(0, cut + 1), comments: 0 };
    expect(hosts(first)).toBe(3);
    expect(names(first)).not.toContain('done');
    const last = first.events.at(-1)!.id!;
    expect(last).toMatch(/^127\.0\.5\.\d+\/\d+$/);
    const second = await readStream(`/api/scans/${id}/events`, 'security-analyst', undefined, last);
    expect(names(second).at(-1)).toBe('done');
    // together they are the whole story, told once, in the order a reader arriving after the end gets it
    const whole = await readStream(`/api/scans/${id}/events`, 'security-analyst');
    expect(hosts(whole)).toBe(16);
    expect([...story(first), ...story(second)]).toEqual(story(whole));
  });
});
