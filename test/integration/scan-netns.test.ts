/**
 * The foundation's promises on a real multi-host network (Linux namespaces, 10.77.1.0/24, isolated): ping-silent
 * devices are found, firewalled hosts do not make the scan crawl, a do-not-probe host receives no packet at all,
 * a SIGKILLed scan reads as incomplete with nothing corrupted, and read-only or locked databases fail clearly.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { netnsAvailable } from '../peers/require.js';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'bin/radguard.js');
const listener = join(root, 'test/peers/listen.mjs');

function radguard(args: string[], opts: { asUser?: string; timeoutMs?: number } = {}) {
  const cmd = opts.asUser ? 'setpriv' : process.execPath;
  const full = opts.asUser ? ['--reuid', opts.asUser, '--regid', opts.asUser, '--clear-groups', process.execPath, cli, ...args] : [cli, ...args];
  const r = spawnSync(cmd, full, { encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tcpPacketsSeen(ns: string): number {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-L', 'INPUT', '-v', '-n', '-x'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /rg-count/.test(l));
  return Number(line?.trim().split(/\s+/)[0] ?? NaN);
}

describe.skipIf(!netnsAvailable())('scan on an isolated namespace network', () => {
  let net: TestNet;
  const dir = mkdtempSync(join(tmpdir(), 'rg-netns-'));
  chmodSync(dir, 0o755);

  beforeAll(async () => {
    net = createTestNet(1, [
      { name: 'pacs' },
      { name: 'modality', dropIcmp: true },
      { name: 'firewalled', dropIcmp: true, dropAllTcpExcept: [443] },
      { name: 'workstation', dropTcpPorts: [139] },
      { name: 'excluded' },
    ]);
    const ports: Record<string, number[]> = { pacs: [22, 104, 8042], modality: [104], firewalled: [443], workstation: [445, 3389], excluded: [22] };
    const ready: Promise<void>[] = [];
    for (const h of net.hosts) {
      const child = h.spawn(process.execPath, [listener, h.address, ...ports[h.name]!.map(String)]);
      ready.push(
        new Promise((resolve) => {
          let n = 0;
          child.stdout!.on('data', (d: Buffer) => {
            n += (d.toString().match(/listening/g) ?? []).length;
            if (n === ports[h.name]!.length) resolve();
          });
        }),
      );
    }
    await Promise.all(ready);
    // Count every TCP packet that reaches the excluded host: it must stay at zero.
    net.host('excluded').exec('iptables', ['-I', 'INPUT', '-p', 'tcp', '-m', 'comment', '--comment', 'rg-count']);
    execFileSync(process.execPath, [cli, '--db', join(dir, 'scan.db'), 'do-not-probe', 'add', net.host('excluded').address, '--reason', 'vendor forbids active scans']);
  });
  afterAll(() => net?.close());

  it('finds ping-silent and firewalled hosts, fast, and never touches the do-not-probe host', () => {
    // Isolation first: an address outside the test bridges must be unreachable from here.
    const probeRoute = spawnSync('ip', ['route', 'get', '10.77.200.1'], { encoding: 'utf8' });
    expect(probeRoute.status).not.toBe(0);
    expect(probeRoute.stderr).toMatch(/unreachable|no route to host/i);
    const t0 = performance.now();
    const r = radguard(['--db', join(dir, 'scan.db'), 'scan', '10.77.1.11-16', '-p', '1-1024,3389,8042', '--fast', '--no-probes', '--json']);
    const seconds = (performance.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const hosts = Object.fromEntries(report.hosts.map((h: { address: string }) => [h.address, h]));
    const open = (addr: string) => hosts[addr]?.ports.filter((p: { state: string }) => p.state === 'open').map((p: { port: number }) => p.port);
    expect(open('10.77.1.11')).toEqual([22, 104, 8042]);
    expect(open('10.77.1.12')).toEqual([104]); // drops ICMP: nmap's default discovery would miss it
    expect(open('10.77.1.13')).toEqual([443]); // drops ICMP and every other port
    expect(open('10.77.1.14')).toEqual([445, 3389]);
    expect(hosts['10.77.1.13'].alive).toBe(true);
    // on-link hosts get their MAC from the neighbour table (veth MACs are locally administered: no OUI vendor)
    expect(hosts['10.77.1.12'].mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(hosts['10.77.1.15']).toBeUndefined();
    expect(report.skipped).toEqual([{ target: '10.77.1.15', reason: 'do-not-probe: vendor forbids active scans (10.77.1.15)' }]);
    expect(tcpPacketsSeen(net.host('excluded').ns)).toBe(0);
    // .16 exists on no host: no answer at all, reported as not alive
    expect(hosts['10.77.1.16']?.alive ?? false).toBe(false);
    // 1,026 ports on a host that drops 1,025 of them must not crawl (fixed 1 s timeouts would take minutes)
    expect(seconds).toBeLessThan(20);
    const sweep = hosts['10.77.1.14'].checks.find((c: { probe: string }) => c.probe === 'tcp.sweep');
    expect(sweep.detail).toMatch(/2 open, 1023 closed, 1 without answer/);
  });

  it('a SIGKILLed scan reads as incomplete, keeps finished hosts, and the database stays sound', async () => {
    const db = join(dir, 'killed.db');
    const child = spawn(process.execPath, [cli, '--db', db, 'scan', '10.77.1.11-14', '-p', '1-65535', '--fast', '--no-probes', '--json'], { stdio: 'ignore' });
    // Wait until at least one host is committed, then kill without warning.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const d = new Database(db, { readonly: true, timeout: 1000 });
        const n = d.prepare('SELECT count(*) FROM scan_hosts').pluck().get() as number;
        d.close();
        if (n >= 1) break;
      } catch {
        /* not created yet */
      }
      if (Date.now() > deadline) throw new Error('no host committed within 60 s');
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const list = radguard(['--db', db, 'scans', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const [scan] = JSON.parse(list.stdout).scans;
    expect(scan.status).toBe('incomplete');
    const show = JSON.parse(radguard(['--db', db, 'scans', 'show', 'latest', '--json']).stdout);
    expect(show.scan.complete).toBe(false);
    expect(show.hosts.length).toBeGreaterThanOrEqual(1);
    const d = new Database(db);
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    d.close();
  });

  it('a read-only database gives a clear error and loses nothing', () => {
    const db = join(dir, 'scan.db');
    const before = JSON.parse(radguard(['--db', db, 'scans', 'list', '--json']).stdout).scans.length;
    chmodSync(db, 0o444);
    try {
      const r = radguard(['--db', db, 'scan', '10.77.1.11', '-p', '22', '--fast'], { asUser: '65534' });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/read-only|not writable/);
    } finally {
      chmodSync(db, 0o644);
    }
    expect(JSON.parse(radguard(['--db', db, 'scans', 'list', '--json']).stdout).scans.length).toBe(before);
  });

  it('a locked database gives a clear error and loses nothing', () => {
    const db = join(dir, 'scan.db');
    const before = JSON.parse(radguard(['--db', db, 'scans', 'list', '--json']).stdout).scans.length;
    const holder = new Database(db);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = radguard(['--db', db, 'scan', '10.77.1.11', '-p', '22', '--fast']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(JSON.parse(radguard(['--db', db, 'scans', 'list', '--json']).stdout).scans.length).toBe(before);
  });
});
