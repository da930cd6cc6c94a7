/**
 * DICOM associations seen in traffic. Recognised from the A-ASSOCIATE-RQ itself, on any port. The PDU stream of
 * each direction is walked header by header: association PDUs (RQ/AC/RJ, release, abort; at most 64 KiB) are parsed
 * with the probes' codec; P-DATA PDUs — the images and every patient attribute — are skipped by length without
 * being read or kept, which is also what keeps long C-STORE streams fast. Kept per association: AE titles,
 * implementation class UID and version of both sides, SOP classes proposed and accepted, and the outcome.
 */
import { parsePdu, PduType, type AssociateAc, type AssociateRq, type Pdu } from '../probes/dicom/pdu.js';
import type { ByteConsumer } from './reassembly.js';

export const MAX_ASSOCIATION_PDU = 64 * 1024;

export interface DicomAssociation {
  readonly client: string;
  readonly clientPort: number;
  readonly server: string;
  readonly serverPort: number;
  readonly startedAt: string;
  callingAe: string;
  calledAe: string;
  requestorImplementation: { classUid: string | null; versionName: string | null };
  acceptorImplementation: { classUid: string | null; versionName: string | null } | null;
  proposedSopClasses: string[];
  acceptedSopClasses: string[];
  outcome: 'accepted' | 'rejected' | 'aborted' | 'no-response';
  reject: { result: number; source: number; reason: number } | null;
  released: boolean;
  pdataBytes: number; // how much P-DATA flowed (bytes counted, never read)
}

/** True when the first bytes of a stream are an A-ASSOCIATE-RQ header (type 1, protocol version 1). */
export function looksLikeAssociateRq(b: Buffer): boolean {
  if (b.length < 10 || b[0] !== PduType.AssociateRq || b[1] !== 0) return false;
  const len = b.readUInt32BE(2);
  return len >= 68 && len <= MAX_ASSOCIATION_PDU && b.readUInt16BE(6) === 1;
}

/** Walks one direction's PDUs; hands association PDUs to `onPdu`, counts P-DATA bytes. */
export class PduWalker implements ByteConsumer {
  private header = Buffer.alloc(6);
  private headerHave = 0;
  private body: Buffer[] | null = null; // pieces of an association PDU, joined when complete
  private bodyNeed = 0;
  private skip = 0;

  constructor(
    private readonly onPdu: (p: Pdu) => void,
    private readonly onPData: (bytes: number) => void,
  ) {}

  data(b: Buffer): boolean {
    let o = 0;
    while (o < b.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, b.length - o);
        this.skip -= n;
        o += n;
        continue;
      }
      if (this.body) {
        const n = Math.min(this.bodyNeed, b.length - o);
        this.body.push(Buffer.from(b.subarray(o, o + n)));
        this.bodyNeed -= n;
        o += n;
        if (this.bodyNeed === 0) {
          const p = parsePdu(Buffer.concat(this.body));
          this.body = null;
          if (p.type === 'invalid') return false;
          this.onPdu(p);
        }
        continue;
      }
      const n = Math.min(6 - this.headerHave, b.length - o);
      b.copy(this.header, this.headerHave, o, o + n);
      this.headerHave += n;
      o += n;
      if (this.headerHave < 6) break;
      this.headerHave = 0;
      const type = this.header[0]!;
      const len = this.header.readUInt32BE(2);
      if (type === PduType.PData) {
        this.skip = len;
        this.onPData(len);
      } else if (type >= PduType.AssociateRq && type <= PduType.Abort && len <= MAX_ASSOCIATION_PDU) {
        if (len === 0) return false; // every association PDU has a body
        this.body = [Buffer.from(this.header)]; // grows with the bytes that arrive, never from the declared length
        this.bodyNeed = len;
      } else return false; // not DICOM (or out of step): stop reading this stream
    }
    return true;
  }

  gap(): void {
    /* facts gathered so far stand; the rest of the stream is not followed */
  }
}

const uniq = (xs: readonly string[]) => [...new Set(xs)];

/** Applies one PDU, from requestor (client) or acceptor (server), to an association record. */
export function applyPdu(a: DicomAssociation, p: Pdu, fromClient: boolean, rq: { current: AssociateRq | null }): void {
  switch (p.type) {
    case 'associate-rq':
      if (!fromClient) return;
      rq.current = p;
      a.callingAe = p.callingAe;
      a.calledAe = p.calledAe;
      a.requestorImplementation = { classUid: p.userInfo.implementationClassUid, versionName: p.userInfo.implementationVersionName };
      a.proposedSopClasses = uniq(p.contexts.map((c) => c.abstractSyntax));
      return;
    case 'associate-ac': {
      if (fromClient) return;
      const ac: AssociateAc = p;
      a.outcome = 'accepted';
      a.acceptorImplementation = { classUid: ac.userInfo.implementationClassUid, versionName: ac.userInfo.implementationVersionName };
      const proposed = new Map((rq.current?.contexts ?? []).map((c) => [c.id, c.abstractSyntax]));
      a.acceptedSopClasses = uniq(ac.contexts.filter((c) => c.result === 0 && proposed.has(c.id)).map((c) => proposed.get(c.id)!));
      return;
    }
    case 'associate-rj':
      if (fromClient) return;
      a.outcome = 'rejected';
      a.reject = { result: p.result, source: p.source, reason: p.reason };
      return;
    case 'release-rp':
      a.released = true;
      return;
    case 'abort':
      if (a.outcome === 'no-response') a.outcome = 'aborted';
      return;
    default:
      return;
  }
}
