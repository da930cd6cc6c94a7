/**
 * Benchmark: import of a full-size NVD corpus. The corpus is SYNTHETIC (bench/nvd-corpus.ts: ~300k CVEs in
 * per-year 2.0 files, configuration shapes sampled from real records) because full NVD feeds are not available
 * offline here. Prints import time (goal < 60 s on 2 cores), the ratio to the floor of just reading and
 * JSON-parsing the same files, and peak RSS. Usage: npx tsx bench/feeds.ts [corpusDir] [dbFile]
 */
import { readFileSync, rmSync } from 'node:fs';
import { systemClock } from '../src/core/clock.js';
import { openDb } from '../src/store/sqlite/db.js';
import { importFeeds } from '../src/vuln/feeds/import.js';
import { corpusFiles, generateCorpus } from './nvd-corpus.js';

const dir = process.argv[2] ?? '/tmp/radguard-nvd-corpus';
const dbFile = process.argv[3] ?? '/tmp/radguard-bench.db';

let files = corpusFiles(dir);
if (!files) {
  console.log(`generating the synthetic corpus in ${dir} …`);
  files = generateCorpus(dir).files;
}
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });

const db = openDb(dbFile);
const t0 = performance.now();
const report = await importFeeds(db, files, { clock: systemClock });
const importS = (performance.now() - t0) / 1000;
const rssImport = process.resourceUsage().maxRSS / 1024;
db.close();

const t1 = performance.now();
let parsed = 0;
for (const f of files) parsed += (JSON.parse(readFileSync(f, 'utf8')) as { vulnerabilities: unknown[] }).vulnerabilities.length;
const floorS = (performance.now() - t1) / 1000;

console.log(`corpus: SYNTHETIC NVD 2.0, ${report.newCves.length} CVEs (${parsed} parsed by the floor) in ${files.length} year files`);
console.log(`import: ${importS.toFixed(1)} s (goal < 60 s) — ${(report.newCves.length / importS).toFixed(0)} CVEs/s`);
console.log(`floor (read + JSON.parse only): ${floorS.toFixed(1)} s; import/floor ratio ${(importS / floorS).toFixed(1)}×`);
console.log(`peak RSS during import: ${rssImport.toFixed(0)} MB`);
console.log('reference: no published Grype/Dependency-Track import figure for a full NVD offline import was found (VULN-FORMATS.md §11)');
