import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Command, encodeRequest, parseCommandSet, studyIdentifier } from './dimse.js';
import {
  encodeAbort,
  encodeAssociateAc,
  encodeAssociateRq,
  encodePData,
  encodeReleaseRq,
  fragment,
  isValidAeTitle,
  parsePdu,
} from './pdu.js';
import { describeReject, statusClass } from './reasons.js';
import { random225Uid } from './random.js';
import { acceptedServices, inferRoles, requestFor, serviceMapContexts } from './services.js';

const hex = (name: string) => Buffer.from(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe('A-ASSOCIATE codec', () => {
  it('round-trips an RQ with every user-information sub-item', () => {
    const bytes = encodeAssociateRq({
      calledAe: 'ORTHANC',
      callingAe: 'RADGUARD-1A2B',
      contexts: serviceMapContexts(),
      implementationClassUid: '1.2.3.4',
      implementationVersionName: 'RG_1',
      asyncOps: { invoked: 1, performed: 1 },
      roleSelections: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', scu: false, scp: true }],
      userIdentity: { type: 1, positiveResponseRequested: true, primary: Buffer.from('auditor') },
    });
    const pdu = parsePdu(bytes);
    expect(pdu.type).toBe('associate-rq');
    if (pdu.type !== 'associate-rq') return;
    expect(pdu.calledAe).toBe('ORTHANC');
    expect(pdu.callingAe).toBe('RADGUARD-1A2B');
    expect(pdu.contexts).toHaveLength(17);
    expect(pdu.contexts[16]).toEqual({ id: 33, abstractSyntax: '1.2.840.10008.5.1.1.18', transferSyntaxes: ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'] });
    expect(pdu.userInfo).toMatchObject({
      maxPduLength: 16384,
      implementationClassUid: '1.2.3.4',
      implementationVersionName: 'RG_1',
      asyncOps: { invoked: 1, performed: 1 },
      roleSelections: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', scu: false, scp: true }],
    });
    expect(pdu.userInfo.userIdentityRq?.primary.toString()).toBe('auditor');
  });

  it('decodes a captured Orthanc 1.10.1 A-ASSOCIATE-AC: DCMTK 3.6.7 identity and the services it accepts', () => {
    const pdu = parsePdu(hex('orthanc-1.10.1-associate-ac.hex'));
    expect(pdu.type).toBe('associate-ac');
    if (pdu.type !== 'associate-ac') return;
    expect(pdu.calledAe).toBe('ORTHANC');
    expect(pdu.userInfo.implementationClassUid).toBe('1.2.276.0.7230010.3.0.3.6.7');
    expect(pdu.userInfo.implementationVersionName).toBe('OFFIS_DCMTK_367');
    expect(pdu.userInfo.maxPduLength).toBe(16384);
    const services = acceptedServices(pdu, serviceMapContexts());
    expect(services).toContain('study-root-find');
    expect(services).toContain('storage-mammography');
    expect(services).not.toContain('print-grayscale');
    expect(services).not.toContain('modality-worklist'); // no worklist plugin in this Orthanc
    expect(inferRoles(services)).toEqual(['archive']);
  });

  it('decodes a captured A-ASSOCIATE-RJ into words', () => {
    const pdu = parsePdu(hex('orthanc-1.10.1-associate-rj-called.hex'));
    expect(pdu).toEqual({ type: 'associate-rj', result: 1, source: 1, reason: 7 });
    expect(describeReject(1, 1, 7)).toMatchObject({ reason: 'called-AE-title-not-recognized', meaning: 'called-ae-not-recognized' });
    expect(describeReject(1, 1, 3).meaning).toBe('calling-ae-not-recognized');
    expect(describeReject(2, 3, 1)).toMatchObject({ result: 'rejected-transient', reason: 'temporary-congestion' });
  });

  it('an AC built for a fake round-trips its context results', () => {
    const rq = requestFor('X', 'Y', serviceMapContexts());
    const ac = parsePdu(
      encodeAssociateAc({
        calledAe: 'X',
        callingAe: 'Y',
        contexts: rq.contexts.map((c) => ({ id: c.id, result: c.id === 1 ? 0 : 3, transferSyntax: c.id === 1 ? '1.2.840.10008.1.2' : null })),
        maxPduLength: 0,
        implementationClassUid: '1.2.40.0.13.1.3',
        implementationVersionName: 'dcm4che-5.23.2',
        userIdentityResponse: Buffer.from('tok'),
      }),
    );
    if (ac.type !== 'associate-ac') throw new Error(ac.type);
    expect(acceptedServices(ac, rq.contexts)).toEqual(['verification']);
    expect(ac.userInfo.userIdentityResponseBytes).toBe(3);
    expect(inferRoles(['verification'])).toEqual(['verification-only']);
  });

  it('validates AE titles', () => {
    expect(isValidAeTitle('RADGUARD-0A1B')).toBe(true);
    expect(isValidAeTitle('')).toBe(false);
    expect(isValidAeTitle('A'.repeat(17))).toBe(false);
    expect(isValidAeTitle('A\\B')).toBe(false);
    expect(isValidAeTitle('é')).toBe(false);
  });
});

describe('P-DATA, release, abort and DIMSE', () => {
  it('fragments a command to the peer max PDU and reassembles it', () => {
    const cmd = encodeRequest({ commandField: Command.CFindRq, sopClassUid: '1.2.840.10008.5.1.4.1.2.2.1', messageId: 7, withDataSet: true });
    const pdus = fragment(1, true, cmd, 40);
    expect(pdus.length).toBeGreaterThan(1);
    const parts = pdus.map((p) => parsePdu(p)).flatMap((p) => (p.type === 'p-data' ? p.pdvs : []));
    expect(parts.every((p) => p.isCommand)).toBe(true);
    expect(parts.map((p) => p.isLast)).toEqual([...parts.slice(1).map(() => false), true]);
    const decoded = parseCommandSet(Buffer.concat(parts.map((p) => p.data)));
    expect(decoded).toMatchObject({ commandField: 0x0020, messageId: 7, dataSetType: 0x0000, affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.1' });
  });

  it('encodes the zero-match identifier with only the level and a fresh 2.25 UID', () => {
    const uid = random225Uid();
    expect(uid).toMatch(/^2\.25\.\d{1,39}$/);
    expect(uid).not.toBe(random225Uid());
    const id = studyIdentifier(uid);
    // (0008,0052) CS "STUDY " then (0020,000D) UI, implicit VR LE, even lengths
    expect(id.subarray(0, 8).toString('hex')).toBe('0800520006000000');
    expect(id.subarray(8, 14).toString('latin1')).toBe('STUDY ');
    expect(id.readUInt16LE(14)).toBe(0x0020);
    expect(id.length % 2).toBe(0);
  });

  it('parses release and abort PDUs and rejects malformed ones', () => {
    expect(parsePdu(encodeReleaseRq())).toEqual({ type: 'release-rq' });
    expect(parsePdu(encodeAbort(2, 6))).toEqual({ type: 'abort', source: 2, reason: 6 });
    expect(parsePdu(Buffer.from('0700000000030000', 'hex')).type).toBe('invalid');
    expect(parsePdu(Buffer.from('040000000004000000ff', 'hex'))).toMatchObject({ type: 'invalid' });
    expect(parsePdu(encodePData([{ contextId: 1, isCommand: false, isLast: true, data: Buffer.from('x') }]))).toMatchObject({ type: 'p-data' });
  });

  it('classifies DIMSE status words', () => {
    expect(statusClass(0x0000)).toBe('success');
    expect(statusClass(0xff00)).toBe('pending');
    expect(statusClass(0xa700)).toBe('refused');
    expect(statusClass(0x0122)).toBe('refused');
    expect(statusClass(0xc001)).toBe('failure');
    expect(statusClass(0xb000)).toBe('warning');
  });
});

describe('fuzz: the PDU and command-set parsers are total', () => {
  const ac = hex('orthanc-1.10.1-associate-ac.hex');
  it('survives 100k garbage, mutated and truncated inputs without throwing', () => {
    const started = performance.now();
    const mutated = fc
      .tuple(fc.nat(ac.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(ac.length))
      .map(([i, v, cut]) => {
        const b = Buffer.from(ac);
        b[i] = v;
        return b.subarray(0, cut);
      });
    const withHeader = fc
      .tuple(fc.integer({ min: 1, max: 7 }), fc.uint8Array({ maxLength: 300 }))
      .map(([t, body]) => {
        const h = Buffer.alloc(6);
        h[0] = t;
        h.writeUInt32BE(body.length, 2);
        return Buffer.concat([h, Buffer.from(body)]);
      });
    const raw = fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u));
    fc.assert(
      fc.property(fc.oneof(mutated, withHeader, raw), (buf) => {
        const pdu = parsePdu(buf);
        expect(typeof pdu.type).toBe('string');
        parseCommandSet(buf.subarray(6));
      }),
      { numRuns: 100_000 },
    );
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
