/**
 * bench/sweep — Radguard's TCP sweep against nmap on one isolated namespace network, in one run.
 *   (a) full range 1–65535, `radguard scan --fast` vs `nmap -sT -p- -T4` (goal ≤ 1.0× nmap's time)
 *   (b) the same vs `nmap -sT -Pn -p- -T4` (complete but slow on filtered hosts; goal ≤ 0.5×)
 *   (c) the default imaging profile at the safe default rates (time only)
 *   (d) peak RSS of a /16 sweep of 127.1.0.0/16 (all local; goal < 300 MB)
 * Open ports are compared with the truth (what the test hosts listen on); nmap's misses are listed.
 * Run as root: `npm run bench:sweep [-- --skip-pn]`. Sends traffic only to 10.77.9.0/24 and 127.1.0.0/16.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { createTestNet, ensureIsolationRoute, type TestHostSpec } from '../test/peers/netns.js';

const root = new URL('../', import.meta.url).pathname;
const cli = join(root, 'bin/radguard.js');
const listener = join(root, 'test/peers/listen.mjs');
const skipPn = process.argv.includes('--skip-pn');

ensureIsolationRoute();
const route = spawnSync('ip', ['route', 'get', '10.77.200.1'], { encoding: 'utf8' });
if (route.status === 0) {
  console.error('refusing to run: 10.77.200.1 is routable from here, the test network is not isolated');
  process.exit(2);
}

const hosts: Array<TestHostSpec & { ports: number[] }> = [
  { name: 'pacs', ports: [22, 104, 4242, 8042, 11112] },
  { name: 'modality', dropIcmp: true, dropAllTcpExcept: [104, 5900], ports: [104, 5900] },
  { name: 'workstation', ports: [135, 139, 445, 3389] },
  { name: 'printer', dropTcpPorts: [21, 23], ports: [80, 515, 631, 9100] },
  { name: 'ris', ports: [80, 443, 1433, 2575] },
  { name: 'firewalled', dropIcmp: true, dropAllTcpExcept: [443], ports: [443] },
  { name: 'mammo', dropIcmp: true, dropAllTcpExcept: [11112], ports: [11112] },
  { name: 'console', ports: [8080, 8443, 40000] },
  { name: 'highports', ports: [50000, 60000, 65535] },
  { name: 'dark', dropIcmp: true, dropAllTcpExcept: [], ports: [] },
];
const net = createTestNet(9, hosts);
const truth = new Map(net.hosts.map((h, i) => [h.address, hosts[i]!.ports]));
const range = `10.77.9.11-${10 + hosts.length}`;
const dir = mkdtempSync(join(tmpdir(), 'rg-bench-'));

type OpenMap = Map<string, number[]>;
const time = (fn: () => void) => {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};

function radguard(args: string[]): OpenMap {
  const r = spawnSync(process.execPath, [cli, '--db', join(dir, 'bench.db'), 'scan', range, ...args, '--no-probes', '--json', '--no-progress'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`radguard failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { hosts: Array<{ address: string; ports: Array<{ port: number; state: string }> }> };
  return new Map(report.hosts.map((h) => [h.address, h.ports.filter((p) => p.state === 'open').map((p) => p.port)]));
}

function nmap(args: string[]): OpenMap {
  const xml = execFileSync('nmap', ['-sT', '-p-', '-T4', '-n', '--disable-arp-ping', '-oX', '-', ...args, range], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const out: OpenMap = new Map();
  for (const h of arr(doc.nmaprun.host)) {
    const addr = arr((h as { address: unknown }).address as { addr: string; addrtype: string }[]).find((a) => a.addrtype === 'ipv4')!.addr;
    const ports = arr((h as { ports?: { port?: unknown } }).ports?.port as { portid: string; state: { state: string } }[]);
    out.set(addr, ports.filter((p) => p.state.state === 'open').map((p) => Number(p.portid)));
  }
  return out;
}

function accuracy(found: OpenMap) {
  const missed: string[] = [];
  const extra: string[] = [];
  for (const [addr, ports] of truth) {
    const got = found.get(addr) ?? [];
    for (const p of ports) if (!got.includes(p)) missed.push(`${addr}:${p}`);
    for (const p of got) if (!ports.includes(p)) extra.push(`${addr}:${p}`);
  }
  return { exact: missed.length === 0 && extra.length === 0, missed, extra };
}

const results: Record<string, unknown> = {};
try {
  for (const [i, h] of net.hosts.entries()) if (hosts[i]!.ports.length) h.spawn(process.execPath, [listener, h.address, ...hosts[i]!.ports.map(String)]);
  await new Promise((r) => setTimeout(r, 1500));

  console.log(`network: ${hosts.length} hosts on 10.77.9.0/24 (3 drop ICMP and all but their service ports, 1 drops everything)`);
  let rg!: OpenMap;
  let nm!: OpenMap;
  const tNmap = time(() => (nm = nmap([])));
  const tRg = time(() => (rg = radguard(['-p', '1-65535', '--fast'])));
  const a = { radguardS: tRg, nmapS: tNmap, ratio: tRg / tNmap, radguard: accuracy(rg), nmap: accuracy(nm) };
  results.fullRange = a;
  console.log(`\n(a) full range, radguard --fast vs nmap -sT -p- -T4`);
  console.log(`    radguard ${tRg.toFixed(1)} s  nmap ${tNmap.toFixed(1)} s  ratio ${a.ratio.toFixed(2)}× (goal ≤ 1.0)`);
  console.log(`    radguard exact: ${a.radguard.exact}  missed ${a.radguard.missed.join(' ') || '-'}  extra ${a.radguard.extra.join(' ') || '-'}`);
  console.log(`    nmap exact: ${a.nmap.exact}  missed ${a.nmap.missed.join(' ') || '-'}  extra ${a.nmap.extra.join(' ') || '-'}`);

  if (!skipPn) {
    let nmPn!: OpenMap;
    const tPn = time(() => (nmPn = nmap(['-Pn'])));
    results.fullRangePn = { radguardS: tRg, nmapS: tPn, ratio: tRg / tPn, nmap: accuracy(nmPn) };
    console.log(`\n(b) full range, radguard --fast vs nmap -sT -Pn -p- -T4`);
    console.log(`    radguard ${tRg.toFixed(1)} s  nmap ${tPn.toFixed(1)} s  ratio ${(tRg / tPn).toFixed(2)}× (goal ≤ 0.5)  nmap exact: ${accuracy(nmPn).exact}`);
  }

  let safe!: OpenMap;
  const tSafe = time(() => (safe = radguard([])));
  const expectedImaging = accuracy(safe);
  results.imagingSafe = { seconds: tSafe, missedOutsideProfile: expectedImaging.missed };
  console.log(`\n(c) imaging profile at safe default rates (1,000/s overall, 40/s and 4 connections per host)`);
  console.log(`    ${tSafe.toFixed(1)} s for ${hosts.length} hosts; ports outside the profile (expected misses): ${expectedImaging.missed.join(' ')}`);

  const rss = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, '--db', join(dir, 'rss.db'), 'scan', '127.1.0.0/16', '-p', '22,80,104,443', '--fast', '--no-probes', '--no-progress', '-o', join(dir, 'rss.json')], { encoding: 'utf8' });
  const kb = Number(rss.stderr.trim().split('\n').at(-1));
  results.rss16 = { peakMB: kb / 1024, exit: rss.status };
  console.log(`\n(d) /16 sweep of 127.1.0.0/16 on 4 ports: peak RSS ${(kb / 1024).toFixed(0)} MB (goal < 300 MB), exit ${rss.status}`);
} finally {
  net.close();
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  writeFileSync(join(root, 'bench/out/sweep.json'), JSON.stringify(results, null, 2));
}
