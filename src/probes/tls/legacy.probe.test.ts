/**
 * The TLS probes against an XP-era stack (SSLv3/TLS 1.0 with RC4 and 3DES only) and against non-TLS services:
 * Node's handshakes all fail ("not assessed", never clean) and the hand-built hello finds what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import { fixedClock } from '../../core/clock.js';
import type { Observation } from '../../core/observation.js';
import { DoNotProbeGuard } from '../../net/guard.js';
import { FAST_LIMITS } from '../../net/limits.js';
import { Net } from '../../net/net.js';
import { startFake, type Fake } from '../../../test/fakes/misbehaving.js';
import { scripted, xpEraTls, type ScriptedFake } from '../../../test/fakes/hygiene-servers.js';
import tlsLegacyVersion from '../../rules/tls/tls-legacy-version.rule.js';
import tlsWeakCipher from '../../rules/tls/tls-weak-cipher.rule.js';
import { runProbe } from '../run-probe.js';
import legacyHello from './legacy-hello.probe.js';
import { tlsLegacy } from './observations.js';
import versions from './versions.probe.js';

const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard() });
const ctx = (observations: Observation[] = []) => ({
  net, clock: fixedClock('2026-11-30T12:00:00Z'), options: { deadlineMs: 2000, handshakeTimeoutMs: 2000 },
  host: { address: '127.0.0.1', openPorts: [], observations },
});
const at = (port: number) => ({ host: '127.0.0.1', port, transport: 'tcp' as const });

describe('TLS probes against an XP-era stack', () => {
  let xp: ScriptedFake;
  let ssh: ScriptedFake;
  let silent: Fake;
  beforeAll(async () => {
    xp = await xpEraTls();
    ssh = await scripted(() => {}, 'SSH-2.0-OpenSSH_9.2p1\r\n');
    silent = await startFake('silent');
  });
  afterAll(async () => {
    await Promise.all([xp.close(), ssh.close(), silent.close()]);
  });

  it('Node handshakes fail: handshake-error, no observation (not assessed, never clean)', async () => {
    const r = await runProbe(versions, at(xp.port), ctx(), sequentialIds());
    expect(r.check.status).toBe('handshake-error');
    expect(r.observations).toEqual([]);
  });

  it('the legacy hello finds SSLv3, RC4 and 3DES; the rules name them', async () => {
    const r = await runProbe(legacyHello, at(xp.port), ctx(), sequentialIds());
    expect(r.check.status).toBe('success');
    const offers = r.observations.find(tlsLegacy.is)!.data.offers;
    expect(offers).toEqual([
      { offer: 'SSLv3', outcome: 'server-hello', version: 'SSLv3', cipher: 'TLS_RSA_WITH_RC4_128_MD5', alert: null },
      { offer: 'TLSv1-RC4', outcome: 'server-hello', version: 'TLSv1', cipher: 'TLS_RSA_WITH_RC4_128_MD5', alert: null },
      { offer: 'TLSv1-DES', outcome: 'server-hello', version: 'TLSv1', cipher: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', alert: null },
      { offer: 'TLSv1-EXPORT-NULL-ANON', outcome: 'alert', version: null, cipher: null, alert: 'handshake_failure' },
    ]);
    const facts = { asset: { assetId: null, address: '127.0.0.1', mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' }, ports: [], observations: r.observations, checks: [r.check] };
    expect(tlsLegacyVersion.check(facts)).toMatchObject([{ severity: 'high', evidence: expect.stringContaining('SSLv3') }]);
    expect(tlsWeakCipher.check(facts)).toMatchObject([{ severity: 'medium', evidence: expect.stringContaining('TLS_RSA_WITH_3DES_EDE_CBC_SHA') }]);
    expect(xp.received.length).toBeGreaterThanOrEqual(4); // one hello per connection, nothing after
  });

  it('an SSH port is not TLS: not-applicable after one hello', async () => {
    const r = await runProbe(legacyHello, at(ssh.port), ctx(), sequentialIds());
    expect(r.check).toMatchObject({ status: 'not-applicable', detail: 'not TLS: not a TLS record header' });
    expect(r.observations).toEqual([]);
  });

  it('a silent port: gives up after the first unanswered hello, not assessed', async () => {
    const r = await runProbe(legacyHello, at(silent.port), ctx(), sequentialIds());
    expect(r.check.status).toBe('handshake-error');
    expect(r.check.durationMs).toBeLessThan(3500);
    expect(r.observations).toEqual([]);
  });
});
