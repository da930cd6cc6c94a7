/**
 * bench/sbom-scan — what a device model's SBOM costs a scan (ADR 0105). A copy of the benchmark vulnerability store
 * (the SYNTHETIC 300k-CVE NVD index of bench/feeds.ts) gets DEVICES assets of one model and one SBOM of COMPONENTS
 * components for that model (products drawn like bench/match's fleet: the most vulnerable first, so a worst case).
 * Every device is a real TCP listener on 127.0.0.101+; one `radguard scan --fast --json` covers them all. Prints the
 * wall time per device, findings per device and per second, and the peak RSS. No reference tool runs here:
 * Dependency-Track needs its server and Grype finds nothing for device CPEs (issue 5), so the figure stands alone.
 * Then the listeners close and `radguard vulns reassess` re-judges the same devices with no network at all (the desk
 * re-assessment after a feed import): its wall time and what it changed (nothing, the feeds being the same).
 * Nothing leaves loopback. Usage: npx tsx bench/sbom-scan.ts [benchDb] [devices ≤ 100] [components]
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../src/cli/main.js';
import { poolName, rng, zipf } from './nvd-corpus.js';

const source = process.argv[2] ?? '/tmp/radguard-bench.db';
const DEVICES = Math.min(100, Number(process.argv[3] ?? 20));
const COMPONENTS = Number(process.argv[4] ?? 1000);
if (!existsSync(source)) {
  console.error(`${source} not found: run npx tsx bench/feeds.ts first`);
  process.exit(2);
}

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += c));
  const code = await main(argv, { stdout, stderr: new PassThrough(), env: {} });
  return { code, out };
}

const dir = mkdtempSync(join(tmpdir(), 'rg-sbom-scan-'));
const db = join(dir, 'bench.db');
copyFileSync(source, db);
const hosts = Array.from({ length: DEVICES }, (_, i) => `127.0.0.${101 + i}`);
writeFileSync(
  join(dir, 'assets.csv'),
  `name,manufacturer,model,ip,criticality\n${hosts.map((h, i) => `CT-${i + 1},Acme,Imager 9,${h},high`).join('\n')}\n`,
);
const rand = rng(21);
const pick = zipf(rand);
const VERSIONS = ['1.0', '2.3.4', '3.6.6', '4.0e', '9.2p1', '5.3', '8.0', '2.6.0', '11.2'];
const components = Array.from({ length: COMPONENTS }, (_, i) => {
  const [v, p] = poolName(pick());
  const version = VERSIONS[Math.floor(rand() * VERSIONS.length)]!;
  return { type: 'application', 'bom-ref': `c${i}`, name: p, version, cpe: `cpe:2.3:a:${v}:${p}:${version}:*:*:*:*:*:*:*` };
});
writeFileSync(join(dir, 'sbom.cdx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components }));

const servers: Server[] = [];
let port = 0;
try {
  if ((await cli('--db', db, 'assets', 'import', join(dir, 'assets.csv'))).code !== 0) throw new Error('assets import failed');
  if ((await cli('--db', db, 'sbom', 'import', join(dir, 'sbom.cdx.json'), '--model', 'Acme Imager 9')).code !== 0)
    throw new Error('sbom import failed');
  for (const h of hosts) {
    const s = createServer((c) => c.on('error', () => {}).end());
    await new Promise<void>((ok) => s.listen(port, h, ok));
    port = (s.address() as { port: number }).port;
    servers.push(s);
  }
  console.log(
    `SYNTHETIC NVD index ${source}; ${DEVICES} devices of one model, its SBOM ${COMPONENTS} components (most vulnerable products first: a worst case)`,
  );
  const t = performance.now();
  const scan = await cli('--db', db, 'scan', `${hosts[0]}-${101 + DEVICES - 1}`, '-p', String(port), '--fast', '--json');
  const s = (performance.now() - t) / 1000;
  const summary = JSON.parse(scan.out).summary as { alive: number; findings: Record<string, number> };
  const findings = Object.values(summary.findings).reduce((a, b) => a + b, 0);
  console.log(`scan: ${summary.alive} devices up in ${s.toFixed(1)} s (${(s / DEVICES).toFixed(2)} s per device), exit ${scan.code}`);
  console.log(
    `findings: ${findings} (${Math.round(findings / DEVICES)} per device, ${Math.round(findings / s)} per second) ${JSON.stringify(summary.findings)}`,
  );
  for (const x of servers.splice(0)) x.close(); // nothing accepts from here on (not awaited: the scan's half-closed sockets may linger)
  const tr = performance.now();
  const re = await cli('--db', db, 'vulns', 'reassess', '--json');
  const rs = (performance.now() - tr) / 1000;
  const r = JSON.parse(re.out) as { devices: number; components: number; opened: number; resolved: number };
  console.log(
    `re-assessment without network: ${r.devices} devices, ${r.components} components in ${rs.toFixed(1)} s (${(rs / DEVICES).toFixed(2)} s per device); opened ${r.opened}, resolved ${r.resolved}, exit ${re.code}`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes the mmap'd vulnerability store)`);
} finally {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
}
