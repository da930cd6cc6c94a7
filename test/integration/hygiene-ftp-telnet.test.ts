/**
 * FTP and telnet probes and rules against real Debian daemons in namespaces (subnet 20): vsftpd with anonymous
 * login off, on with a password asked, on without one (no_anon_password); inetutils telnetd under inetd.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ftpProbe from '../../src/probes/ftp/anonymous.probe.js';
import telnetProbe from '../../src/probes/telnet/negotiate.probe.js';
import { ftpBanner, ftpLogin } from '../../src/probes/ftp/observations.js';
import { telnetSession } from '../../src/probes/telnet/observations.js';
import { rules } from '../../src/rules/index.js';
import { startTelnetd, startVsftpd } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';
import { evidence, findings, probeAll, testNet, withIdentification } from './hygiene-harness.js';

const canRun = netnsAvailable() && commandsAvailable('vsftpd', 'inetutils-inetd', 'telnetd');

describe.skipIf(!canRun)('hygiene: FTP and telnet against real daemons', () => {
  let tn: TestNet;
  let dir: string;
  const net = testNet();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-hyg-ftp-'));
    tn = createTestNet(20, [{ name: 'ftpoff' }, { name: 'ftppass' }, { name: 'ftpopen' }, { name: 'telnet' }]);
    await Promise.all([
      startVsftpd(tn.host('ftpoff'), dir, { anonymous: false, noAnonPassword: false, banner: null }),
      startVsftpd(tn.host('ftppass'), dir, { anonymous: true, noAnonPassword: false, banner: 'Imaging FTP ready' }),
      startVsftpd(tn.host('ftpopen'), dir, { anonymous: true, noAnonPassword: true, banner: 'Imaging FTP ready' }),
      startTelnetd(tn.host('telnet'), dir),
    ]);
  });

  afterAll(() => {
    tn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('anonymous off: default banner names vsftpd 3.0.3, login refused; ftp-cleartext and outdated-software', async () => {
    const h = tn.host('ftpoff').address;
    const p = await probeAll(net, h, 21, [ftpProbe]);
    expect(p.checks.map((c) => c.status)).toEqual(['success']);
    expect(p.observations.find(ftpBanner.is)?.data).toEqual({ code: 220, text: '(vsFTPd 3.0.3)' });
    const login = p.observations.find(ftpLogin.is)!.data;
    expect(login.anonymous).toBe('refused');
    expect(login.authTls).toBe('not-offered');
    expect(findings(rules, h, p)).toEqual(['ftp-cleartext']);
    const { probed, identified } = withIdentification(p);
    expect(identified).toEqual([
      expect.objectContaining({ port: 21, product: 'vsftpd', version: '3.0.3', cpe: ['cpe:2.3:a:beasts:vsftpd:3.0.3:*:*:*:*:*:*:*'] }),
    ]);
    expect(findings(rules, h, probed)).toEqual(['ftp-cleartext', 'outdated-software']);
    expect(evidence(rules, h, probed).join('\n')).toMatch(/vsftpd 3\.0\.3 on port 21 was released on 2015-07/);
  });

  it('anonymous on with a password asked: PASS radguard@invalid gets in', async () => {
    const h = tn.host('ftppass').address;
    const p = await probeAll(net, h, 21, [ftpProbe]);
    const login = p.observations.find(ftpLogin.is)!.data;
    expect(login).toMatchObject({ anonymous: 'allowed', passwordAsked: true });
    expect(login.replies.slice(1, 3)).toEqual(['USER anonymous → 331 Please specify the password.', 'PASS radguard@invalid → 230 Login successful.']);
    expect(findings(rules, h, p)).toEqual(['ftp-anonymous', 'ftp-cleartext']);
    expect(evidence(rules, h, p).join('\n')).toMatch(/with the made-up password radguard@invalid/);
  });

  it('anonymous on with no_anon_password: in without any password', async () => {
    const h = tn.host('ftpopen').address;
    const p = await probeAll(net, h, 21, [ftpProbe]);
    const login = p.observations.find(ftpLogin.is)!.data;
    expect(login).toMatchObject({ anonymous: 'allowed', passwordAsked: false });
    expect(login.replies.some((r) => r.startsWith('PASS'))).toBe(false);
    expect(findings(rules, h, p)).toEqual(['ftp-anonymous', 'ftp-cleartext']);
    expect(evidence(rules, h, p).join('\n')).toMatch(/without asking for any password/);
  });

  it('telnetd: options refused, pre-login banner and login prompt seen, insecure-telnet', async () => {
    const h = tn.host('telnet').address;
    const p = await probeAll(net, h, 23, [telnetProbe]);
    expect(p.checks.map((c) => c.status)).toEqual(['success']);
    const s = p.observations.find(telnetSession.is)!.data;
    expect(s.negotiations).toContain('DO TERMINAL-TYPE');
    expect(s.loginPrompt).toBe(true);
    expect(s.banner).toMatch(/^Linux \d+\.\d+\S* \(\S+\) \(pts\/\d+\)\n\n\S+ login:$/);
    expect(findings(rules, h, p)).toEqual(['insecure-telnet']);
    const { identified } = withIdentification(p);
    expect(identified).toEqual([
      expect.objectContaining({ port: null, kind: 'os', product: 'Linux', version: expect.stringMatching(/^\d+\.\d+/) }),
    ]);
  });
});
