import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutatedReplies } from '../../../test/fakes/byte-mutations.js';
import { probeAndJudge } from '../../../test/fakes/probe-and-judge.js';
import { startNlaRdp, type FakeRdp } from '../../../test/fakes/rdp-nla-server.js';
import { sequentialIds, systemClock } from '../../core/clock.js';
import { DoNotProbeGuard } from '../../net/guard.js';
import { FAST_LIMITS } from '../../net/limits.js';
import { Net } from '../../net/net.js';
import { findNtlmChallenge } from '../smb/ntlmssp.js';
import { runProbe } from '../run-probe.js';
import { derFramer } from './credssp.js';
import security from './security.probe.js';
import { connectionRequest, parseConnectionConfirm, Proto, tpktFramer } from './x224.js';

const hex = (name: string) => Buffer.from(readFileSync(new URL(`./testdata/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex');

describe('X.224 / RDP negotiation codec', () => {
  it('builds the Connection Request of MS-RDPBCGR 4.1.1', () => {
    // The spec's example requests TLS (requestedProtocols = 1) without a cookie.
    expect(connectionRequest(Proto.ssl).toString('hex')).toBe('030000130ee000000000000100080001000000');
  });

  it('reads xrdp Connection Confirms: TLS selected, standard RDP selected, SSL required', () => {
    expect(parseConnectionConfirm(hex('xrdp-cc-tls'))).toEqual({ kind: 'selected', protocol: Proto.ssl });
    expect(parseConnectionConfirm(hex('xrdp-cc-rdp'))).toEqual({ kind: 'selected', protocol: Proto.rdp });
    expect(parseConnectionConfirm(hex('xrdp-cc-ssl-required'))).toEqual({ kind: 'failure', code: 1, reason: 'SSL_REQUIRED_BY_SERVER' });
    expect(parseConnectionConfirm(Buffer.from('0300000b06d00000123400', 'hex'))).toEqual({ kind: 'legacy' });
  });

  it('survives 100k mutated replies (X.224, TPKT and DER framers)', () => {
    const seeds = ['xrdp-cc-tls', 'xrdp-cc-rdp', 'xrdp-cc-ssl-required'].map(hex);
    fc.assert(
      fc.property(mutatedReplies(seeds), (b) => {
        parseConnectionConfirm(b);
        const n = tpktFramer(b);
        if (n !== undefined) expect(n).toBeLessThanOrEqual(b.length);
        const d = derFramer(b);
        if (d !== undefined) expect(d).toBeLessThanOrEqual(b.length);
        findNtlmChallenge(b);
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('rdp.security against a fake NLA-only Windows host', () => {
  let fake: FakeRdp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-rdp-fake-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=ct-console', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'pipe' });
    fake = await startNlaRdp({ cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') }, { major: 6, minor: 1, build: 7601 });
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports NLA required and the Windows build from the CredSSP challenge', async () => {
    const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard() });
    const r = await runProbe(security, { host: '127.0.0.1', port: fake.port, transport: 'tcp' }, { net, clock: systemClock, options: {}, host: { address: '127.0.0.1', openPorts: [fake.port], observations: [] } }, sequentialIds());
    expect(r.check.status).toBe('success');
    expect(r.observations.map((o) => o.kind)).toEqual(['rdp.security', 'rdp.ntlm-info']);
    expect(r.observations[0]!.data).toEqual({ standardRdp: 'refused', tlsOnly: 'refused', preferred: 'hybrid', nlaRequired: true, failures: ['HYBRID_REQUIRED_BY_SERVER'] });
    expect(r.observations[1]!.data).toMatchObject({ osVersion: { major: 6, minor: 1, build: 7601 }, netbiosComputer: 'CT-CONSOLE', dnsComputer: 'ct-console.radiology.local' });
    expect(fake.requests.slice(0, 3)).toEqual([Proto.ssl | Proto.hybrid | Proto.hybridEx, Proto.rdp, Proto.ssl]);
  });

  it('judges the host from the challenge alone: legacy-os for Windows 7, no rdp-no-nla and no bluekeep with NLA on', async () => {
    const r = await probeAndJudge({ host: '127.0.0.1', port: fake.port, transport: 'tcp' }, [security]);
    expect(r.findings).toEqual(['legacy-os']);
    expect(r.evidence[0]).toContain('NTLM challenge over RDP (CredSSP)');
    expect(r.evidence[0]).toContain('Windows 7 SP1 (ended 2020-01-14)');
  });

  it('is blocked by the do-not-probe list before any packet', async () => {
    const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard([{ cidr: '127.0.0.0/8', reason: 'test' }]) });
    const before = fake.requests.length;
    const r = await runProbe(security, { host: '127.0.0.1', port: fake.port, transport: 'tcp' }, { net, clock: systemClock, options: {}, host: { address: '127.0.0.1', openPorts: [], observations: [] } }, sequentialIds());
    expect(r.check.status).toBe('blocked');
    expect(fake.requests.length).toBe(before);
  });
});
