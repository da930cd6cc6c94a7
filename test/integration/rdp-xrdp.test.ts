/**
 * RDP security probe and rule against a real xrdp 0.9 (subnet 32). xrdp cannot do NLA, so with
 * `security_layer=negotiate` it accepts standard RDP security and TLS alone: the textbook `rdp-no-nla` case.
 * With `security_layer=tls` it refuses standard RDP security but still lets TLS-only clients in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import security from '../../src/probes/rdp/security.probe.js';
import { probeAndJudge } from '../fakes/probe-and-judge.js';
import { createTestNet, waitForPort, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const available = netnsAvailable() && commandsAvailable('xrdp', 'openssl');

describe.skipIf(!available)('RDP probe against xrdp', () => {
  let tn: TestNet;
  let dir: string;
  const scan = (host: string) => probeAndJudge({ host, port: 3389, transport: 'tcp' }, [security]);
  const nmapEncryption = (host: string) =>
    execFileSync('nmap', ['-Pn', '-sT', '-p3389', '--script', 'rdp-enum-encryption', host], { encoding: 'utf8', timeout: 30_000 });

  beforeAll(async () => {
    tn = createTestNet(32, [{ name: 'negotiate' }, { name: 'tlsonly' }]);
    dir = mkdtempSync(join(tmpdir(), 'rg-rdp-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=xrdp-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    const base = readFileSync('/etc/xrdp/xrdp.ini', 'utf8')
      .replace(/^certificate=.*$/m, `certificate=${dir}/cert.pem`)
      .replace(/^key_file=.*$/m, `key_file=${dir}/key.pem`)
      .replace(/^ssl_protocols=.*$/m, 'ssl_protocols=TLSv1.2, TLSv1.3');
    for (const [name, layer] of [['negotiate', 'negotiate'], ['tlsonly', 'tls']] as const) {
      const ini = join(dir, `${name}.ini`);
      writeFileSync(ini, base.replace(/^security_layer=.*$/m, `security_layer=${layer}`));
      tn.host(name).spawn('xrdp', ['--nodaemon', '--config', ini]);
    }
    await Promise.all(['negotiate', 'tlsonly'].map((n) => waitForPort(tn.host(n).address, 3389)));
  });

  afterAll(() => {
    tn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('security_layer=negotiate: standard RDP security and TLS both accepted → rdp-no-nla', async () => {
    const r = await scan(tn.host('negotiate').address);
    expect(r.checks.map((c) => c.status)).toEqual(['success']);
    expect(r.observations.map((o) => o.data)).toEqual([{ standardRdp: 'accepted', tlsOnly: 'accepted', preferred: 'tls', nlaRequired: false, failures: [] }]);
    expect(r.findings).toEqual(['rdp-no-nla']);
    expect(r.evidence[0]).toContain('standard RDP security (RC4, no server authentication) and TLS without NLA');
    // nmap's rdp-enum-encryption (the reference) agrees that native RDP and SSL get in. It also prints
    // "CredSSP (NLA): SUCCESS" because it counts any Connection Confirm as success, though xrdp picked TLS.
    const out = nmapEncryption(tn.host('negotiate').address);
    expect(out).toMatch(/Native RDP: SUCCESS/);
    expect(out).toMatch(/SSL: SUCCESS/);
  });

  it('security_layer=tls: standard RDP refused, TLS still lets clients in without NLA → rdp-no-nla', async () => {
    const r = await scan(tn.host('tlsonly').address);
    expect(r.observations.map((o) => o.data)).toEqual([{ standardRdp: 'refused', tlsOnly: 'accepted', preferred: 'tls', nlaRequired: false, failures: ['SSL_REQUIRED_BY_SERVER'] }]);
    expect(r.findings).toEqual(['rdp-no-nla']);
    expect(r.evidence[0]).not.toContain('standard RDP security');
    expect(nmapEncryption(tn.host('tlsonly').address)).not.toMatch(/Native RDP: SUCCESS/);
  });
});
