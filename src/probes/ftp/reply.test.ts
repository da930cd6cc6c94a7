/** FTP reply framing, on the greeting and FEAT reply captured from vsftpd 3.0.3. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileBytes } from '../../../test/fakes/mutate.js';
import { parseReply, replyLength } from './reply.js';

const capture = Buffer.from(readFileSync(new URL('testdata/vsftpd-greeting-feat.hex', import.meta.url), 'utf8').trim(), 'hex');

describe('FTP replies', () => {
  it('frames the captured greeting, then the multi-line FEAT reply', () => {
    const n = replyLength(capture)!;
    expect(parseReply(capture.subarray(0, n))).toEqual({ code: 220, lines: ['(vsFTPd 3.0.3)'] });
    const rest = capture.subarray(n);
    expect(replyLength(rest)).toBe(rest.length);
    const feat = parseReply(rest)!;
    expect(feat.code).toBe(211);
    expect(feat.lines).toContain(' EPSV');
    expect(feat.lines[feat.lines.length - 1]).toBe('End');
  });
  it('waits for the closing line of a multi-line reply, and hands back non-FTP lines', () => {
    expect(replyLength(Buffer.from('220-Welcome\r\n to the PACS\r\n'))).toBeUndefined();
    expect(replyLength(Buffer.from('SSH-2.0-x\r\n'))).toBe(11);
    expect(parseReply(Buffer.from('SSH-2.0-x\r\n'))).toBeNull();
  });
  it(`survives ${FUZZ_RUNS} hostile inputs`, () => {
    fc.assert(
      fc.property(hostileBytes(capture), (buf) => {
        const n = replyLength(buf);
        expect(n === undefined || n <= buf.length).toBe(true);
        const r = parseReply(buf);
        if (r) expect(r.lines.length).toBeLessThanOrEqual(50);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
