/**
 * bench/dicom — nmap `--script dicom-ping` vs Radguard's DICOM probe set, one run, against 50 real DICOM endpoints
 * (Orthanc 1.10 and DCMTK 3.6.7 in network namespaces on 10.77.45.0/24, one endpoint per host):
 *   (a) time for each tool over all endpoints; Radguard under FAST limits, no C-ECHO, one association per host
 *   (b) association throughput across hosts (connect → A-ASSOCIATE → A-RELEASE, one at a time per host), over all
 *       plaintext hosts and over the Orthanc hosts alone (storescp/dcmqrscp fork a process per association)
 *   (c) an accuracy table per endpoint against the configured truth: called-AE check, calling-AE policy, TLS,
 *       fingerprint, query exposure — and where each tool is right.
 *   (b2) Radguard's own ceiling: the same loop against in-process acceptors on 127.0.77.1–50 (no peer processes)
 * Run as root: `npm run bench:dicom`. Sends traffic only to 10.77.45.0/24 and 127.0.77.0/24 (refuses to start if
 * 10.77.200.1 routes).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { identifiers } from '../src/identify/index.js';
import associate from '../src/probes/dicom/associate.probe.js';
import { DEFAULT_DEADLINES, openAssociation } from '../src/probes/dicom/link.js';
import type { AePolicy, DicomTlsFacts, QueryExposure } from '../src/probes/dicom/observations.js';
import query from '../src/probes/dicom/query.probe.js';
import { contextsFor, requestFor } from '../src/probes/dicom/services.js';
import tls from '../src/probes/dicom/tls.probe.js';
import { SOP } from '../src/probes/dicom/uids.js';
import type { ProbeResult } from '../src/probes/run-probe.js';
import { cleanup, startDcmqrscp, startOrthanc, startStorescp } from '../test/fakes/dicom-peers.js';
import { rejectingScp } from '../test/fakes/dicom-scps.js';
import { fastNet, probeOn } from '../test/fakes/dicom-net.js';
import { createTestNet, ensureIsolationRoute } from '../test/peers/netns.js';

ensureIsolationRoute();
if (spawnSync('ip', ['route', 'get', '10.77.200.1'], { encoding: 'utf8' }).status === 0) {
  console.error('refusing to run: 10.77.200.1 is routable from here, the test network is not isolated');
  process.exit(2);
}

type Kind = 'storescp' | 'dcmqrscp-peers' | 'orthanc-open' | 'orthanc-whitelist' | 'orthanc-find' | 'storescp-tls';
interface Truth {
  readonly calledChecked: boolean;
  readonly calling: 'any' | 'whitelist';
  readonly tls: boolean;
  readonly product: 'DCMTK' | 'Orthanc';
  readonly cfind: 'allowed' | 'closed';
}
const TRUTH: Record<Kind, Truth & { port: number; count: number }> = {
  storescp: { port: 104, count: 20, calledChecked: false, calling: 'any', tls: false, product: 'DCMTK', cfind: 'closed' },
  'dcmqrscp-peers': { port: 11112, count: 10, calledChecked: true, calling: 'whitelist', tls: false, product: 'DCMTK', cfind: 'closed' },
  'orthanc-open': { port: 4242, count: 8, calledChecked: true, calling: 'any', tls: false, product: 'Orthanc', cfind: 'closed' },
  'orthanc-whitelist': { port: 4242, count: 4, calledChecked: true, calling: 'whitelist', tls: false, product: 'Orthanc', cfind: 'closed' },
  'orthanc-find': { port: 4242, count: 4, calledChecked: true, calling: 'any', tls: false, product: 'Orthanc', cfind: 'allowed' },
  'storescp-tls': { port: 2762, count: 4, calledChecked: false, calling: 'any', tls: true, product: 'DCMTK', cfind: 'closed' },
};
const plan: Array<{ kind: Kind; name: string }> = Object.entries(TRUTH)
  .flatMap(([kind, t]) => Array.from({ length: t.count }, () => kind as Kind))
  .map((kind, i) => ({ kind, name: `dcm${i}` }));

const dir = mkdtempSync(join(tmpdir(), 'rg-bench-dicom-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=bench-pacs'], { stdio: 'ignore' });
const net = createTestNet(45, plan.map((p) => ({ name: p.name })));
try {
  console.log(`starting ${plan.length} DICOM endpoints …`);
  const orthancBase = { DicomCheckCalledAet: true };
  await Promise.all(
    plan.map((p) => {
      const h = net.host(p.name);
      switch (p.kind) {
        case 'storescp':
          return startStorescp(h, 'STORESCP', 104);
        case 'dcmqrscp-peers':
          return startDcmqrscp(h, 'QRSCP', { ae: 'PACSADMIN', host: net.gateway }, 11112);
        case 'orthanc-open':
          return startOrthanc(h, orthancBase);
        case 'orthanc-whitelist':
          return startOrthanc(h, { ...orthancBase, DicomAlwaysAllowEcho: false, DicomAlwaysAllowStore: false, DicomModalities: { pacs: ['PACSADMIN', net.gateway, 104] } });
        case 'orthanc-find':
          return startOrthanc(h, { ...orthancBase, DicomAlwaysAllowFind: true });
        case 'storescp-tls':
          return startStorescp(h, 'STORESCP', 2762, ['+tls', join(dir, 'key.pem'), join(dir, 'cert.pem'), '-ic']);
      }
    }),
  );
  const endpoints = plan.map((p) => ({ ...p, host: net.host(p.name).address, port: TRUTH[p.kind].port, truth: TRUTH[p.kind] }));

  // (a1) nmap dicom-ping, all endpoints in one run
  const targets = endpoints.map((e) => e.host);
  const ports = [...new Set(endpoints.map((e) => e.port))].join(',');
  let t0 = performance.now();
  const xml = execFileSync('nmap', ['-sT', '-Pn', '-n', '-T4', '-p', ports, '--script', 'dicom-ping', '-oX', '-', ...targets], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const nmapMs = performance.now() - t0;
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { nmaprun: { host: unknown } };
  const nmapSays = new Map<string, string>();
  for (const h of ([] as unknown[]).concat(parsed.nmaprun.host) as Array<{ address: { addr: string } | Array<{ addr: string }>; ports: { port: unknown } }>) {
    const addr = Array.isArray(h.address) ? h.address[0]!.addr : h.address.addr;
    for (const p of ([] as unknown[]).concat(h.ports.port) as Array<{ portid: string; state: { state: string }; script?: { id: string; output: string } | Array<{ id: string; output: string }> }>) {
      if (p.state.state !== 'open') continue;
      const s = ([] as Array<{ id: string; output: string }>).concat(p.script ?? []).find((x) => x.id === 'dicom-ping');
      nmapSays.set(`${addr}:${p.portid}`, s ? (/Any AET/.test(s.output) ? 'any-aet' : /Called AET/.test(s.output) ? 'called-aet-check' : 'dicom') : 'no-answer');
    }
  }

  // (a2) Radguard's DICOM probe set: all hosts in parallel, one association at a time per host (Net's DICOM lock)
  const rnet = fastNet();
  t0 = performance.now();
  const rg = await Promise.all(
    endpoints.map(async (e) => {
      const results: ProbeResult[] = [];
      const options = { calledAes: e.kind === 'dcmqrscp-peers' ? ['QRSCP'] : [], echo: false };
      const a = await probeOn(associate, e.host, e.port, { net: rnet, options });
      results.push(a);
      results.push(await probeOn(query, e.host, e.port, { net: rnet, options, observations: a.observations }));
      if (e.port === 2762 || tls.selects?.(e.port, { host: { address: e.host, openPorts: [], observations: a.observations } } as never))
        results.push(await probeOn(tls, e.host, e.port, { net: rnet, options: { ...options, checkLegacyVersions: false } }));
      return results;
    }),
  );
  const rgMs = performance.now() - t0;
  const rgAssociations = rnet.stats.connections;

  // (b) association throughput: 20 rounds per host of connect → RQ → AC/RJ → release/close, one at a time per
  // host; once over every plaintext host, once over the Orthanc hosts only (no fork per association)
  const rounds = 20;
  const throughput = async (kinds: readonly Kind[]) => {
    const tnet = fastNet();
    const chosen = endpoints.filter((e) => !e.truth.tls && kinds.includes(e.kind));
    const started = performance.now();
    await Promise.all(
      chosen.map(async (e) => {
        for (let i = 0; i < rounds; i++) {
          const called = e.kind === 'dcmqrscp-peers' ? 'QRSCP' : e.kind.startsWith('orthanc') ? 'ORTHANC' : 'STORESCP';
          const ans = await openAssociation(tnet, { host: e.host, port: e.port, transport: 'tcp' }, requestFor(called, 'RADGUARD-BNCH', contextsFor([SOP.verification])), { deadlines: DEFAULT_DEADLINES });
          if (ans.outcome === 'accepted') await ans.link.release();
        }
      }),
    );
    const ms = performance.now() - started;
    return { hosts: chosen.length, count: tnet.stats.connections, ms, perSec: tnet.stats.connections / (ms / 1000) };
  };
  // (b2) Radguard's own ceiling: in-process acceptors on 50 loopback addresses (no peer process, same CPU)
  const fakes = await Promise.all(Array.from({ length: 50 }, (_, i) => rejectingScp(() => null, `127.0.77.${i + 1}`)));
  const lnet = fastNet();
  const started = performance.now();
  await Promise.all(
    fakes.map(async (f, i) => {
      for (let r = 0; r < rounds; r++) {
        const ans = await openAssociation(lnet, { host: `127.0.77.${i + 1}`, port: f.port, transport: 'tcp' }, requestFor('ANY', 'RADGUARD-BNCH', contextsFor([SOP.verification])), { deadlines: DEFAULT_DEADLINES });
        if (ans.outcome === 'accepted') await ans.link.release();
      }
    }),
  );
  const loopback = { hosts: fakes.length, count: lnet.stats.connections, ms: performance.now() - started, perSec: 0 };
  loopback.perSec = loopback.count / (loopback.ms / 1000);
  await Promise.all(fakes.map((f) => f.close()));
  const thrAll = await throughput(['storescp', 'dcmqrscp-peers', 'orthanc-open', 'orthanc-whitelist', 'orthanc-find']);
  const thrOrthanc = await throughput(['orthanc-open', 'orthanc-whitelist', 'orthanc-find']);

  // (c) accuracy
  const rows = endpoints.map((e, i) => {
    const obs = rg[i]!.flatMap((r) => r.observations);
    const policy = obs.filter((o) => o.kind === 'dicom.ae-policy').map((o) => o.data as AePolicy)[0];
    const tlsF = obs.filter((o) => o.kind === 'dicom.tls').map((o) => o.data as DicomTlsFacts)[0];
    const find = obs.filter((o) => o.kind === 'dicom.query').map((o) => o.data as QueryExposure).find((q) => q.service === 'study-root-find');
    const ids = obs.flatMap((o) => identifiers.flatMap((idf) => (idf.kinds.includes(o.kind) ? idf.identify(o) : [])));
    const products = [...new Set(ids.map((x) => x.product))];
    const n = nmapSays.get(`${e.host}:${e.port}`) ?? 'no-answer';
    const t = e.truth;
    const rgCalled = policy?.calledAeChecked ?? null;
    const rgCalling = policy?.state === 'calling-ae-whitelisted' ? 'whitelist' : policy?.state === 'any-calling-ae-accepted' || policy?.state === 'called-ae-not-checked' ? 'any' : 'untested';
    return {
      endpoint: `${e.host}:${e.port}`,
      kind: e.kind,
      nmap: n,
      radguard: `${policy?.state ?? tlsF?.association ?? 'none'}${tlsF ? ' +tls' : ''}; find ${find?.outcome ?? '-'}; ${products.join('/') || '-'}`,
      called: { nmap: n === 'any-aet' ? !t.calledChecked : n === 'called-aet-check' ? t.calledChecked : false, rg: rgCalled === t.calledChecked },
      calling: { nmap: n === 'any-aet' ? t.calling === 'any' : false, rg: rgCalling === t.calling, rgUntested: rgCalling === 'untested' },
      tls: { nmap: false, rg: Boolean(tlsF) === t.tls },
      fp: { nmap: false, rg: products.includes(t.product) },
      find: { nmap: false, rg: (find?.outcome === 'allowed' ? 'allowed' : 'closed') === t.cfind },
    };
  });
  const score = (k: 'called' | 'calling' | 'tls' | 'fp' | 'find', who: 'nmap' | 'rg') => rows.filter((r) => r[k][who]).length;

  console.log('\nendpoint              kind               nmap dicom-ping    radguard');
  for (const r of rows) console.log(`${r.endpoint.padEnd(21)} ${r.kind.padEnd(18)} ${r.nmap.padEnd(18)} ${r.radguard}`);
  console.log(`\naccuracy over ${rows.length} endpoints (right / total)      nmap   radguard`);
  for (const [k, label] of [['called', 'called-AE check'], ['calling', 'calling-AE policy'], ['tls', 'DICOM-TLS seen'], ['fp', 'fingerprint (DCMTK / Orthanc)'], ['find', 'C-FIND exposure']] as const)
    console.log(`  ${label.padEnd(40)} ${String(score(k, 'nmap')).padStart(4)}   ${String(score(k, 'rg')).padStart(4)}`);
  console.log(`  calling-AE policy reported "untested" by radguard (never a wrong claim): ${rows.filter((r) => r.calling.rgUntested).length}`);
  console.log('\ntime');
  console.log(`  nmap -sT -Pn -T4 --script dicom-ping   ${(nmapMs / 1000).toFixed(2)} s`);
  console.log(`  radguard DICOM probe set (no echo)    ${(rgMs / 1000).toFixed(2)} s, ${rgAssociations} connections (${(rgAssociations / (rgMs / 1000)).toFixed(0)}/s)  ratio ${(rgMs / nmapMs).toFixed(2)}× nmap`);
  for (const [label, t] of [['all plaintext hosts', thrAll], ['Orthanc hosts only', thrOrthanc], ['in-process acceptors', loopback]] as const)
    console.log(`  association throughput, ${label.padEnd(20)} ${t.count} in ${(t.ms / 1000).toFixed(2)} s = ${t.perSec.toFixed(0)} associations/s across ${t.hosts} hosts, 1 per host at a time`);
  console.log(`  load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
} finally {
  net.close();
  cleanup();
  rmSync(dir, { recursive: true, force: true });
}
