import { afterEach, describe, expect, it } from 'vitest';
import { startSmb1, type FakeSmb1 } from '../../../test/fakes/smb1-server.js';
import { sequentialIds, systemClock } from '../../core/clock.js';
import type { Observation } from '../../core/observation.js';
import { DoNotProbeGuard } from '../../net/guard.js';
import { FAST_LIMITS } from '../../net/limits.js';
import { Net } from '../../net/net.js';
import { runProbe } from '../run-probe.js';
import ms17010 from './ms17-010.probe.js';
import smb1Probe from './smb1.probe.js';

let fake: FakeSmb1 | undefined;
afterEach(async () => fake?.close());

const run = async (probe: typeof ms17010, port: number, observations: Observation[] = []) => {
  const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard() });
  return runProbe(probe, { host: '127.0.0.1', port, transport: 'tcp' }, { net, clock: systemClock, options: {}, host: { address: '127.0.0.1', openPorts: [port], observations } }, sequentialIds());
};

describe('smb.ms17-010 against fake SMB1 servers', () => {
  it('is intrusive, so the default policy never runs it', () => {
    expect(ms17010.safety).toBe('intrusive');
  });

  it('reports an unpatched server (STATUS_INSUFF_SERVER_RESOURCES)', async () => {
    fake = await startSmb1(0xc0000205);
    const r = await run(ms17010, fake.port);
    expect(r.observations.map((o) => o.data)).toEqual([{ vulnerable: true, status: 'STATUS_INSUFF_SERVER_RESOURCES' }]);
    expect(fake.commands).toEqual([0x72, 0x73, 0x75, 0x25, 0x74]); // negotiate, session, IPC$, TRANSACTION, logoff: nothing else
  });

  it('reports a patched server (STATUS_INVALID_HANDLE)', async () => {
    fake = await startSmb1(0xc0000008);
    const r = await run(ms17010, fake.port);
    expect(r.observations.map((o) => o.data)).toEqual([{ vulnerable: false, status: 'STATUS_INVALID_HANDLE' }]);
  });

  it('does not connect when an earlier probe saw SMB1 refused', async () => {
    fake = await startSmb1(0xc0000205);
    const prior = { id: 'o1', endpoint: { host: '127.0.0.1', port: fake.port, transport: 'tcp' as const }, kind: 'smb.negotiation', probeId: 'smb.smb1', observedAt: '2026-01-01T00:00:00Z', data: { protocol: 'smb1', accepted: false } };
    const r = await run(ms17010, fake.port, [prior]);
    expect(r.check.status).toBe('not-applicable');
    expect(fake.commands).toEqual([]);
  });

  it('reads a Windows NativeOS through smb.smb1', async () => {
    fake = await startSmb1(0xc0000008);
    const r = await run(smb1Probe as typeof ms17010, fake.port);
    expect(r.observations.map((o) => o.kind)).toEqual(['smb.negotiation', 'smb.native-os']);
    expect(r.observations[0]!.data).toMatchObject({ protocol: 'smb1', accepted: true, signingEnabled: false, signingRequired: false });
    expect(r.observations[1]!.data).toMatchObject({ nativeOs: 'Windows 7 Professional 7601 Service Pack 1', nativeLanMan: 'Windows 7 Professional 6.1' });
  });
});
