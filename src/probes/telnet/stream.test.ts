/** Telnet stream decoding, on the first bytes captured from inetutils telnetd. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileBytes } from '../../../test/fakes/mutate.js';
import { DO, IAC, WILL, decode, optionName, refusal } from './stream.js';

const capture = Buffer.from(readFileSync(new URL('testdata/inetutils-first.hex', import.meta.url), 'utf8').trim(), 'hex');

describe('telnet stream', () => {
  it('reads the captured option requests', () => {
    const d = decode(capture);
    expect(d.text.length).toBe(0);
    expect(d.consumed).toBe(capture.length);
    expect(d.negotiations.map((n) => `${n.command} ${optionName(n.option)}`)).toEqual([
      'WILL AUTHENTICATION', 'WILL ENCRYPT', 'DO TERMINAL-TYPE', 'DO TERMINAL-SPEED', 'DO X-DISPLAY-LOCATION', 'DO NEW-ENVIRON', 'DO ENVIRON',
    ]);
  });
  it('refuses: DO → WONT, WILL → DONT', () => {
    expect([...refusal({ command: 'DO', option: 24 })!]).toEqual([IAC, 252, 24]);
    expect([...refusal({ command: 'WILL', option: 1 })!]).toEqual([IAC, 254, 1]);
    expect(refusal({ command: 'WONT', option: 1 })).toBeNull();
  });
  it('separates text, escaped 255, subnegotiation, and leaves a cut command for later', () => {
    const d = decode(Buffer.from([0x41, IAC, IAC, IAC, 250, 24, 1, IAC, 240, 0x42, IAC, DO]));
    expect([...d.text]).toEqual([0x41, 255, 0x42]);
    expect(d.subnegotiations).toEqual([24]);
    expect(d.consumed).toBe(10);
    expect(decode(Buffer.from([IAC, WILL])).consumed).toBe(0);
  });
  it(`survives ${FUZZ_RUNS} hostile inputs`, () => {
    fc.assert(
      fc.property(hostileBytes(capture, Buffer.concat([capture, Buffer.from('Linux 6.1 (h) (pts/0)\r\n\r\nh login: ')])), (buf) => {
        const d = decode(buf);
        expect(d.consumed).toBeLessThanOrEqual(buf.length);
        expect(d.text.length).toBeLessThanOrEqual(buf.length);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
