/**
 * SMB probes and rules against real Samba 4.17 daemons in network namespaces (subnet 30):
 *  - "legacy": SMB1 on, signing optional, `map to guest = Bad User`, a guest-writable share and a private one;
 *  - "hardened": SMB2/3 only, signing mandatory, no guest mapping.
 * The verdicts are cross-checked with smbclient, the reference client.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import ms17010 from '../../src/probes/smb/ms17-010.probe.js';
import negotiate from '../../src/probes/smb/negotiate.probe.js';
import shares from '../../src/probes/smb/shares.probe.js';
import smb1Probe from '../../src/probes/smb/smb1.probe.js';
import { probeAndJudge, type Judged } from '../fakes/probe-and-judge.js';
import { createTestNet, waitForPort, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const available = netnsAvailable() && commandsAvailable('smbd', 'smbclient');

function sambaConf(dir: string, name: string, extra: string, shares: string): string {
  for (const d of ['private', 'lock', 'state', 'cache', 'pid', 'ncalrpc', 'share', 'secret']) mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'share'), 0o777);
  writeFileSync(join(dir, 'share', 'TEST^PATIENT.txt'), 'synthetic file that must never be listed\n');
  const conf = join(dir, 'smb.conf');
  writeFileSync(
    conf,
    `[global]
  workgroup = RADTEST
  netbios name = ${name}
  server role = standalone server
  smb ports = 445
  disable netbios = yes
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  private dir = ${dir}/private
  lock directory = ${dir}/lock
  state directory = ${dir}/state
  cache directory = ${dir}/cache
  pid directory = ${dir}/pid
  ncalrpc dir = ${dir}/ncalrpc
  log file = ${dir}/log.%m
  passdb backend = tdbsam:${dir}/private/passdb.tdb
${extra}
${shares}
`,
  );
  return conf;
}

/** smbclient's verdict: exit status and the NT status it printed. Never lists files (`pwd` only). */
function smbclient(args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync('smbclient', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe.skipIf(!available)('SMB probes and rules against Samba 4.17', () => {
  let tn: TestNet;
  const dirs: string[] = [];
  let legacy: string;
  let hardened: string;
  let legacyScan: Judged;
  let hardenedScan: Judged;
  const all = [negotiate, smb1Probe, shares, ms17010];

  beforeAll(async () => {
    tn = createTestNet(30, [{ name: 'legacy' }, { name: 'hardened' }]);
    const d1 = mkdtempSync(join(tmpdir(), 'rg-smb-legacy-'));
    const d2 = mkdtempSync(join(tmpdir(), 'rg-smb-hard-'));
    dirs.push(d1, d2);
    const c1 = sambaConf(
      d1,
      'LEGACY',
      `  server min protocol = NT1\n  server signing = auto\n  map to guest = Bad User\n  guest account = nobody`,
      `[scans]\n  path = ${d1}/share\n  guest ok = yes\n  read only = no\n[secret]\n  path = ${d1}/secret\n  guest ok = no\n`,
    );
    const c2 = sambaConf(
      d2,
      'HARDENED',
      `  server min protocol = SMB2_02\n  server signing = mandatory\n  map to guest = Never`,
      `[data]\n  path = ${d2}/share\n  guest ok = no\n`,
    );
    legacy = tn.host('legacy').address;
    hardened = tn.host('hardened').address;
    tn.host('legacy').spawn('smbd', ['--foreground', '--no-process-group', '-s', c1]);
    tn.host('hardened').spawn('smbd', ['--foreground', '--no-process-group', '-s', c2]);
    await Promise.all([waitForPort(legacy, 445), waitForPort(hardened, 445)]);
    legacyScan = await probeAndJudge({ host: legacy, port: 445, transport: 'tcp' }, all);
    hardenedScan = await probeAndJudge({ host: hardened, port: 445, transport: 'tcp' }, all);
  });

  afterAll(() => {
    tn?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('finds SMB1, optional signing and the guest share on the legacy server — and nothing else', () => {
    expect(legacyScan.checks.map((c) => [c.probeId, c.status])).toEqual([
      ['smb.negotiate', 'success'],
      ['smb.smb1', 'success'],
      ['smb.shares', 'success'],
      ['smb.ms17-010', 'success'],
    ]);
    // outdated-software comes from the upstream lifecycle table: the Samba 4.17 branch is past its end of life.
    expect(legacyScan.findings).toEqual(['outdated-software', 'smb-guest-share', 'smb-signing-not-required', 'smb1-enabled']);
    const guest = legacyScan.evidence.find((e) => e.startsWith('smb-guest-share'))!;
    expect(guest).toContain('"scans" (anonymous, read/write/delete)');
    expect(guest).not.toContain('secret');
  });

  it('finds nothing on the hardened server (SMB2+ only, signing mandatory, no guest)', () => {
    expect(hardenedScan.findings).toEqual([]);
    expect(hardenedScan.checks.map((c) => c.status)).toEqual(['success', 'success', 'success', 'not-applicable']);
    const neg = hardenedScan.observations.filter((o) => o.kind === 'smb.negotiation').map((o) => o.data);
    expect(neg).toEqual([
      expect.objectContaining({ protocol: 'smb2', accepted: true, dialect: '3.1.1', signingRequired: true }),
      expect.objectContaining({ protocol: 'smb1', accepted: false }),
    ]);
    const access = hardenedScan.observations.filter((o) => o.kind === 'smb.share-access').map((o) => o.data);
    expect(access).toEqual([expect.objectContaining({ share: 'data', accessible: false, status: 'STATUS_ACCESS_DENIED' })]);
  });

  it('identifies Samba with its version, never as Windows', () => {
    const products = legacyScan.observations.filter((o) => o.kind === 'identify.product').map((o) => o.data as { product: string; version?: string; distribution?: string; kind: string });
    expect(products).toContainEqual(expect.objectContaining({ product: 'Samba', version: '4.17.12', distribution: 'Debian' }));
    expect(products.filter((p) => p.kind === 'os')).toEqual([]);
    const ntlm = legacyScan.observations.find((o) => o.kind === 'smb.ntlm-info')!.data;
    expect(ntlm).toMatchObject({ netbiosComputer: 'LEGACY', osVersion: { major: 6, minor: 1, build: 0 } });
  });

  it('MS17-010 check gets a patched answer from Samba', () => {
    expect(legacyScan.observations.filter((o) => o.kind === 'smb.ms17-010').map((o) => o.data)).toEqual([
      { vulnerable: false, status: 'STATUS_INVALID_HANDLE' },
    ]);
  });

  it('agrees with nmap smb2-security-mode on signing', () => {
    const mode = (host: string) =>
      execFileSync('nmap', ['-Pn', '-sT', '-p445', '--script', 'smb2-security-mode', host], { encoding: 'utf8', timeout: 30_000 });
    expect(mode(legacy)).toContain('Message signing enabled but not required');
    expect(mode(hardened)).toContain('Message signing enabled and required');
  });

  it('agrees with smbclient on SMB1 and guest access', () => {
    const nt1 = ['-m', 'NT1', '--option=client min protocol=NT1', '-N'];
    expect(smbclient([...nt1, '-L', `//${legacy}`]).ok).toBe(true);
    expect(smbclient([...nt1, '-L', `//${hardened}`]).ok).toBe(false);
    expect(smbclient(['-N', `//${legacy}/scans`, '-c', 'pwd']).ok).toBe(true);
    expect(smbclient(['-N', `//${legacy}/secret`, '-c', 'pwd']).out).toContain('NT_STATUS_ACCESS_DENIED');
    expect(smbclient(['-N', `//${hardened}/data`, '-c', 'pwd']).out).toMatch(/NT_STATUS_(ACCESS_DENIED|LOGON_FAILURE)/);
  });

  it('lists no file: the synthetic TEST^PATIENT file name never appears in any observation', () => {
    expect(JSON.stringify([legacyScan, hardenedScan])).not.toContain('TEST^PATIENT');
  });
});
