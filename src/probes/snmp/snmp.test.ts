import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedReplies } from '../../../test/fakes/byte-mutations.js';
import { decInteger, decOid, encInteger, encOid, readTlv } from './ber.js';
import { OID } from './community.probe.js';
import { getRequest, parseGetResponse } from './snmp.js';

const netSnmpReply = Buffer.from(readFileSync(new URL('./testdata/net-snmp-getresponse.hex', import.meta.url), 'utf8').trim(), 'hex');

describe('SNMP BER codec', () => {
  it('encodes GetRequests byte for byte as RFC 3416 lays them out', () => {
    // Message 38 bytes: version 1, "public", GetRequest { id 1, 0, 0, [ { sysDescr.0, NULL } ] } (RFC 3416 §3).
    expect(getRequest('v2c', 'public', 1, [OID.sysDescr]).toString('hex')).toBe(
      '302602010104067075626c6963a0190201010201000201003' + '00e300c06082b060102010101000500',
    );
    expect(getRequest('v1', 'private', 1, [OID.sysDescr]).subarray(0, 5).toString('hex')).toBe('3027020100'); // one byte longer community, version 0
  });

  it('reads the GetResponse captured from net-snmp 5.9', () => {
    const r = parseGetResponse(netSnmpReply)!;
    expect([r.version, r.community, r.errorStatus]).toEqual([1, 'public', 0]);
    expect(r.varbinds.map((v) => v.oid)).toEqual([OID.sysDescr, OID.sysObjectID, OID.sysName]);
    expect(r.varbinds[0]!.value).toMatchObject({ type: 'string', value: expect.stringContaining('JETDIRECT') });
    expect(r.varbinds[1]!.value).toEqual({ type: 'oid', value: '1.3.6.1.4.1.11.2.3.9.1' });
  });

  it('round-trips integers and OIDs, including multi-byte arcs and sign edges', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        const t = readTlv(encInteger(n))!;
        expect(decInteger(t.value)).toBe(n);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 12 }), (arcs) => {
        const oid = ['1', '3', ...arcs.map(String)].join('.');
        expect(decOid(readTlv(encOid(oid))!.value)).toBe(oid);
      }),
      { numRuns: 2000 },
    );
    expect(encInteger(128).toString('hex')).toBe('02020080');
    expect(encInteger(-129).toString('hex')).toBe('0202ff7f');
  });

  it('refuses indefinite and over-long lengths without allocating', () => {
    expect(readTlv(Buffer.from('3080', 'hex'))).toBeUndefined();
    expect(readTlv(Buffer.from('3084ffffffff00', 'hex'))).toBeUndefined();
    expect(readTlv(Buffer.from('3085010000000000', 'hex'))).toBeUndefined();
  });

  it('survives 100k mutated replies (BER decoder and GetResponse parser)', () => {
    const request = getRequest('v1', 'private', 0x1234, Object.values(OID));
    let ok = 0;
    fc.assert(
      fc.property(mutatedReplies([netSnmpReply, request]), (b) => {
        const r = parseGetResponse(b);
        if (r) {
          ok++;
          expect(r.varbinds.length).toBeLessThanOrEqual(64);
        }
        readTlv(b);
      }),
      { numRuns: 100_000 },
    );
    expect(ok).toBeGreaterThan(1000);
  });
});
