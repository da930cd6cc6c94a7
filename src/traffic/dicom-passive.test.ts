/**
 * The passive association reader against the probes' full codec: on every A-ASSOCIATE-RQ/AC the codec accepts it
 * reads the same AE titles, implementation UID and version, and presentation contexts; on garbage it returns null
 * or a record, never throws, and never reads past the bytes it was given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAssociateAc, encodeAssociateRq, parsePdu } from '../probes/dicom/pdu.js';
import { parsePassivePdu, PduWalker, type PassivePdu } from './dicom-passive.js';

const uid = fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,4}){1,8}$/);
const ae = fc.stringMatching(/^[A-Z0-9_ ]{0,16}$/);
const rqInput = fc.record({
  calledAe: ae,
  callingAe: ae,
  implementationClassUid: uid,
  implementationVersionName: fc.option(fc.stringMatching(/^[A-Z0-9_]{1,16}$/), { nil: undefined }),
  contexts: fc.array(fc.record({ id: fc.integer({ min: 0, max: 127 }).map((n) => n * 2 + 1), abstractSyntax: uid, transferSyntaxes: fc.array(uid, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
});

describe('passive A-ASSOCIATE reader', () => {
  it('reads what the full codec reads, from a PDU anywhere in a buffer', () => {
    fc.assert(
      fc.property(rqInput, fc.nat(40), (input, pad) => {
        const pdu = encodeAssociateRq(input);
        const full = parsePdu(pdu);
        if (full.type !== 'associate-rq') return;
        const at = Buffer.concat([Buffer.alloc(pad, 0xee), pdu, Buffer.alloc(7, 0xee)]);
        expect(parsePassivePdu(at, pad, pad + pdu.length)).toEqual({
          type: 'associate-rq',
          calledAe: full.calledAe,
          callingAe: full.callingAe,
          implementationClassUid: full.userInfo.implementationClassUid,
          implementationVersionName: full.userInfo.implementationVersionName,
          contexts: full.contexts.map((c) => ({ id: c.id, abstractSyntax: c.abstractSyntax })),
        });
        const ac = encodeAssociateAc({ calledAe: input.calledAe, callingAe: input.callingAe, maxPduLength: 16384, implementationClassUid: input.implementationClassUid, contexts: input.contexts.map((c, i) => ({ id: c.id, result: i % 3, transferSyntax: c.transferSyntaxes[0]! })) });
        const fullAc = parsePdu(ac);
        if (fullAc.type !== 'associate-ac') throw new Error('codec refused its own AC');
        expect(parsePassivePdu(ac, 0, ac.length)).toEqual({
          type: 'associate-ac',
          implementationClassUid: fullAc.userInfo.implementationClassUid,
          implementationVersionName: fullAc.userInfo.implementationVersionName,
          contexts: fullAc.contexts.map((c) => ({ id: c.id, result: c.result })),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('survives garbage and mutated PDUs (50k runs): null or a record, and agrees with the codec on validity of the framing', () => {
    const sample = encodeAssociateRq({ calledAe: 'PACS', callingAe: 'CT1', implementationClassUid: '1.2.3', implementationVersionName: 'X', contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }] });
    const mutated = fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(sample.length)).map(([i, v, cut]) => {
      const b = Buffer.from(sample);
      b[i] = v;
      return b.subarray(0, Math.max(cut, 6));
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u)), mutated), (b) => {
        const p = parsePassivePdu(b, 0, b.length);
        if (p && parsePdu(b).type === 'invalid') expect(['associate-rq', 'associate-ac']).toContain(p.type); // the codec is stricter inside user information
        const seen: PassivePdu[] = [];
        new PduWalker((x) => seen.push(x), () => undefined).data(b, 0, b.length); // must not throw
      }),
      { numRuns: 50_000 },
    );
  });

  it('a PDU split at every byte boundary reads the same as whole', () => {
    const pdu = encodeAssociateRq({ calledAe: 'PACS', callingAe: 'MR_2', implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', implementationVersionName: 'OFFIS', contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.1.4', transferSyntaxes: ['1.2.840.10008.1.2'] }] });
    const whole: PassivePdu[] = [];
    new PduWalker((p) => whole.push(p), () => undefined).data(pdu, 0, pdu.length);
    for (let cut = 1; cut < pdu.length; cut++)
      for (const second of [cut, Math.min(pdu.length, cut + 3)]) {
        const got: PassivePdu[] = [];
        const w = new PduWalker((p) => got.push(p), () => undefined);
        // ranges of one larger buffer with junk on both sides: the walker must read only within each range
        const framed = Buffer.concat([Buffer.alloc(7, 0xff), pdu, Buffer.alloc(9, 0x07)]);
        w.data(framed, 7, 7 + cut);
        w.data(framed, 7 + cut, 7 + second);
        w.data(framed, 7 + second, 7 + pdu.length);
        expect(got).toEqual(whole);
      }
    expect(whole).toHaveLength(1);
  });
});
