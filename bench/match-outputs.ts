/**
 * Writes the full JSON output of the matcher for six synthetic fleets (separate components, three-component and
 * 150/200-component assets, bare and enriched) against the benchmark index, one line per fleet, and prints a hash
 * of each. Run it before and after a change to the matcher and compare the files byte for byte: ADR 0102 and 0103
 * were checked this way. Usage: npx tsx bench/match-outputs.ts OUT.json [dbFile from bench/feeds.ts]
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { openDb } from '../src/store/sqlite/db.js';
import { matchComponents, openVulnIndex, type Component } from '../src/vuln/index.js';
import { poolName, rng, zipf } from './nvd-corpus.js';
const VERSIONS = ['1.0', '2.3.4', '3.6.6', '3.6.7', '4.0e', '9.2p1', '12.2.8.410', '5.3', '8.0', '2.6.0', '1.12.0', '6.1', '2.4.57', '11.2', '2019-1', '-', '2.4.57+deb12u3', '*'];
function components(seed: number, n: number, multi: boolean, per = 3): Component[] {
  const rand = rng(seed); const pick = zipf(rand);
  return Array.from({ length: n }, (_, i) => {
    const [v, p] = poolName(pick()); const part = ['a', 'o', 'h'][Math.floor(rand() * 3)]!;
    const version = VERSIONS[Math.floor(rand() * VERSIONS.length)]!;
    const cpes = [`cpe:2.3:${part}:${v}:${p}:${version}:*:*:*:*:*:*:*`];
    if (multi && rand() < 0.3) { const [v2, p2] = poolName(pick()); cpes.push(`cpe:2.3:${rand() < 0.5 ? 'h' : 'o'}:${v2}:${p2}:${VERSIONS[Math.floor(rand() * VERSIONS.length)]}:*:*:*:*:*:*:*`); }
    return { id: `c${i}`, kind: 'application', name: p, version: rand() < 0.2 ? '3.1' : undefined, cpes, source: 'fingerprint', asset: multi ? `a${Math.floor(i / per)}` : undefined } as Component;
  });
}
if (!process.argv[2]) {
  console.error('usage: npx tsx bench/match-outputs.ts OUT.json [db]');
  process.exit(2);
}
const db = openDb(process.argv[3] ?? '/tmp/radguard-bench.db');
const out: string[] = [];
for (const [seed, n, multi, bare, per] of [[11, 3000, false, true, 3], [12, 1500, true, true, 3], [13, 300, false, false, 3], [14, 300, true, false, 3], [15, 400, true, true, 200], [16, 150, true, false, 150]] as const) {
  const r = matchComponents(openVulnIndex(db), components(seed, n, multi, per), { bare });
  const s = JSON.stringify(r);
  out.push(s);
  console.log(seed, r.length, createHash('sha256').update(s).digest('hex').slice(0, 16));
}
writeFileSync(process.argv[2]!, out.join('\n'));
