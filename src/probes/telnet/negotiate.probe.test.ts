/** The telnet probe against scripted servers: a negotiation flood, and a device that shows a banner at once. */
import { afterEach, describe, expect, it } from 'vitest';
import { probeFake, scripted, type ScriptedFake } from '../../../test/fakes/hygiene-servers.js';
import probe from './negotiate.probe.js';
import { telnetSession } from './observations.js';

let fake: ScriptedFake | undefined;
afterEach(async () => fake?.close());

describe('telnet.negotiate against scripted servers', () => {
  it('a server asking DO ECHO forever: each request answered once, bounded by the deadline', async () => {
    const f = await scripted((sock) => sock.write(Buffer.from([255, 253, 1])), Buffer.from([255, 253, 1]));
    fake = f;
    const r = await probeFake(probe, f.port, { deadlineMs: 1500, quietMs: 500 });
    expect(r.check.status).toBe('success');
    expect(r.observations.find(telnetSession.is)?.data).toMatchObject({ negotiations: ['DO ECHO'], loginPrompt: false });
    expect(Buffer.concat(f.received)).toEqual(Buffer.from([255, 252, 1])); // one WONT ECHO, never a keystroke
  });

  it('an embedded device greeting with text only: banner and prompt, nothing sent back', async () => {
    const f = await scripted(() => {}, 'Modality Service Console v2.1\r\n\r\nUsername: ');
    fake = f;
    const r = await probeFake(probe, f.port);
    expect(r.observations.find(telnetSession.is)?.data).toEqual({
      negotiations: [], banner: 'Modality Service Console v2.1\n\nUsername:', loginPrompt: true,
    });
    expect(f.received).toEqual([]);
  });
});
