import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAssociateAc, encodeAssociateRq, encodePData, encodeReleaseRp, encodeReleaseRq } from '../probes/dicom/pdu.js';
import { frame } from '../probes/hl7/mllp.js';
import { CaptureReader } from './capture.js';
import { ConnectionTable } from './connections.js';
import { FlowSet } from './flow.js';
import { aeRegistry, PassiveExtractor } from './passive.js';
import { pcapFile, type TestPacket } from './testing/build.js';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const MR = '1.2.840.10008.5.1.4.1.1.4';
const PATIENT = 'DOE^JANE^SYNTHETIC';
const PATIENT_ID = 'PID-998877';

/** A TCP conversation as packets: SYN, SYN-ACK, then each message split into segments of `mss`. */
function conversation(client: string, server: string, cport: number, sport: number, msgs: { fromClient: boolean; data: Buffer }[], mss = 1460, t0 = 1740816000000): TestPacket[] {
  const pk: TestPacket[] = [];
  let cseq = 1000;
  let sseq = 5000;
  let t = t0;
  pk.push({ src: client, dst: server, sport: cport, dport: sport, flags: 0x02, seq: cseq - 1, tsMs: t++ });
  pk.push({ src: server, dst: client, sport, dport: cport, flags: 0x12, seq: sseq - 1, tsMs: t++ });
  for (const m of msgs)
    for (let o = 0; o < m.data.length; o += mss) {
      const payload = m.data.subarray(o, o + mss);
      if (m.fromClient) pk.push({ src: client, dst: server, sport: cport, dport: sport, seq: cseq, payload, tsMs: t++ }), (cseq += payload.length);
      else pk.push({ src: server, dst: client, sport, dport: cport, seq: sseq, payload, tsMs: t++ }), (sseq += payload.length);
    }
  return pk;
}

function extract(packets: readonly TestPacket[]) {
  const x = new PassiveExtractor();
  const t = new ConnectionTable('t.pcap', new FlowSet(), x);
  const r = new CaptureReader((l, ts, b, s, e) => t.packet(l, ts, b, s, e));
  r.push(pcapFile(packets));
  r.end();
  t.finish();
  return x;
}

const rq = encodeAssociateRq({ calledAe: 'PACS', callingAe: 'CT_SCANNER_1', implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', implementationVersionName: 'OFFIS_DCMTK_367', contexts: [{ id: 1, abstractSyntax: CT, transferSyntaxes: ['1.2.840.10008.1.2'] }, { id: 3, abstractSyntax: MR, transferSyntaxes: ['1.2.840.10008.1.2'] }] });
const ac = encodeAssociateAc({ calledAe: 'PACS', callingAe: 'CT_SCANNER_1', maxPduLength: 16384, implementationClassUid: '1.2.826.0.1.3680043.2.1143.107.104.103.115.1.10.1', implementationVersionName: 'ORTHANC_1_10', contexts: [{ id: 1, result: 0, transferSyntax: '1.2.840.10008.1.2' }, { id: 3, result: 3, transferSyntax: null }] });
// A P-DATA carrying a dataset with a patient name and ID: it must be skipped, never read.
const dataset = Buffer.concat([Buffer.from('\x10\x00\x10\x00PN\x12\x00'), Buffer.from(PATIENT), Buffer.from('\x10\x00\x20\x00LO\x0a\x00'), Buffer.from(PATIENT_ID), Buffer.alloc(300_000, 0x41)]);
const store = encodePData([{ contextId: 1, isCommand: false, isLast: true, data: dataset }]);

describe('passive DICOM and HL7 extraction', () => {
  const msgs = [
    { fromClient: true, data: rq },
    { fromClient: false, data: ac },
    { fromClient: true, data: store },
    { fromClient: true, data: encodeReleaseRq() },
    { fromClient: false, data: encodeReleaseRp() },
  ];

  it('association facts from a C-STORE on a non-standard port; the dataset is never read', () => {
    const x = extract(conversation('10.1.0.5', '10.2.0.10', 40001, 7777, msgs));
    expect(x.associations).toEqual([
      expect.objectContaining({
        client: '10.1.0.5', server: '10.2.0.10', serverPort: 7777, callingAe: 'CT_SCANNER_1', calledAe: 'PACS',
        requestorImplementation: { classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367' },
        acceptorImplementation: { classUid: '1.2.826.0.1.3680043.2.1143.107.104.103.115.1.10.1', versionName: 'ORTHANC_1_10' },
        proposedSopClasses: [CT, MR], acceptedSopClasses: [CT], outcome: 'accepted', released: true, pdataBytes: store.length - 6,
      }),
    ]);
    const text = JSON.stringify(x);
    expect(text).not.toContain('DOE');
    expect(text).not.toContain(PATIENT_ID);
  });

  it('holds up against reordering and retransmission (any permutation within a window)', () => {
    const base = conversation('10.1.0.5', '10.2.0.10', 40001, 104, msgs, 700);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 1, max: 6 })), { maxLength: 12 }), fc.array(fc.nat(base.length - 1), { maxLength: 5 }), (swaps, dups) => {
        const p = [...base];
        for (const [i, k] of swaps) {
          const j = Math.min(p.length - 1, i + k);
          if (i < 2 || j < 2) continue; // keep the handshake first
          [p[i], p[j]] = [p[j]!, p[i]!];
        }
        for (const d of dups) if (d >= 2) p.splice(d + 1, 0, p[d]!);
        const a = extract(p).associations;
        expect(a).toHaveLength(1);
        expect(a[0]).toMatchObject({ callingAe: 'CT_SCANNER_1', outcome: 'accepted', acceptedSopClasses: [CT], released: true });
      }),
      { numRuns: 300 },
    );
  });

  it('a rejected association, the AE registry and duplicate AE titles', () => {
    const rj = Buffer.from([0x03, 0, 0, 0, 0, 4, 0, 1, 1, 7]);
    const x = extract([
      ...conversation('10.1.0.5', '10.2.0.10', 40001, 104, [{ fromClient: true, data: rq }, { fromClient: false, data: rj }]),
      ...conversation('10.1.0.6', '10.2.0.10', 40002, 104, msgs, 1460, 1740816100000),
    ]);
    expect(x.associations.map((a) => [a.client, a.outcome, a.reject])).toEqual([
      ['10.1.0.5', 'rejected', { result: 1, source: 1, reason: 7 }],
      ['10.1.0.6', 'accepted', null],
    ]);
    const reg = aeRegistry(x.associations);
    expect(reg.entries.map((e) => `${e.aeTitle}@${e.host}:${e.role}`)).toEqual(['CT_SCANNER_1@10.1.0.5:requestor', 'CT_SCANNER_1@10.1.0.6:requestor', 'PACS@10.2.0.10:acceptor']);
    expect(reg.duplicates).toEqual([{ aeTitle: 'CT_SCANNER_1', hosts: ['10.1.0.5', '10.1.0.6'] }]);
  });

  it('HL7: MSH header fields of every message and the ACK; PID is never kept', () => {
    const adt = `MSH|^~\\&|RIS|RADIOLOGY|PACS|HOSPITAL|20260301080000||ADT^A08^ADT_A01|MSG0001|P|2.5.1\rPID|1||${PATIENT_ID}^^^HOSP||${PATIENT}||19700101|F\rPV1|1|O\r`;
    const ack = 'MSH|^~\\&|PACS|HOSPITAL|RIS|RADIOLOGY|20260301080001||ACK^A08|ACK0001|P|2.5.1\rMSA|AA|MSG0001\r';
    const x = extract(conversation('10.2.0.20', '10.2.0.10', 40003, 2575, [{ fromClient: true, data: frame(adt) }, { fromClient: false, data: frame(ack) }, { fromClient: true, data: frame(adt.replace('A08', 'A04')) }], 17));
    expect(x.hl7).toHaveLength(1);
    expect(x.hl7[0]!.messages).toEqual([
      { direction: 'to-server', header: { sendingApplication: 'RIS', sendingFacility: 'RADIOLOGY', receivingApplication: 'PACS', receivingFacility: 'HOSPITAL', messageType: 'ADT^A08', version: '2.5.1' } },
      { direction: 'to-client', header: expect.objectContaining({ sendingApplication: 'PACS', messageType: 'ACK^A08' }) },
      { direction: 'to-server', header: expect.objectContaining({ messageType: 'ADT^A04' }) },
    ]);
    const text = JSON.stringify(x);
    expect(text).not.toContain('DOE');
    expect(text).not.toContain(PATIENT_ID);
  });
});

describe('passive walkers on garbage', () => {
  it('fuzz: random streams after a valid association start never throw (20k runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 6 }), fc.boolean(), (chunks, dicom) => {
        const head = dicom ? rq : frame('MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5');
        const msgs = [{ fromClient: true, data: head }, ...chunks.map((c, i) => ({ fromClient: i % 2 === 1, data: Buffer.from(c) }))];
        const x = extract(conversation('10.1.0.5', '10.2.0.10', 40001, 104, msgs, 97));
        expect(x.associations.length + x.hl7.length).toBe(1);
      }),
      { numRuns: 20_000 },
    );
  }, 60_000);
});
