import { describe, expect, it } from 'vitest';
import { startMisbehaving } from '../../../test/fakes/smb-misbehaving.js';
import { sequentialIds, systemClock } from '../../core/clock.js';
import { DoNotProbeGuard } from '../../net/guard.js';
import { FAST_LIMITS } from '../../net/limits.js';
import { Net } from '../../net/net.js';
import type { Probe } from '../probe.js';
import { runProbe } from '../run-probe.js';
import ms17010 from './ms17-010.probe.js';
import negotiate from './negotiate.probe.js';
import shares from './shares.probe.js';
import smb1 from './smb1.probe.js';

const run = (probe: Probe, port: number) =>
  runProbe(probe, { host: '127.0.0.1', port, transport: 'tcp' }, { net: new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard() }), clock: systemClock, options: {}, host: { address: '127.0.0.1', openPorts: [port], observations: [] } }, sequentialIds());

describe('SMB probes against misbehaving listeners', () => {
  it.each([negotiate, smb1, shares, ms17010])('$id: a non-SMB answer is a protocol error or a closed connection, never a finding', async (probe) => {
    const fake = await startMisbehaving('http');
    try {
      const r = await run(probe, fake.port);
      expect(['protocol-error', 'connection-closed']).toContain(r.check.status);
      expect(r.observations).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('a peer declaring a 16 MB message is cut off at the 256 KB cap, quickly', async () => {
    const fake = await startMisbehaving('huge-nbss');
    try {
      const started = performance.now();
      const r = await run(negotiate, fake.port);
      expect(r.check.status).toBe('protocol-error');
      expect(r.check.detail).toMatch(/exceeds 262144 bytes/);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await fake.close();
    }
  });
});
