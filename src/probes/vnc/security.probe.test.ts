/** The VNC probe against scripted servers: RFB 3.3, a refusal with a reason, and a non-VNC service. */
import { afterEach, describe, expect, it } from 'vitest';
import { probeFake, scripted, type ScriptedFake } from '../../../test/fakes/hygiene-servers.js';
import { vncSecurity } from './observations.js';
import probe from './security.probe.js';

let fake: ScriptedFake | undefined;
afterEach(async () => fake?.close());

describe('vnc.security against scripted servers', () => {
  it('RFB 3.3 server choosing None itself', async () => {
    const f = await scripted((sock) => sock.write(Buffer.from([0, 0, 0, 1])), 'RFB 003.003\n');
    fake = f;
    const r = await probeFake(probe, f.port);
    expect(r.observations.find(vncSecurity.is)?.data).toEqual({ version: 'RFB 003.003', securityTypes: [1], securityNames: ['None'], failureReason: null });
    expect(Buffer.concat(f.received).toString()).toBe('RFB 003.003\n');
  });

  it('a refusal with a reason is recorded, no types', async () => {
    const reason = 'Too many security failures';
    fake = await scripted((sock) => sock.write(Buffer.concat([Buffer.from([0, 0, 0, 0, reason.length]), Buffer.from(reason)])), 'RFB 003.008\n');
    const r = await probeFake(probe, fake.port);
    expect(r.observations.find(vncSecurity.is)?.data).toMatchObject({ securityTypes: [], failureReason: reason });
  });

  it('not VNC: protocol error', async () => {
    fake = await scripted(() => {}, 'SSH-2.0-OpenSSH_9.2p1\r\n');
    const r = await probeFake(probe, fake.port);
    expect(r.check.status).toBe('protocol-error');
  });
});
