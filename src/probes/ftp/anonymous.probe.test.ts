/** The FTP probe against scripted servers: a pre-FEAT server with AUTH TLS, an endless greeting, a non-FTP port. */
import { afterEach, describe, expect, it } from 'vitest';
import { probeFake, scripted, type ScriptedFake } from '../../../test/fakes/hygiene-servers.js';
import probe from './anonymous.probe.js';
import { ftpBanner, ftpLogin } from './observations.js';

let fake: ScriptedFake | undefined;
afterEach(async () => fake?.close());

describe('ftp.anonymous against scripted servers', () => {
  it('an old server without FEAT: asks AUTH TLS last and closes on 234 without a handshake', async () => {
    const f = await scripted((sock, d) => {
      const cmd = d.toString().trim();
      if (cmd === 'FEAT') sock.write('500 Unknown command\r\n');
      else if (cmd === 'USER anonymous') sock.write('331 Guest login ok, send your e-mail address\r\n');
      else if (cmd.startsWith('PASS ')) sock.write('530 Login incorrect\r\n');
      else if (cmd === 'AUTH TLS') sock.write('234 AUTH TLS OK\r\n');
    }, '220 Microsoft FTP Service\r\n');
    fake = f;
    const r = await probeFake(probe, f.port);
    expect(r.check.status).toBe('success');
    expect(r.observations.find(ftpBanner.is)?.data.text).toBe('Microsoft FTP Service');
    expect(r.observations.find(ftpLogin.is)?.data).toMatchObject({ anonymous: 'refused', passwordAsked: true, authTls: 'offered' });
    expect(f.received.map((b) => b.toString().trim())).toEqual(['FEAT', 'USER anonymous', 'PASS radguard@invalid', 'AUTH TLS']);
  });

  it('a greeting that never ends: cut off at the cap, not buffered whole', async () => {
    fake = await scripted(() => {}, `220-${'x'.repeat(100)}\r\n`.repeat(400));
    const r = await probeFake(probe, fake.port);
    expect(r.check.status).toBe('protocol-error');
    expect(r.observations).toEqual([]);
  });

  it('not FTP at all: protocol error, nothing sent', async () => {
    const f = await scripted(() => {}, 'SSH-2.0-OpenSSH_9.2p1\r\n');
    fake = f;
    const r = await probeFake(probe, f.port);
    expect(r.check).toMatchObject({ status: 'protocol-error', detail: 'not an FTP greeting' });
    expect(f.received).toEqual([]);
  });
});
