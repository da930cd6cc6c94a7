/**
 * The scan engine end to end on loopback: real listeners on 127.0.0.x, a probe and a rule defined here, the real
 * SQLite store. Covers discovery, do-not-probe, the finding state machine across rescans, and the report schema.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sequentialIds, type Clock } from '../core/clock.js';
import { defineObservation } from '../core/observation.js';
import { DoNotProbeGuard } from '../net/guard.js';
import { FAST_LIMITS } from '../net/limits.js';
import { Net } from '../net/net.js';
import { defineProbe } from '../probes/probe.js';
import { writeScanJson } from '../report/json.js';
import { buildScanReport, reportHosts, scanReportHead } from '../report/model.js';
import { defineRule, perObservation, verdictFor } from '../rules/rule.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { runScan, type ScanInput } from './run.js';
import { FAST_TIMING } from './sweep.js';
import { planTargets } from './targets.js';

const greeting = defineObservation<{ line: string }>()('test.greeting', 'first line a server sends');
const greetProbe = defineProbe({
  id: 'test.greet',
  summary: 'reads the greeting line',
  safety: 'safe',
  transport: 'tcp',
  ports: [],
  emits: [greeting],
  defaults: {},
  selects: () => true,
  async run(target, { net }) {
    const conn = await net.connect(target, { expectBanner: true });
    try {
      const line = await conn.readLine({ deadlineMs: 1000, maxBytes: 200 });
      return { status: 'success', observations: [greeting.of({ line })] };
    } finally {
      conn.destroy();
    }
  },
});
const insecureRule = defineRule({
  id: 'test-insecure-greeting',
  title: 'Server greets with INSECURE',
  severity: 'high',
  remediation: 'Stop greeting insecurely.',
  check: perObservation(greeting, (o) => (o.data.line.includes('INSECURE') ? verdictFor(o, `greeting "${o.data.line}"`) : undefined)),
});

class Listener {
  connections = 0;
  private server: Server;
  constructor(readonly host: string, private banner: string) {
    this.server = createServer((s) => {
      this.connections++;
      s.on('error', () => {});
      s.end(`${this.banner}\r\n`);
    });
  }
  set greeting(b: string) {
    this.banner = b;
  }
  get port() {
    return (this.server.address() as { port: number }).port;
  }
  listen(port = 0) {
    return new Promise<void>((r) => this.server.listen(port, this.host, r));
  }
  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

let now = Date.parse('2026-01-01T00:00:00Z');
const clock: Clock = { now: () => new Date((now += 1000)) };
const ids = sequentialIds();

async function scan(store: SqliteScanStore, targets: string[], ports: number[], guard = new DoNotProbeGuard()) {
  const plan = await planTargets(targets);
  const input: ScanInput = {
    plan,
    ports,
    profile: 'custom',
    timing: FAST_TIMING,
    hostParallel: 8,
    probeParallel: 4,
    probes: [greetProbe],
    intrusive: false,
    rules: [insecureRule],
    identifiers: [],
    vantage: { sourceAddress: '127.0.0.1', interface: 'lo', zone: 'test', hostname: 'test' },
    options: {},
  };
  return runScan(input, { store, net: new Net({ limits: FAST_LIMITS, guard }), guard, clock, ids, readNeighbours: () => new Map() });
}

describe('scan engine on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-run-'));
  const a = new Listener('127.0.0.21', 'HELLO INSECURE');
  const b = new Listener('127.0.0.22', 'HELLO fine');
  let store: SqliteScanStore;
  beforeAll(async () => {
    await a.listen();
    await b.listen(a.port); // same port on both hosts keeps the port list short
  });
  afterAll(async () => {
    await a.close();
    await b.close().catch(() => {});
  });
  afterEach(() => store?.close());

  it('finds live hosts, their open ports and a finding; dead addresses are listed as not answering', async () => {
    store = SqliteScanStore.open(join(dir, 'a.db'));
    const s = await scan(store, ['127.0.0.21-23'], [a.port, 1]);
    expect(s.status).toBe('complete');
    const r = buildScanReport(store, s.scanId, clock.now().toISOString());
    const byAddr = Object.fromEntries(r.hosts.map((h) => [h.address, h]));
    expect(byAddr['127.0.0.21']!.alive).toBe(true);
    expect(byAddr['127.0.0.21']!.ports.filter((p) => p.state === 'open').map((p) => p.port)).toEqual([a.port]);
    expect(byAddr['127.0.0.21']!.findings.map((f) => f.id)).toEqual(['test-insecure-greeting']);
    expect(byAddr['127.0.0.22']!.findings).toEqual([]);
    // 127.0.0.23 has no listener, but loopback answers with RST: alive, all closed, nothing open.
    expect(byAddr['127.0.0.23']!.ports.every((p) => p.state === 'closed')).toBe(true);

    // The streaming writer prints exactly the in-memory report.
    let streamed = '';
    writeScanJson(scanReportHead(store, s.scanId, r.generatedAt), reportHosts(store, s.scanId), (c) => (streamed += c));
    expect(JSON.parse(streamed)).toEqual(JSON.parse(JSON.stringify(r)));

    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')));
    expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('never connects to a do-not-probe address and reports it as skipped', async () => {
    store = SqliteScanStore.open(join(dir, 'b.db'));
    const before = b.connections;
    const guard = new DoNotProbeGuard([{ cidr: '127.0.0.22/32', reason: 'mammography unit, vendor forbids scans' }]);
    const s = await scan(store, ['127.0.0.21-22'], [b.port], guard);
    expect(b.connections).toBe(before);
    const r = buildScanReport(store, s.scanId, clock.now().toISOString());
    expect(r.hosts.map((h) => h.address)).toEqual(['127.0.0.21']);
    expect(r.skipped).toEqual([{ target: '127.0.0.22', reason: 'do-not-probe: mammography unit, vendor forbids scans (127.0.0.22/32)' }]);
  });

  it('keeps triage across rescans: accepted stays accepted, fixed resolves, reappearing reopens', async () => {
    store = SqliteScanStore.open(join(dir, 'c.db'));
    const ports = [a.port];
    const first = await scan(store, ['127.0.0.21'], ports);
    const [f] = store.scanFindings(first.scanId);
    expect(f!.state).toBe('open');

    store.triage(f!.key, { type: 'start-remediation', actor: 'biomed' }, clock.now().toISOString());
    a.greeting = 'HELLO fixed';
    await scan(store, ['127.0.0.21'], ports);
    expect(store.finding(f!.key)!.state).toBe('resolved');

    a.greeting = 'HELLO INSECURE';
    const third = await scan(store, ['127.0.0.21'], ports);
    expect(store.scanFindings(third.scanId)[0]!.key).toBe(f!.key); // same key: triage survives rescans
    expect(store.finding(f!.key)!.state).toBe('open');

    store.triage(f!.key, { type: 'accept-risk', actor: 'ciso', reason: 'vendor patch due Q3', approver: 'CISO', expiresAt: '2099-01-01T00:00:00Z' }, clock.now().toISOString());
    await scan(store, ['127.0.0.21'], ports);
    expect(store.finding(f!.key)!.state).toBe('risk-accepted');
    expect(store.findingHistory(f!.key).map((h) => h.to)).toEqual(['open', 'in-remediation', 'resolved', 'open', 'risk-accepted']);
    expect(() => store.triage(f!.key, { type: 'accept-risk', actor: 'x', reason: '', approver: 'y', expiresAt: '2099-01-01' }, clock.now().toISOString())).toThrow(/cannot accept-risk a finding that is risk-accepted/);
  });

  it('reopens an expired risk acceptance at the next scan', async () => {
    store = SqliteScanStore.open(join(dir, 'd.db'));
    const s = await scan(store, ['127.0.0.21'], [a.port]);
    const key = store.scanFindings(s.scanId)[0]!.key;
    store.triage(key, { type: 'accept-risk', actor: 'ciso', reason: 'short', approver: 'CISO', expiresAt: '2026-01-01T00:00:30Z' }, clock.now().toISOString());
    now = Date.parse('2026-02-01T00:00:00Z');
    await scan(store, ['127.0.0.21'], [a.port]);
    expect(store.finding(key)!.state).toBe('open');
    expect(store.findingHistory(key).at(-1)!.note).toMatch(/risk acceptance expired/);
  });
});
