/**
 * bench/identify — Radguard's hygiene probe set vs `nmap -sT -sV`, one run each, on the same namespace hosts and
 * the same ports (21, 22, 23, 80, 443, 5900 on 8 hosts at 10.77.29.0/24: vsftpd, inetutils telnetd, nginx legacy
 * and good, OpenSSH default and weak, Xvnc open and with a password). Prints each tool's wall time, the ratio
 * (goal ≤ 0.25×), and per endpoint whether each tool named the service and the product/version correctly.
 * Radguard runs as the scan engine would: port check, then every probe whose ports or `selects` cover an open
 * port, in phase order per host, hosts in parallel, under SAFE_LIMITS (the default), then identification.
 * Run as root: `npm run bench:identify`. Refuses to start unless 10.77.200.1 is unreachable (isolated network).
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { fixedClock, sequentialIds } from '../src/core/clock.js';
import type { Observation } from '../src/core/observation.js';
import { identifyHost } from '../src/identify/identified.js';
import { identifiers } from '../src/identify/index.js';
import { DoNotProbeGuard } from '../src/net/guard.js';
import { SAFE_LIMITS } from '../src/net/limits.js';
import { Net } from '../src/net/net.js';
import ftpAnonymous from '../src/probes/ftp/anonymous.probe.js';
import httpGet from '../src/probes/http/get.probe.js';
import sshKexinit from '../src/probes/ssh/kexinit.probe.js';
import telnetNegotiate from '../src/probes/telnet/negotiate.probe.js';
import tlsLegacyHello from '../src/probes/tls/legacy-hello.probe.js';
import tlsVersions from '../src/probes/tls/versions.probe.js';
import vncSecurity from '../src/probes/vnc/security.probe.js';
import type { Probe } from '../src/probes/probe.js';
import { runProbe } from '../src/probes/run-probe.js';
import {
  REDIRECT_TO_HTTPS, WEAK_SSH, goodTls, legacyTls, makeCertificates, makeHostKeys, startNginx, startSshd, startTelnetd,
  startVsftpd, startXvnc,
} from '../test/fakes/hygiene-peers.js';
import { createTestNet, ensureIsolationRoute } from '../test/peers/netns.js';

ensureIsolationRoute();
if (spawnSync('ip', ['route', 'get', '10.77.200.1'], { encoding: 'utf8' }).status === 0) {
  console.error('refusing to run: 10.77.200.1 is routable from here, the test network is not isolated');
  process.exit(2);
}

const PORTS = [21, 22, 23, 80, 443, 5900];
const PROBES: readonly Probe[] = [tlsVersions, tlsLegacyHello, httpGet, sshKexinit, ftpAnonymous, telnetNegotiate, vncSecurity];
interface Truth { readonly service: string; readonly product?: string; readonly version?: string }
const NGINX = { product: 'nginx', version: '1.22.1' };
const OPENSSH = { product: 'OpenSSH', version: '9.2p1' };
const HOSTS: ReadonlyArray<{ name: string; truth: Record<number, Truth> }> = [
  { name: 'ftp', truth: { 21: { service: 'ftp', product: 'vsftpd', version: '3.0.3' } } },
  { name: 'telnet', truth: { 23: { service: 'telnet' } } },
  { name: 'weblegacy', truth: { 80: { service: 'http', ...NGINX }, 443: { service: 'https', ...NGINX } } },
  { name: 'webgood', truth: { 80: { service: 'http', ...NGINX }, 443: { service: 'https', ...NGINX } } },
  { name: 'sshgood', truth: { 22: { service: 'ssh', ...OPENSSH } } },
  { name: 'sshweak', truth: { 22: { service: 'ssh', ...OPENSSH } } },
  { name: 'vncopen', truth: { 5900: { service: 'vnc' } } },
  { name: 'vncpass', truth: { 5900: { service: 'vnc' } } },
];

interface Named { service: string | null; product: string | null; version: string | null }

/** The service a Radguard probe proved, from the observation kinds it left on the port. */
function radguardService(obs: readonly Observation[], port: number): string | null {
  const kinds = new Set(obs.filter((o) => o.endpoint.port === port).map((o) => o.kind));
  const http = obs.find((o) => o.endpoint.port === port && o.kind === 'http.response');
  if (http) return (http.data as { tls: boolean }).tls ? 'https' : 'http';
  for (const [kind, name] of [['ssh.banner', 'ssh'], ['ftp.banner', 'ftp'], ['telnet.session', 'telnet'], ['vnc.security', 'vnc']] as const)
    if (kinds.has(kind)) return name;
  return null;
}

const dir = mkdtempSync(join(tmpdir(), 'rg-bench-identify-'));
const tn = createTestNet(29, HOSTS.map((h) => ({ name: h.name })));
try {
  console.log(`starting ${HOSTS.length} hosts …`);
  const certs = makeCertificates(dir);
  makeHostKeys(dir);
  await Promise.all([
    startVsftpd(tn.host('ftp'), dir, { anonymous: true, noAnonPassword: false, banner: null }),
    startTelnetd(tn.host('telnet'), dir),
    startNginx(tn.host('weblegacy'), dir, legacyTls(certs)),
    startNginx(tn.host('webgood'), dir, goodTls(certs), REDIRECT_TO_HTTPS),
    startSshd(tn.host('sshgood'), dir),
    startSshd(tn.host('sshweak'), dir, WEAK_SSH),
    startXvnc(tn.host('vncopen'), dir, 91, null),
    startXvnc(tn.host('vncpass'), dir, 92, 'radguard'),
  ]);
  const targets = HOSTS.map((h) => tn.host(h.name).address);

  // ── nmap -sT -sV ──
  let t0 = performance.now();
  const xml = execFileSync('nmap', ['-sT', '-sV', '-Pn', '-n', '-p', PORTS.join(','), '-oX', '-', ...targets], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const nmapMs = performance.now() - t0;
  const nmapSays = new Map<string, Named>();
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { nmaprun: { host: unknown } };
  for (const h of ([] as unknown[]).concat(parsed.nmaprun.host) as Array<{ address: { addr: string }; ports?: { port: unknown } }>) {
    for (const p of ([] as unknown[]).concat(h.ports?.port ?? []) as Array<{ portid: string; state: { state: string }; service?: Record<string, string> }>) {
      if (p.state.state !== 'open') continue;
      const s = p.service ?? {};
      const name = s.name ? (s.tunnel === 'ssl' && s.name === 'http' ? 'https' : s.name) : null;
      nmapSays.set(`${h.address.addr}:${p.portid}`, { service: name, product: s.product ?? null, version: s.version ?? null });
    }
  }

  // ── Radguard ──
  const net = new Net({ limits: SAFE_LIMITS, guard: new DoNotProbeGuard() });
  const clock = fixedClock(new Date().toISOString());
  const rgSays = new Map<string, Named>();
  t0 = performance.now();
  await Promise.all(
    targets.map(async (address) => {
      const states = await Promise.all(PORTS.map((port) => net.portState({ host: address, port, transport: 'tcp' }, 1000)));
      const open = PORTS.filter((_, i) => states[i]!.state === 'open');
      const observations: Observation[] = [];
      const ids = sequentialIds();
      for (const probe of [...PROBES].sort((a, b) => (a.phase ?? 50) - (b.phase ?? 50))) {
        const ctx = { net, clock, options: probe.defaults, host: { address, openPorts: open, observations } };
        const ports = open.filter((p) => probe.ports.includes(p) || probe.selects?.(p, ctx));
        const results = await Promise.all(ports.map((port) => runProbe(probe, { host: address, port, transport: 'tcp' }, ctx, ids)));
        for (const r of results) observations.push(...r.observations);
      }
      const { byPort } = identifyHost(observations, identifiers, ids);
      for (const port of open) {
        const id = byPort.get(port);
        rgSays.set(`${address}:${port}`, { service: radguardService(observations, port), product: id?.product ?? null, version: id?.version ?? null });
      }
    }),
  );
  const rgMs = performance.now() - t0;

  // ── accuracy ──
  const right = (n: Named | undefined, t: Truth) => ({
    service: n?.service === t.service,
    product: t.product === undefined ? null : Boolean(n?.product?.toLowerCase().includes(t.product.toLowerCase()) && n.version?.startsWith(t.version ?? '')),
  });
  const show = (n: Named | undefined) => (n ? `${n.service ?? '?'} ${[n.product, n.version].filter(Boolean).join(' ')}`.trim() : 'not seen').slice(0, 34);
  let scores = { nmapService: 0, rgService: 0, nmapProduct: 0, rgProduct: 0, products: 0, endpoints: 0 };
  console.log(`\n${'endpoint'.padEnd(19)} ${'truth'.padEnd(22)} ${'nmap -sV'.padEnd(36)} ${'radguard'.padEnd(36)}`);
  for (const h of HOSTS) {
    const address = tn.host(h.name).address;
    for (const [port, t] of Object.entries(h.truth)) {
      const key = `${address}:${port}`;
      const n = nmapSays.get(key);
      const r = rgSays.get(key);
      const rn = right(n, t);
      const rr = right(r, t);
      scores.endpoints++;
      scores.nmapService += Number(rn.service);
      scores.rgService += Number(rr.service);
      if (t.product) {
        scores.products++;
        scores.nmapProduct += Number(rn.product);
        scores.rgProduct += Number(rr.product);
      }
      const mark = (x: { service: boolean; product: boolean | null }) => `${x.service ? '✓' : '✗'}${x.product === null ? ' ' : x.product ? '✓' : '✗'}`;
      const truth = `${t.service} ${[t.product, t.version].filter(Boolean).join(' ')}`;
      console.log(`${`${h.name}:${port}`.padEnd(19)} ${truth.padEnd(22)} ${mark(rn)} ${show(n).padEnd(33)} ${mark(rr)} ${show(r)}`);
    }
  }
  console.log(`\n(✓✓ = service named right, product+version right; a blank second mark = no product to name)`);
  console.log(`services named right     nmap ${scores.nmapService}/${scores.endpoints}   radguard ${scores.rgService}/${scores.endpoints}`);
  console.log(`product+version right    nmap ${scores.nmapProduct}/${scores.products}   radguard ${scores.rgProduct}/${scores.products}`);
  console.log(`\nwall time, ${targets.length} hosts × ${PORTS.length} ports`);
  console.log(`  nmap -sT -sV -Pn -n        ${(nmapMs / 1000).toFixed(2)} s`);
  console.log(`  radguard (SAFE_LIMITS)     ${(rgMs / 1000).toFixed(2)} s   (${net.stats.connections} connections)`);
  console.log(`  ratio radguard / nmap      ${(rgMs / nmapMs).toFixed(3)}×   (goal ≤ 0.25×)`);
} finally {
  tn.close();
  rmSync(dir, { recursive: true, force: true });
}
