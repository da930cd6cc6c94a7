/**
 * bench/api — the API's list endpoints at hospital-group scale: N assets (10,000 then 100,000) with 10 findings
 * each (100k / 1M; the department of bench/fleet.ts) in a temp SQLite file opened through the real store (all migrations; the findings search
 * index is then filled in batches, as the server does in the background, and timed apart), the real server
 * on 127.0.0.1 over plain HTTP (loopback only), logged in through /api/auth/login as an analyst and as a
 * vendor-service user, then 32 concurrent clients on /api/assets and /api/findings with filters, search, sorts
 * and deep pages (by offset and by cursor), and on /api/dashboard (analyst and vendor), driven by wrk. Prints, per
 * endpoint, p50/p95/p99 under load and each query's cold single-client time (its first request, so the total is
 * really counted), and the growth between sizes. Bounded: BENCH_SECONDS (default 10) per endpoint; nothing leaves loopback.
 * Goal: p95 < 50 ms at 100k/1M. Run: `npx tsx bench/api.ts [assets] [findings]` (default: both sizes).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditKey } from '../src/auth/audit.js';
import { startServer } from '../src/api/server.js';
import { SqliteScanStore } from '../src/store/sqlite/scan-store.js';
import { indexFindingsBatch } from '../src/store/sqlite/search-indexer.js';
import { addBenchUsers, BENCH_PASSWORD, fleetAddress as ip, generateFleet } from './fleet.js';

const CLIENTS = 32;
const SECONDS_PER_ENDPOINT = Number(process.env.BENCH_SECONDS ?? 10);
if (spawnSync('wrk', ['--version']).error) {
  console.error('wrk is not installed: apt-get install wrk (it is in test/peers/debian-packages.txt)');
  process.exit(2);
}
/**
 * The load comes from wrk (Debian `wrk`, the issue's suggestion next to autocannon), a C client: 32 keep-alive
 * connections cycling through the endpoint's URLs. A JavaScript client on this 2-core machine used about as much
 * CPU per request as the server and so measured mostly itself.
 */
const WRK_SCRIPT = (urls: readonly { url: string; cookie: string }[]) => `
local list = { ${urls.map((u) => `{ ${JSON.stringify(u.url)}, ${JSON.stringify(u.cookie)} }`).join(', ')} }
local reqs, i = {}, 0
init = function() for k, u in ipairs(list) do reqs[k] = wrk.format("GET", u[1], { Cookie = u[2] }) end end
request = function() i = i % #reqs + 1 return reqs[i] end
done = function(s, latency)
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", s.requests, s.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), s.errors.status, s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout))
end
`;

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
  readonly cold: { url: string; ms: number; total: number }[];
}

/** One cold request per URL, then 32 wrk connections cycling through the URLs for SECONDS_PER_ENDPOINT. */
async function drive(base: string, urls: { url: string; cookie: string }[], dir: string): Promise<Load> {
  const cold: Load['cold'][number][] = [];
  for (const u of urls) {
    const t = performance.now();
    const r = await fetch(base + u.url, { headers: { cookie: u.cookie } });
    const body = (await r.json()) as { total?: number };
    if (r.status !== 200) throw new Error(`${u.url}: ${r.status} ${JSON.stringify(body)}`);
    cold.push({ url: u.url, ms: performance.now() - t, total: body.total ?? -1 });
  }
  const script = join(dir, 'load.lua');
  writeFileSync(script, WRK_SCRIPT(urls));
  // asynchronously: the server runs in this process and must keep answering
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn('wrk', ['-t2', `-c${CLIENTS}`, `-d${SECONDS_PER_ENDPOINT}s`, '-s', script, base]);
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.on('error', reject);
    p.on('close', () => resolve(text));
  });
  const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
  if (!m) throw new Error(`wrk gave no result: ${out}`);
  const [n, durationUs, p50, p95, p99, notOk, failed] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  if (notOk + failed > 0) throw new Error(`${notOk} answers were not 2xx and ${failed} requests failed under load`);
  return { p50: p50 / 1000, p95: p95 / 1000, p99: p99 / 1000, n, rps: n / (durationUs / 1e6), cold };
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
      ], dir);
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
      ], dir);
      // the dashboard: its first request per scope computes (the "cold" figure: what the first load after a
      // write costs), the rest are answered from the per-scope cache until the data changes
      results.dashboard = await drive(url, [a('/api/dashboard'), v('/api/dashboard')], dir);
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
        `   cold ${c.ms.toFixed(1).padStart(7)} ms  total ${String(c.total).padStart(8)}  ${c.url}`,
      );
  }
}
const keys = Object.keys(all);
if (keys.length === 2) {
  const [small, big] = keys.map((k) => all[k]!);
  for (const name of Object.keys(small!))
    console.log(`growth ${keys[0]} → ${keys[1]} assets, ${name}: p95 ×${(big![name]!.p95 / small![name]!.p95).toFixed(2)}`);
}
