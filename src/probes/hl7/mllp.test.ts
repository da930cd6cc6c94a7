import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testAck } from './ack.probe.js';
import { frame, mllpFramer, parseReply } from './mllp.js';

describe('MLLP and the HL7 reply header', () => {
  it('the test message is an ACK with processing ID D, framed', () => {
    const msg = testAck(new Date('2026-11-30T01:02:03Z'), 'RADGUARD', 'RG1');
    expect(msg).toBe('MSH|^~\\&|RADGUARD|RADGUARD|||20261130010203||ACK|RG1|D|2.5\rMSA|AA|RG1\r');
    const f = frame(msg);
    expect(mllpFramer(f)).toBe(f.length);
    expect(mllpFramer(f.subarray(0, 10))).toBeUndefined();
    expect(parseReply(f)).toMatchObject({ messageType: 'ACK', processingId: 'D', version: '2.5', ackCode: 'AA' });
  });

  it('keeps only allow-listed header fields of a reply', () => {
    const reply = frame('MSH|^~\\&|RIS-TEST^1.2^ISO|RADIOLOGY|RADGUARD|RADGUARD|20261130||ACK^A01|X1|P|2.3.1\rMSA|AE|RG1|DOE^JOHN not found\r');
    const facts = parseReply(reply);
    expect(facts).toEqual({ sendingApplication: 'RIS-TEST', sendingFacility: 'RADIOLOGY', messageType: 'ACK^A01', processingId: 'P', version: '2.3.1', ackCode: 'AE' });
    expect(JSON.stringify(facts)).not.toContain('DOE');
  });

  it('non-HL7 replies and garbage never throw (100k inputs)', () => {
    expect(parseReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (u) => {
        const b = Buffer.concat([Buffer.from([0x0b]), Buffer.from(u)]);
        mllpFramer(b);
        parseReply(b);
      }),
      { numRuns: 100_000 },
    );
  }, 30_000);
});
