/**
 * The CLI contract, in-process: exit codes (0 ok, 1 findings at --fail-on, 2 usage, 3 runtime), --json envelopes,
 * nmap XML import, scans diff, CSV safety, do-not-probe management and finding triage.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-cli-'));
const testdata = new URL('../scan/testdata/', import.meta.url).pathname;

async function rg(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
  const code = await main(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {} });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

describe('radguard CLI', () => {
  const db = join(dir, 'cli.db');
  let telnet: Server;
  let port = 0;
  beforeAll(async () => {
    // A fake telnet-ish greeter is not needed: the nmap import below brings real service data.
    telnet = createServer((s) => {
      s.on('error', () => {}); // probes reset connections; that is their business
      s.end();
    });
    await new Promise<void>((r) => telnet.listen(0, '127.0.0.31', r));
    port = (telnet.address() as { port: number }).port;
  });
  afterAll(() => {
    telnet.close();
  });

  it('usage errors exit 2 with a message naming the problem', async () => {
    expect(await rg('--db', db, 'scan', '10.0.0.1', '-p', '70000')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/"70000" must lie within 1–65535/),
    });
    expect(await rg('--db', db, 'scan', '8.8.8.8', '-p', '53')).toMatchObject({ code: 2, stderr: expect.stringMatching(/public address/) });
    expect(await rg('--db', db, 'scan', '10.0.0.0/8')).toMatchObject({ code: 2, stderr: expect.stringMatching(/more than the limit/) });
    expect(await rg('--db', db, 'scan', '127.0.0.1', '--fail-on', 'severe')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown severity "severe"/),
    });
    expect((await rg('--db', db, 'nosuchcommand')).code).toBe(2);
    expect(await rg('--db', db, 'scan', '127.0.0.1', '--ae', 'PACS,WAY-TOO-LONG-AE-TITLE-X')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--ae: "WAY-TOO-LONG-AE-TITLE-X" is not a valid AE title/),
    });
    expect(await rg('--db', db, 'scan', '127.0.0.1', '--calling-ae', 'BAD\\AE')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--calling-ae/),
    });
    expect(await rg('--db', db, 'scans', 'show', 'latest')).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/cli\.db does not exist/),
    });
  });

  it('runtime errors exit 3: unreadable import file, garbage XML', async () => {
    expect(await rg('--db', db, 'scans', 'import', join(dir, 'missing.xml'))).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/cannot read/),
    });
    writeFileSync(join(dir, 'garbage.xml'), '<nmaprun><host><unclosed>');
    expect(await rg('--db', db, 'scans', 'import', join(dir, 'garbage.xml'))).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/not well-formed XML/),
    });
    writeFileSync(join(dir, 'other.xml'), '<?xml version="1.0"?><report/>');
    expect(await rg('--db', db, 'scans', 'import', join(dir, 'other.xml'))).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/no <nmaprun> element/),
    });
  });

  it('imports real nmap XML with products and CPEs converted to 2.3', async () => {
    const r = await rg('--db', db, '--json', 'scans', 'import', join(testdata, 'nmap-loopback.xml'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ schemaVersion: '1.2', kind: 'scan-import', imported: [{ hosts: 1 }] });
    const show = (await rg('--db', db, 'scans', 'show', 'latest', '--json')).json();
    expect(show.scan).toMatchObject({ source: 'nmap-import', status: 'complete' });
    const ssh = show.hosts[0].ports.find((p: { port: number }) => p.port === 2200);
    expect(ssh).toMatchObject({
      state: 'open',
      service: 'ssh',
      product: 'OpenSSH',
      version: '9.2p1 Debian 2+deb12u10',
      cpe: ['cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*', 'cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*'],
    });
    expect(await rg('--db', db, 'scans', 'show', 'nope')).toMatchObject({ code: 2, stderr: expect.stringMatching(/no scan "nope"/) });
    expect(show.hosts[0].ports.find((p: { port: number }) => p.port === 1)).toMatchObject({ state: 'closed' });
  });

  it('scans, diffs against the import, lists scans, and fails on findings only at the asked severity', async () => {
    const scan = await rg('--db', db, 'scan', '127.0.0.31', '-p', `${port},2200`, '--fast', '--json', '--fail-on', 'critical');
    expect(scan.code, scan.stderr).toBe(0);
    expect(
      scan
        .json()
        .hosts[0].ports.filter((p: { state: string }) => p.state === 'open')
        .map((p: { port: number }) => p.port),
    ).toEqual([port]);
    const list = (await rg('--db', db, 'scans', 'list', '--json')).json();
    expect(list.kind).toBe('scan-list');
    expect(list.scans).toHaveLength(2);
    const diff = (await rg('--db', db, 'scans', 'diff', '--json')).json();
    // the import looked only at 127.0.0.1, the scan only at 127.0.0.31: neither host is "new" or "gone"
    expect(diff).toMatchObject({
      kind: 'scan-diff',
      hosts: { new: [], gone: [], notRescanned: ['127.0.0.1'], notPreviouslyScanned: ['127.0.0.31'] },
    });
    expect(diff.findings.gone).toEqual([]);
    expect(diff.caveats.join(' ')).toMatch(/different port sets/);
  });

  it('keeps a do-not-probe list that scans honour and report', async () => {
    expect((await rg('--db', db, 'do-not-probe', 'add', '127.0.0.31', '--reason', 'fragile CT console')).code).toBe(0);
    expect(await rg('--db', db, 'do-not-probe', 'add', 'not-an-ip', '--reason', 'x')).toMatchObject({ code: 2 });
    const r = await rg('--db', db, 'scan', '127.0.0.31', '-p', String(port), '--fast', '--json');
    expect(r.json().skipped).toEqual([{ target: '127.0.0.31', reason: 'do-not-probe: fragile CT console (127.0.0.31)' }]);
    // The earlier scan made it a known asset: listed as judged at the desk, with nothing sent to it.
    expect(r.json().hosts).toEqual([expect.objectContaining({ address: '127.0.0.31', probed: false, alive: false, ports: [], checks: [] })]);
    expect((await rg('--db', db, 'do-not-probe', 'remove', '127.0.0.31')).code).toBe(0);
    expect((await rg('--db', db, 'do-not-probe', 'list', '--json')).json().entries).toEqual([]);
  });

  it('scans a public block only when the site allow-list holds it', async () => {
    expect(await rg('--db', db, 'scan', '198.51.100.7', '-p', '1')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/public address/),
    });
    expect((await rg('--db', db, 'scope', 'add', '198.51.100.0/24', '--reason', 'our DMZ, approved by IT')).code).toBe(0);
    const list = (await rg('--db', db, 'scope', 'list', '--json')).json();
    expect(list).toMatchObject({ kind: 'public-scope', entries: [{ cidr: '198.51.100.0/24' }] });
    // planning passes now (the scan itself is not run here: the address is not ours)
    const { planTargets } = await import('../scan/targets.js');
    await expect(planTargets(['198.51.100.7'], { publicAllowList: ['198.51.100.0/24'] })).resolves.toMatchObject({ count: 1 });
    expect((await rg('--db', db, 'scope', 'remove', '198.51.100.0/24')).code).toBe(0);
  });

  it('writes CSV with spreadsheet formulas neutralised', async () => {
    const out = join(dir, 'r.csv');
    expect((await rg('--db', db, 'scans', 'show', 'latest', '-o', out)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^scan_id,address,mac/);
    const { csvField } = await import('../report/csv.js');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('diffs only addresses both scans targeted', async () => {
    expect((await rg('--db', db, 'scan', '127.0.0.31', '-p', String(port), '--fast', '--json')).code).toBe(0);
    expect((await rg('--db', db, 'scan', '127.0.0.30/31', '-p', String(port), '--fast', '--json')).code).toBe(0);
    const diff = (await rg('--db', db, 'scans', 'diff', '--json')).json();
    // 127.0.0.31 was in both scans (open port in both: no change); 127.0.0.30 only in the new /31
    expect(diff.hosts).toEqual({ new: [], gone: [], notRescanned: [], notPreviouslyScanned: ['127.0.0.30'] });
    expect(diff.ports.opened).toEqual([]);
  });
});

describe('AE-title map', () => {
  it('lists AE titles per node and flags one used by two nodes', async () => {
    const db = join(dir, 'ae.db');
    const { SqliteScanStore } = await import('../store/sqlite/scan-store.js');
    const store = SqliteScanStore.open(db);
    const vantage = { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'x' };
    store.createScan(
      {
        id: 'scan_ae',
        startedAt: '2026-01-01T00:00:00Z',
        source: 'scan',
        targets: [],
        vantage,
        profile: null,
        options: {},
        hostsPlanned: 2,
      },
      1,
      null,
    );
    for (const [i, address] of ['10.0.0.1', '10.0.0.2'].entries()) {
      const policy = {
        state: 'any-calling-ae-accepted',
        calledAeChecked: true,
        acceptedCalledAe: 'ORTHANC',
        acceptedCalledAeSource: 'guessed',
        evidence: '',
        attempts: 2,
        tls: false,
        implementation: null,
      };
      const observations = [
        {
          id: `o${i}`,
          endpoint: { host: address, port: 4242, transport: 'tcp' as const },
          kind: 'dicom.ae-policy',
          probeId: 'dicom.associate',
          observedAt: '2026-01-01T00:00:00Z',
          data: policy,
        },
      ];
      store.commitHost('scan_ae', {
        host: {
          address,
          assetId: null,
          mac: null,
          macVendor: null,
          hostnames: [],
          alive: true,
          aliveReason: null,
          ports: [],
          checks: [],
          observations,
        },
        verdicts: [],
        scannedPorts: new Set([4242]),
        at: '2026-01-01T00:00:01Z',
      });
    }
    store.finishScan('scan_ae', 'complete', '2026-01-01T00:00:02Z');
    store.close();
    const r = await rg('--db', db, 'scans', 'ae-titles', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      kind: 'ae-title-map',
      duplicates: [{ ae: 'ORTHANC', endpoints: ['10.0.0.1:4242', '10.0.0.2:4242'] }],
    });
    expect((await rg('--db', db, 'scans', 'ae-titles')).stdout).toMatch(/DUPLICATE AE title ORTHANC on 10\.0\.0\.1:4242, 10\.0\.0\.2:4242/);
  });
});

describe('backup and restore', () => {
  it('backs up, refuses garbage, restores and keeps the replaced store', async () => {
    const db = join(dir, 'b.db');
    expect((await rg('--db', db, 'scans', 'import', join(testdata, 'nmap-loopback.xml'))).code).toBe(0);
    const bak = join(dir, 'b.backup');
    const b = await rg('--db', db, '--json', 'backup', bak);
    expect(b.code, b.stderr).toBe(0);
    expect(b.json().backup.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await rg('--db', db, 'backup', bak)).stderr).toMatch(/already exists/);
    expect((await rg('--db', db, 'scans', 'import', join(testdata, 'nmap-loopback.xml'))).code).toBe(0);
    writeFileSync(join(dir, 'junk.backup'), 'not a database');
    expect(await rg('--db', db, 'restore', join(dir, 'junk.backup'))).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/not a readable SQLite database|not a Radguard database/),
    });
    expect((await rg('--db', db, 'scans', 'list', '--json')).json().scans).toHaveLength(2);
    const r = await rg('--db', db, '--json', 'restore', bak);
    expect(r.code, r.stderr).toBe(0);
    expect((await rg('--db', db, 'scans', 'list', '--json')).json().scans).toHaveLength(1);
    expect((await rg('--db', r.json().previous, 'scans', 'list', '--json')).json().scans).toHaveLength(2);
  });
});
