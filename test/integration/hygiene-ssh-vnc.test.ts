/**
 * SSH and VNC probes and rules against real daemons in namespaces (subnet 22): OpenSSH with Debian's defaults
 * and one with legacy algorithms re-enabled; TigerVNC's Xvnc without authentication and with a password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sshProbe from '../../src/probes/ssh/kexinit.probe.js';
import vncProbe from '../../src/probes/vnc/security.probe.js';
import { sshAlgorithms, sshBanner } from '../../src/probes/ssh/observations.js';
import { vncSecurity } from '../../src/probes/vnc/observations.js';
import { rules } from '../../src/rules/index.js';
import { WEAK_SSH, makeHostKeys, startSshd, startXvnc } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';
import { evidence, findings, probeAll, testNet, withIdentification } from './hygiene-harness.js';

const canRun = netnsAvailable() && commandsAvailable('/usr/sbin/sshd', 'ssh-keygen', 'Xvnc', 'vncpasswd');
const hygieneRules = rules.filter((r) => r.id !== 'outdated-software'); // version age has its own suite

describe.skipIf(!canRun)('hygiene: SSH and VNC against real daemons', () => {
  let tn: TestNet;
  let dir: string;
  const net = testNet();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-hyg-ssh-'));
    makeHostKeys(dir);
    tn = createTestNet(22, [{ name: 'sshgood' }, { name: 'sshweak' }, { name: 'vncopen' }, { name: 'vncpass' }]);
    await Promise.all([
      startSshd(tn.host('sshgood'), dir),
      startSshd(tn.host('sshweak'), dir, WEAK_SSH),
      startXvnc(tn.host('vncopen'), dir, 71, null),
      startXvnc(tn.host('vncpass'), dir, 72, 'radguard'),
    ]);
  });

  afterAll(() => {
    tn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("OpenSSH with Debian's defaults: banner, KEXINIT lists, no finding", async () => {
    const h = tn.host('sshgood').address;
    const p = await probeAll(net, h, 22, [sshProbe]);
    expect(p.checks.map((c) => c.status)).toEqual(['success']);
    expect(p.observations.find(sshBanner.is)?.data).toMatchObject({ protoVersion: '2.0', software: expect.stringMatching(/^OpenSSH_\d/) });
    const k = p.observations.find(sshAlgorithms.is)!.data;
    expect(k.kex).toContain('curve25519-sha256');
    expect(k.ciphersClientToServer).toContain('chacha20-poly1305@openssh.com');
    expect(findings(hygieneRules, h, p)).toEqual([]);
    const { probed, identified } = withIdentification(p);
    expect(identified).toEqual([
      expect.objectContaining({ port: 22, product: 'OpenSSH', version: '9.2p1', distribution: expect.stringMatching(/^Debian-2\+deb12u\d+$/) }),
      expect.objectContaining({ port: null, kind: 'os', product: 'Debian GNU/Linux', version: '12' }),
    ]);
    // Debian 12's OpenSSH is years old at the test clock; the finding is low and names the backport caveat.
    expect(findings(rules, h, probed)).toEqual(['outdated-software']);
    expect(evidence(rules, h, probed).join('\n')).toMatch(/OpenSSH 9\.2p1 on port 22 .*may have backported fixes/);
  });

  it('OpenSSH with legacy algorithms re-enabled: ssh-weak-algorithms names each', async () => {
    const h = tn.host('sshweak').address;
    const p = await probeAll(net, h, 22, [sshProbe]);
    expect(findings(hygieneRules, h, p)).toEqual(['ssh-weak-algorithms']);
    const ev = evidence(hygieneRules, h, p).join('\n');
    for (const alg of ['diffie-hellman-group1-sha1', 'ssh-dss', 'aes128-cbc', '3des-cbc', 'hmac-md5']) expect(ev).toContain(alg);
  });

  it('Xvnc with -SecurityTypes None: vnc-no-auth', async () => {
    const h = tn.host('vncopen').address;
    const p = await probeAll(net, h, 5900, [vncProbe]);
    expect(p.observations.find(vncSecurity.is)?.data).toEqual({
      version: 'RFB 003.008', securityTypes: [1], securityNames: ['None'], failureReason: null,
    });
    expect(findings(hygieneRules, h, p)).toEqual(['vnc-no-auth']);
  });

  it('Xvnc with a password: VNC Authentication only, no finding', async () => {
    const h = tn.host('vncpass').address;
    const p = await probeAll(net, h, 5900, [vncProbe]);
    expect(p.observations.find(vncSecurity.is)?.data.securityTypes).toEqual([2]);
    expect(findings(hygieneRules, h, p)).toEqual([]);
  });
});
