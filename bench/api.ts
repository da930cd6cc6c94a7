/**
 * bench/api — the API's list endpoints at hospital-group scale: N assets (10,000 then 100,000) with 10 findings
 * each (100k / 1M; the department of bench/fleet.ts) in a temp SQLite file opened through the real store (all migrations; the findings search
 * index is then filled in batches, as the server does in the background, and timed apart), the real server
 * on 127.0.0.1 over plain HTTP (loopback only), logged in through /api/auth/login as an analyst and as a
 * vendor-service user, then 32 concurrent clients on /api/assets and /api/findings with filters, search, sorts
 * and deep pages (by offset and by cursor), and on /api/dashboard (analyst and vendor). Prints, per endpoint,
 * p50/p95/p99 under load and each query's cold single-client time (its first request, so the total is really
 * counted), and the growth between sizes. Bounded: a fixed number of requests and a time cap per endpoint; nothing leaves loopback.
 * Goal: p95 < 50 ms at 100k/1M. Run: `npx tsx bench/api.ts [assets] [findings]` (default: both sizes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadAuditKey } from '../src/auth/audit.js';
import { startServer } from '../src/api/server.js';
import { SqliteScanStore } from '../src/store/sqlite/scan-store.js';
import { indexFindingsBatch } from '../src/store/sqlite/search-indexer.js';
import { addBenchUsers, BENCH_PASSWORD, fleetAddress as ip, generateFleet } from './fleet.js';

const CLIENTS = 32;
const REQUESTS_PER_ENDPOINT = 3200;
const TIME_CAP_MS = 60_000;
/**
 * The 32 clients run in a worker thread, so their own work (HTTP parsing, timers) does not sit on the server's
 * event loop and inflate the latencies measured.
 */
const CLIENT_LOOP = `
const { parentPort, workerData: d } = require('node:worker_threads');
const lat = [];
const byUrl = d.urls.map(() => []);
let next = 0;
const start = performance.now();
Promise.all(Array.from({ length: d.clients }, async () => {
  while (next < d.budget && performance.now() - start < d.capMs) {
    const i = next++ % d.urls.length;
    const u = d.urls[i];
    const t = performance.now();
    const r = await fetch(d.base + u.url, { headers: { cookie: u.cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(u.url + ': ' + r.status);
    lat.push(performance.now() - t);
    byUrl[i].push(performance.now() - t);
  }
})).then(() => parentPort.postMessage({ lat, byUrl, secs: (performance.now() - start) / 1000 }));
`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

interface Load {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly n: number;
  readonly rps: number;
  readonly cold: { url: string; ms: number; total: number; p95: number }[];
}

/** One cold request per URL, then 32 clients cycling through the URLs until the request budget or time cap. */
async function drive(base: string, urls: { url: string; cookie: string }[]): Promise<Load> {
  const cold: Omit<Load['cold'][number], 'p95'>[] = [];
  for (const u of urls) {
    const t = performance.now();
    const r = await fetch(base + u.url, { headers: { cookie: u.cookie } });
    const body = (await r.json()) as { total?: number };
    if (r.status !== 200) throw new Error(`${u.url}: ${r.status} ${JSON.stringify(body)}`);
    cold.push({ url: u.url, ms: performance.now() - t, total: body.total ?? -1 });
  }
  const { lat, byUrl, secs } = await new Promise<{ lat: number[]; byUrl: number[][]; secs: number }>((resolve, reject) => {
    const w = new Worker(CLIENT_LOOP, {
      eval: true,
      workerData: { base, urls, clients: CLIENTS, budget: REQUESTS_PER_ENDPOINT, capMs: TIME_CAP_MS },
    });
    w.once('message', resolve);
    w.once('error', reject);
  });
  lat.sort((a, b) => a - b);
  const p95s = byUrl.map((l) =>
    pct(
      l.sort((a, b) => a - b),
      95,
    ),
  );
  return {
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    p99: pct(lat, 99),
    n: lat.length,
    rps: lat.length / secs,
    cold: cold.map((c, i) => ({ ...c, p95: p95s[i]! })),
  };
}

async function run(assets: number, findings: number): Promise<Record<string, Load>> {
  const dir = mkdtempSync(join(tmpdir(), 'radguard-bench-api-'));
  try {
    const store = SqliteScanStore.open(join(dir, 'rg.db'));
    const t0 = performance.now();
    generateFleet(store, assets, Math.max(1, Math.round(findings / assets)));
    console.log(`\n== ${assets} assets / ${findings} findings: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = performance.now();
    while (indexFindingsBatch(store.db, 20_000) > 0);
    console.log(
      `   findings search index filled in ${((performance.now() - t1) / 1000).toFixed(1)} s (batches; the server does this in the background)`,
    );
    await addBenchUsers(store);
    const auditKey = loadAuditKey(join(dir, 'audit.key'), true);
    const { app, url } = await startServer(
      store,
      auditKey,
      { host: '127.0.0.1', port: 0, selfSignedBase: join(dir, 'rg'), rateLimitPerMinute: 10_000_000 },
      false,
    );
    try {
      const [analyst, vendor] = [await login(url, 'analyst'), await login(url, 'vendor')];
      const mid = Math.floor(assets / 2);
      const a = (u: string) => ({ url: u, cookie: analyst });
      const v = (u: string) => ({ url: u, cookie: vendor });
      const results: Record<string, Load> = {};
      // a deep page by keyset cursor, next to the deep offset page: the cursor of the page ending at row 5000
      // (or half way down a smaller list, so small runs still have a page after it)
      const row = Math.max(50, Math.min(5000, Math.floor(assets / 100) * 50));
      const deep = async (u: string) =>
        ((await (await fetch(url + u, { headers: { cookie: analyst } })).json()) as { nextCursor: string }).nextCursor;
      const assetCursor = await deep(`/api/assets?offset=${row - 50}&limit=50`);
      const findingCursor = await deep(`/api/findings?state=open&offset=${row - 50}&limit=50`);
      results.assets = await drive(url, [
        a('/api/assets?limit=50'),
        a(`/api/assets?q=DEV-${mid}`),
        a('/api/assets?q=Model17&sort=criticality'),
        a(`/api/assets?q=${ip(mid).split('.').slice(0, 3).join('.')}.`),
        a('/api/assets?site=north&criticality=high&sort=name&order=desc'),
        a(`/api/assets?offset=${row}&limit=50`),
        v('/api/assets?limit=50'),
        v('/api/assets?q=DEV-1'),
        a(`/api/assets?limit=50&cursor=${assetCursor}`),
      ]);
      results.findings = await drive(url, [
        a('/api/findings?limit=50'),
        a('/api/findings?state=open&severity=critical'),
        a('/api/findings?q=Telnet&state=open'),
        a(`/api/findings?q=CVE-2024-${1000 + (mid % 9000)}`),
        a('/api/findings?sort=lastSeen&order=desc'),
        a(`/api/findings?host=${ip(mid)}`),
        v('/api/findings?limit=50'),
        v('/api/findings?q=TLS&severity=high'),
        a(`/api/findings?state=open&limit=50&cursor=${findingCursor}`),
      ]);
      // the dashboard: its first request per scope computes (the "cold" figure: what the first load after a
      // write costs), the rest are answered from the per-scope cache until the data changes
      results.dashboard = await drive(url, [a('/api/dashboard'), v('/api/dashboard')]);
      return results;
    } finally {
      await app.close();
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2).map(Number);
const sizes: [number, number][] =
  args.length >= 1
    ? [[args[0]!, args[1] ?? args[0]! * 10]]
    : [
        [10_000, 100_000],
        [100_000, 1_000_000],
      ];
const all: Record<string, Record<string, Load>> = {};
for (const [na, nf] of sizes) {
  const r = await run(na, nf);
  all[`${na}`] = r;
  for (const [name, l] of Object.entries(r)) {
    console.log(
      `${name}: ${CLIENTS} clients, ${l.n} requests, ${l.rps.toFixed(0)} req/s — p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms`,
    );
    for (const c of l.cold)
      console.log(
        `   cold ${c.ms.toFixed(1).padStart(7)} ms  under load p95 ${c.p95.toFixed(1).padStart(7)} ms  total ${String(c.total).padStart(8)}  ${c.url}`,
      );
  }
}
const keys = Object.keys(all);
if (keys.length === 2) {
  const [small, big] = keys.map((k) => all[k]!);
  for (const name of Object.keys(small!))
    console.log(`growth ${keys[0]} → ${keys[1]} assets, ${name}: p95 ×${(big![name]!.p95 / small![name]!.p95).toFixed(2)}`);
}
