/**
 * bench/api-reports — what the API's report downloads cost everyone else. A copy of the benchmark vulnerability
 * store (the SYNTHETIC 300k-CVE NVD index of bench/feeds.ts) gets the department of bench/fleet.ts (ASSETS
 * devices, 10 findings each) and device-model SBOMs (MODELS × COMPONENTS components, products drawn like
 * bench/match's fleet); the real server listens on 127.0.0.1. For each download (executive PDF, findings CSV, VEX)
 * an analyst fetches it while a second client asks /api/auth/me back to back, twice, side by side: built on the
 * thread serving requests (read workers 0, the former code) and on a read worker (`radguard serve`). Prints the
 * download time (alone, then with the other client), the other client's p50 and worst wait, and the ratio.
 * Nothing leaves loopback. Usage: npx tsx bench/api-reports.ts [benchDb] [assets] [models] [components per model]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { loadAuditKey } from '../src/auth/audit.js';
import { SqliteScanStore } from '../src/store/sqlite/scan-store.js';
import { SbomStore } from '../src/store/sqlite/vuln-sbom-store.js';
import type { Component } from '../src/vuln/component.js';
import { addBenchUsers, BENCH_PASSWORD, generateFleet } from './fleet.js';
import { poolName, rng, zipf } from './nvd-corpus.js';

const source = process.argv[2] ?? '/tmp/radguard-bench.db';
const ASSETS = Number(process.argv[3] ?? 100_000);
const MODELS = Number(process.argv[4] ?? 10);
const PER_MODEL = Number(process.argv[5] ?? 200);
if (!existsSync(source)) {
  console.error(`${source} not found: run npx tsx bench/feeds.ts first`);
  process.exit(2);
}

const VERSIONS = ['1.0', '2.3.4', '3.6.6', '4.0e', '9.2p1', '12.2.8.410', '5.3', '2.4.57', '11.2', '-'];
function sbom(seed: number): Component[] {
  const rand = rng(seed);
  const pick = zipf(rand);
  return Array.from({ length: PER_MODEL }, (_, i) => {
    const [v, p] = poolName(pick());
    const version = VERSIONS[Math.floor(rand() * VERSIONS.length)]!;
    return { id: `c${i}`, kind: 'application', name: p, version, cpes: [`cpe:2.3:a:${v}:${p}:${version}:*:*:*:*:*:*:*`], source: 'sbom' };
  });
}

/** Bytes of the response, fetched by a child Node process. */
function download(url: string, cookie: string): Promise<number> {
  const script =
    'fetch(process.env.U,{headers:{cookie:process.env.C}}).then(async(r)=>{if(r.status!==200)process.exit(1);process.stdout.write(String((await r.arrayBuffer()).byteLength))})';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, U: url, C: cookie } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`${url} download failed (exit ${code})`))));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'radguard-bench-reports-'));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function run(
  kind: string,
  readWorkers: number,
): Promise<{ aloneS: number; exportS: number; bytes: number; probes: number; p50: number; worst: number }> {
  const store = SqliteScanStore.open(join(dir, 'rg.db'));
  const app = await buildApp({
    store,
    auditKey: loadAuditKey(join(dir, 'audit.key'), true),
    secureCookies: false,
    readWorkers,
    rateLimitPerMinute: 1e6,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst', password: BENCH_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const headers = { cookie };
    // Before timing: a warm connection, and both read workers started (a list page each; from source they load
    // the TypeScript through tsx first, which a built server does not).
    await (await fetch(`${base}/api/auth/me`, { headers })).text();
    await Promise.all([1, 2].map(async () => (await fetch(`${base}/api/assets?limit=1`, { headers })).text()));
    const ta = performance.now();
    await download(`${base}/api/reports/${kind}`, cookie);
    const aloneS = (performance.now() - ta) / 1000;
    const waits: number[] = [];
    let done = false;
    const t0 = performance.now();
    // The download runs in its own process: reading 100 MB here would stall this event loop, which serves the API.
    const exported = download(`${base}/api/reports/${kind}`, cookie).then((bytes) => {
      done = true;
      return { exportS: (performance.now() - t0) / 1000, bytes };
    });
    while (!done) {
      const t = performance.now();
      await (await fetch(`${base}/api/auth/me`, { headers })).text();
      waits.push(performance.now() - t);
      if (process.env.BENCH_TRACE && performance.now() - t > 100)
        console.log(`slow /api/auth/me at ${((t - t0) / 1000).toFixed(2)} s: ${(performance.now() - t).toFixed(0)} ms`);
    }
    const { exportS, bytes } = await exported;
    return { aloneS, exportS, bytes, probes: waits.length, p50: quantile(waits, 0.5), worst: Math.max(...waits) };
  } finally {
    await app.close();
    store.close();
  }
}

try {
  const t = performance.now();
  copyFileSync(source, join(dir, 'rg.db'));
  const store = SqliteScanStore.open(join(dir, 'rg.db'));
  generateFleet(store, ASSETS, 10);
  await addBenchUsers(store);
  const sboms = new SbomStore(store.db);
  for (let m = 0; m < MODELS; m++)
    sboms.add({
      model: `Bench Modality ${m}`,
      path: `bench-${m}.cdx.json`,
      sha256: '-',
      format: 'CycloneDX',
      specVersion: '1.6',
      importedAt: '2026-11-30T00:00:00.000Z',
      components: sbom(100 + m),
    });
  store.close();
  console.log(
    `store: copy of ${source} (SYNTHETIC NVD corpus), ${ASSETS} devices × 10 findings, ${MODELS} model SBOMs × ${PER_MODEL} components, ready in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const row = (label: string, r: Awaited<ReturnType<typeof run>>) =>
    console.log(
      `  ${label.padEnd(34)} alone ${r.aloneS.toFixed(2)} s, ${(r.bytes / 1e6).toFixed(1)} MB; again under the other client ${r.exportS.toFixed(2)} s, meanwhile /api/auth/me ×${r.probes}: p50 ${r.p50.toFixed(1)} ms, worst ${r.worst.toFixed(0)} ms`,
    );
  for (const kind of ['executive.pdf', 'findings.csv', 'vex.json']) {
    console.log(`${kind}:`);
    const inline = await run(kind, 0);
    row('on the serving thread (former code)', inline);
    const worker = await run(kind, 2);
    row('on a read worker (radguard serve)', worker);
    console.log(`  worst wait of the other client: ${(inline.worst / worker.worst).toFixed(0)}× shorter on the read worker`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
