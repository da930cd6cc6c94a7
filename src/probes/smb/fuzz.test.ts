/** Every SMB-side parser against 100k mutated replies: no throw, no hang, bounded output. */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedReplies } from '../../../test/fakes/byte-mutations.js';
import { nbssFramer, nbssPayload } from './nbss.js';
import { findNtlmChallenge } from './ntlmssp.js';
import * as smb1 from './smb1.js';
import * as smb2 from './smb2.js';
import { bindAccepted, parseNetShareEnumResponse } from './srvsvc.js';

const dir = new URL('./testdata/', import.meta.url);
const frames = readdirSync(dir)
  .filter((f) => f.endsWith('.hex'))
  .map((f) => nbssPayload(Buffer.from(readFileSync(new URL(f, dir), 'utf8').trim(), 'hex')));
const rpc = smb2.parseIoctlOutput(frames.find((f) => f.length > 300 && f[12] === smb2.Cmd.ioctl)!)!.output;
const ntlm = frames.map((f) => smb2.parseSessionSetupResponse(f)?.securityBlob).find((b) => b && b.length > 0)!;
const seeds = [...frames, rpc, ntlm.subarray(ntlm.indexOf('NTLMSSP'))];

describe('SMB parsers under fuzzing', () => {
  it('survive 100k mutated replies', () => {
    let parsed = 0;
    const started = performance.now();
    fc.assert(
      fc.property(mutatedReplies(seeds), (b) => {
        const results = [
          nbssFramer(b),
          smb2.parseHeader(b),
          smb2.parseNegotiateResponse(b),
          smb2.parseSessionSetupResponse(b),
          smb2.parseTreeConnectResponse(b),
          smb2.parseCreateFileId(b),
          smb2.parseIoctlOutput(b),
          findNtlmChallenge(b),
          smb1.parseSmb1(b),
          smb1.parseNegotiateResponse(b),
          smb1.parseSessionSetupResponse(b),
          parseNetShareEnumResponse(b),
          bindAccepted(b),
        ];
        const share = results[11] as ReturnType<typeof parseNetShareEnumResponse>;
        if (share.ok) expect(share.shares.length).toBeLessThanOrEqual(1024);
        const ch = results[7] as ReturnType<typeof findNtlmChallenge>;
        if (ch?.netbiosComputer) expect(ch.netbiosComputer.length).toBeLessThanOrEqual(b.length);
        parsed += results.filter((r) => r !== undefined && r !== false).length;
      }),
      { numRuns: 100_000 },
    );
    expect(parsed).toBeGreaterThan(100_000); // the mutations stay close enough to real replies to reach deep code
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
