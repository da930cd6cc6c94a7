/**
 * Benchmark: import of a full-size NVD corpus. The corpus is SYNTHETIC (bench/nvd-corpus.ts: ~300k CVEs in
 * per-year 2.0 files, configuration shapes sampled from real records) because full NVD feeds are not available
 * offline here. Prints import time (goal < 60 s on 2 cores), the ratio to two floors — reading and JSON-parsing
 * each file whole, and reading it as a stream of records each parsed alone (what the import does) — peak RSS,
 * and the load average, since the machine is shared. Usage: npx tsx bench/feeds.ts [corpusDir] [dbFile] [workers]
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { systemClock } from '../src/core/clock.js';
import { openDb } from '../src/store/sqlite/db.js';
import { importFeeds } from '../src/vuln/feeds/import.js';
import { streamArrayElements } from '../src/vuln/feeds/json-stream.js';
import { fileChunks } from '../src/vuln/feeds/nvd-stream.js';
import { corpusFiles, generateCorpus } from './nvd-corpus.js';

/** CPU seconds (user + system, all threads) since `from`: comparable even when other jobs share the cores. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

const dir = process.argv[2] ?? '/tmp/radguard-nvd-corpus';
const dbFile = process.argv[3] ?? '/tmp/radguard-bench.db';
const workers = process.argv[4] === undefined ? undefined : Number(process.argv[4]);

let files = corpusFiles(dir);
if (!files) {
  console.log(`generating the synthetic corpus in ${dir} …`);
  files = generateCorpus(dir).files;
}
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });

const db = openDb(dbFile);
const t0 = performance.now();
const load0 = loadavg()[0]!;
const cpu0 = process.cpuUsage();
const report = await importFeeds(db, files, { clock: systemClock, workers });
const importS = (performance.now() - t0) / 1000;
const cpuImport = cpuSeconds(cpu0);
const rssImport = process.resourceUsage().maxRSS / 1024;
db.close();

const t1 = performance.now();
const cpu1 = process.cpuUsage();
let parsed = 0;
for (const f of files) parsed += (JSON.parse(readFileSync(f, 'utf8')) as { vulnerabilities: unknown[] }).vulnerabilities.length;
const floorS = (performance.now() - t1) / 1000;
const cpuFloor = cpuSeconds(cpu1);
const t2 = performance.now();
const cpu2 = process.cpuUsage();
let streamed = 0;
for (const f of files) for await (const el of streamArrayElements(f, fileChunks(f, false, createHash('sha256')), ['vulnerabilities'])) streamed += JSON.parse(el.text) ? 1 : 0;
const streamS = (performance.now() - t2) / 1000;
const cpuStream = cpuSeconds(cpu2);
const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;

console.log(`corpus: SYNTHETIC NVD 2.0, ${report.newCves.length} CVEs (${parsed} parsed by the floor, ${streamed} streamed) in ${files.length} year files, ${mb.toFixed(0)} MB`);
console.log(`import: ${importS.toFixed(1)} s (goal < 60 s) — ${(report.newCves.length / importS).toFixed(0)} CVEs/s, parse threads: ${workers ?? 'default'}, load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; CPU ${cpuImport.toFixed(1)} s`);
console.log(`floor, whole files (read + JSON.parse): ${floorS.toFixed(1)} s (CPU ${cpuFloor.toFixed(1)} s); import/floor ratio ${(importS / floorS).toFixed(2)}×`);
console.log(`floor, streamed (read + split + JSON.parse per record, one thread): ${streamS.toFixed(1)} s (CPU ${cpuStream.toFixed(1)} s); import/floor ratio ${(importS / streamS).toFixed(2)}×`);
console.log(`peak RSS during import: ${rssImport.toFixed(0)} MB`);
console.log('reference: no published Grype/Dependency-Track import figure for a full NVD offline import was found (VULN-FORMATS.md §11)');
