/** The SSH probe against misbehaving servers: silence, a 4 GB packet claim, SSH-1 only, garbage. */
import { afterEach, describe, expect, it } from 'vitest';
import { scripted, probeFake, type ScriptedFake } from '../../../test/fakes/hygiene-servers.js';
import { startFake, type Fake } from '../../../test/fakes/misbehaving.js';
import probe from './kexinit.probe.js';
import { sshAlgorithms, sshBanner } from './observations.js';

let fake: ScriptedFake | Fake | undefined;
afterEach(async () => fake?.close());

describe('ssh.kexinit against misbehaving servers', () => {
  it('silent server: timeout, nothing observed', async () => {
    fake = await startFake('silent');
    const r = await probeFake(probe, fake.port);
    expect(r.check.status).toBe('timeout');
    expect(r.observations).toEqual([]);
  });

  it('a packet claiming 4 GB: protocol error with the banner kept, no allocation', async () => {
    fake = await scripted((sock, d) => {
      if (d.toString().startsWith('SSH-2.0-Radguard')) sock.write(Buffer.from([0xff, 0xff, 0xff, 0xf0, 4, 20]));
    }, 'SSH-2.0-EvilSSH_1.0\r\n');
    const r = await probeFake(probe, fake.port);
    expect(r.check.status).toBe('protocol-error');
    expect(r.observations.map((o) => o.kind)).toEqual([sshBanner.kind]);
  });

  it('SSH-1.5 only: the banner is the answer, we send nothing', async () => {
    const f = await scripted(() => {}, 'SSH-1.5-OldSSH_1.2.27\n');
    fake = f;
    const r = await probeFake(probe, f.port);
    expect(r.check.status).toBe('success');
    expect(r.observations.find(sshBanner.is)?.data.protoVersion).toBe('1.5');
    expect(r.observations.some(sshAlgorithms.is)).toBe(false);
    expect(f.received).toEqual([]);
  });

  it('lines of garbage without an identification: protocol error', async () => {
    fake = await scripted(() => {}, 'hello\r\n'.repeat(12));
    const r = await probeFake(probe, fake.port);
    expect(r.check).toMatchObject({ status: 'protocol-error', detail: 'no SSH identification line' });
  });
});
