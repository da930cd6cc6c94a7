/** RFB version and security-type parsing, on bytes captured from TigerVNC 1.12 (-SecurityTypes None). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileBytes } from '../../../test/fakes/mutate.js';
import { parseSecurity, parseVersion, replyVersion, securityName } from './rfb.js';

const capture = Buffer.from(readFileSync(new URL('testdata/tigervnc-none.hex', import.meta.url), 'utf8').trim(), 'hex');

describe('RFB', () => {
  it('reads the captured version and offer', () => {
    const v = parseVersion(capture)!;
    expect(v).toEqual({ major: 3, minor: 8, raw: 'RFB 003.008' });
    expect(replyVersion(v)).toBe('003.008');
    expect(parseSecurity(capture.subarray(12), '003.008')).toEqual({ kind: 'types', types: [1], length: 2 });
    expect(securityName(1)).toBe('None');
  });
  it('handles 3.3 servers, failures with a reason, and Apple-style odd versions', () => {
    expect(replyVersion({ major: 3, minor: 3, raw: '' })).toBe('003.003');
    expect(replyVersion({ major: 3, minor: 889, raw: '' })).toBe('003.008');
    expect(parseSecurity(Buffer.from([0, 0, 0, 2]), '003.003')).toEqual({ kind: 'types', types: [2], length: 4 });
    const reason = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from('Too many')]);
    expect(parseSecurity(reason, '003.008')).toEqual({ kind: 'failed', reason: 'Too man', length: 12 });
    expect(parseSecurity(Buffer.from([0, 0xff, 0xff, 0xff, 0xff]), '003.008')).toEqual({ kind: 'incomplete' }); // 4 GB reason: capped, waits for 1 KB
    expect(parseVersion(Buffer.from('SSH-2.0-OpenSSH\r\n'))).toBeNull();
  });
  it(`survives ${FUZZ_RUNS} hostile inputs`, () => {
    fc.assert(
      fc.property(hostileBytes(capture, capture.subarray(12)), fc.constantFrom('003.003', '003.007', '003.008' as const), (buf, v) => {
        parseVersion(buf);
        const s = parseSecurity(buf, v);
        if (s.kind !== 'incomplete') expect(s.length).toBeLessThanOrEqual(buf.length);
        if (s.kind === 'failed') expect(s.reason.length).toBeLessThanOrEqual(1024);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
