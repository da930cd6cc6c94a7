/**
 * DICOM associations seen in traffic. Recognised from the A-ASSOCIATE-RQ itself, on any port. The PDU stream of
 * each direction is walked header by header: association PDUs (RQ/AC/RJ, release, abort; at most 64 KiB) are read
 * by offset for the allow-listed fields only; P-DATA PDUs — the images and every patient attribute — are skipped by
 * length without being read or kept, which is also what keeps long C-STORE streams fast. Kept per association: AE
 * titles, implementation class UID and version of both sides, SOP classes proposed and accepted, and the outcome.
 */
import { PduType } from '../probes/dicom/pdu.js';
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

/** True when the first bytes of a stream, b[start, end), are an A-ASSOCIATE-RQ header (type 1, protocol version 1). */
export function looksLikeAssociateRq(b: Buffer, start = 0, end = b.length): boolean {
  if (end - start < 10 || b[start] !== PduType.AssociateRq || b[start + 1] !== 0) return false;
  const len = b.readUInt32BE(start + 2);
  return len >= 68 && len <= MAX_ASSOCIATION_PDU && b.readUInt16BE(start + 6) === 1;
}

/**
 * The association-level PDUs as passive extraction needs them: only the allow-listed facts, read straight from the
 * bytes by offset (the probes' full codec builds a view per item; on a capture of many short associations that
 * garbage cost more than everything else).
 */
export type PassivePdu =
  | {
      readonly type: 'associate-rq';
      readonly calledAe: string;
      readonly callingAe: string;
      readonly implementationClassUid: string | null;
      readonly implementationVersionName: string | null;
      readonly contexts: readonly { readonly id: number; readonly abstractSyntax: string }[];
    }
  | {
      readonly type: 'associate-ac';
      readonly implementationClassUid: string | null;
      readonly implementationVersionName: string | null;
      readonly contexts: readonly { readonly id: number; readonly result: number }[];
    }
  | { readonly type: 'associate-rj'; readonly result: number; readonly source: number; readonly reason: number }
  | { readonly type: 'release-rq' | 'release-rp' | 'abort' };

// The same few AE titles, SOP class and implementation UIDs recur in every association of a capture: one shared
// copy each (bounded) keeps a capture of many associations from holding thousands of equal strings.
const interned = new Map<string, string>();
const MAX_INTERNED = 50_000;

/** Latin-1 text of a fixed or item field without its space/NUL padding (as the DICOM codec reads it). */
function textAt(b: Buffer, s: number, e: number): string {
  while (e > s && (b[e - 1] === 0 || b[e - 1] === 0x20)) e--;
  while (s < e && b[s] === 0x20) s++;
  const t = b.toString('latin1', s, e);
  const known = interned.get(t);
  if (known !== undefined) return known;
  if (t.length <= 64 && interned.size < MAX_INTERNED) interned.set(t, t); // UIDs are ≤ 64 characters, AE titles 16
  return t;
}

const RELEASE_RQ: PassivePdu = Object.freeze({ type: 'release-rq' });
const RELEASE_RP: PassivePdu = Object.freeze({ type: 'release-rp' });
const ABORT: PassivePdu = Object.freeze({ type: 'abort' });

/**
 * One complete PDU, header included, at b[s, e). Null when it is not a well-formed association PDU (the stream is
 * then not followed further). Every length is checked against the bytes present; nothing is allocated from one.
 */
export function parsePassivePdu(b: Buffer, s: number, e: number): PassivePdu | null {
  if (s < 0 || e > b.length || e - s < 6 || b.readUInt32BE(s + 2) !== e - s - 6) return null;
  const type = b[s]!;
  const body = s + 6;
  if (type === PduType.AssociateRq || type === PduType.AssociateAc) return associate(type === PduType.AssociateRq, b, body, e);
  if (e - body !== 4) return null;
  if (type === PduType.AssociateRj) return { type: 'associate-rj', result: b[body + 1]!, source: b[body + 2]!, reason: b[body + 3]! };
  if (type === PduType.ReleaseRq) return RELEASE_RQ;
  if (type === PduType.ReleaseRp) return RELEASE_RP;
  if (type === PduType.Abort) return ABORT;
  return null;
}

function associate(rq: boolean, b: Buffer, s: number, e: number): PassivePdu | null {
  if (e - s < 68) return null;
  let implementationClassUid: string | null = null;
  let implementationVersionName: string | null = null;
  const rqContexts: { id: number; abstractSyntax: string }[] = [];
  const acContexts: { id: number; result: number }[] = [];
  for (let o = s + 68; o < e; ) {
    if (o + 4 > e) return null;
    const type = b[o]!;
    const is = o + 4;
    const ie = is + b.readUInt16BE(o + 2);
    if (ie > e) return null;
    if (type === (rq ? 0x20 : 0x21)) {
      if (ie - is < 4) return null;
      let abstractSyntax: string | null = null;
      for (let q = is + 4; q < ie; ) {
        if (q + 4 > ie) return null;
        const qe = q + 4 + b.readUInt16BE(q + 2);
        if (qe > ie) return null;
        if (rq && abstractSyntax === null && b[q] === 0x30) abstractSyntax = textAt(b, q + 4, qe);
        q = qe;
      }
      if (rq) rqContexts.push({ id: b[is]!, abstractSyntax: abstractSyntax ?? '' });
      else acContexts.push({ id: b[is]!, result: b[is + 2]! });
    } else if (type === 0x50) {
      for (let q = is; q < ie; ) {
        if (q + 4 > ie) return null;
        const qe = q + 4 + b.readUInt16BE(q + 2);
        if (qe > ie) return null;
        if (b[q] === 0x52) implementationClassUid = textAt(b, q + 4, qe);
        else if (b[q] === 0x55) implementationVersionName = textAt(b, q + 4, qe);
        q = qe;
      }
    } else if (type !== 0x10) return null; // only the application context, presentation contexts and user information belong here
    o = ie;
  }
  return rq
    ? { type: 'associate-rq', calledAe: textAt(b, s + 4, s + 20), callingAe: textAt(b, s + 20, s + 36), implementationClassUid, implementationVersionName, contexts: rqContexts }
    : { type: 'associate-ac', implementationClassUid, implementationVersionName, contexts: acContexts };
}

/** Walks one direction's PDUs; hands association PDUs to `onPdu`, counts P-DATA bytes. */
export class PduWalker implements ByteConsumer {
  // the 6-byte PDU header, when it arrives split across segments
  private headerHave = 0;
  private headerType = 0;
  private headerLen = 0;
  private body: Buffer[] | null = null; // pieces of an association PDU that spans segments, joined when complete
  private bodyNeed = 0;
  private skip = 0;

  constructor(
    private readonly onPdu: (p: PassivePdu) => void,
    private readonly onPData: (bytes: number) => void,
  ) {}

  data(b: Buffer, start: number, end: number): boolean {
    let o = start;
    while (o < end) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, end - o);
        this.skip -= n;
        o += n;
        continue;
      }
      if (this.body) {
        const n = Math.min(this.bodyNeed, end - o);
        this.body.push(Buffer.from(b.subarray(o, o + n)));
        this.bodyNeed -= n;
        o += n;
        if (this.bodyNeed === 0) {
          const whole = Buffer.concat(this.body);
          this.body = null;
          if (!this.deliver(whole, 0, whole.length)) return false;
        }
        continue;
      }
      // the header: read in place when whole, else byte by byte across segments
      let pduStart = -1;
      if (this.headerHave === 0 && end - o >= 6) {
        this.headerType = b[o]!;
        this.headerLen = b.readUInt32BE(o + 2);
        pduStart = o;
        o += 6;
      } else {
        while (this.headerHave < 6 && o < end) {
          const x = b[o++]!;
          if (this.headerHave === 0) (this.headerType = x), (this.headerLen = 0);
          else if (this.headerHave >= 2) this.headerLen = this.headerLen * 256 + x;
          this.headerHave++;
        }
        if (this.headerHave < 6) break;
        this.headerHave = 0;
      }
      const type = this.headerType;
      const len = this.headerLen;
      if (type === PduType.PData) {
        this.skip = len;
        this.onPData(len);
      } else if (type >= PduType.AssociateRq && type <= PduType.Abort && len <= MAX_ASSOCIATION_PDU) {
        if (len === 0) return false; // every association PDU has a body
        if (pduStart >= 0 && end - o >= len) {
          // the whole PDU is in this segment (the usual case): parse it where it lies
          if (!this.deliver(b, pduStart, o + len)) return false;
          o += len;
        } else {
          // grows with the bytes that arrive, never from the declared length
          const head = Buffer.alloc(6);
          head[0] = type;
          head.writeUInt32BE(len, 2);
          this.body = [head];
          this.bodyNeed = len;
        }
      } else return false; // not DICOM (or out of step): stop reading this stream
    }
    return true;
  }

  private deliver(b: Buffer, s: number, e: number): boolean {
    const p = parsePassivePdu(b, s, e);
    if (!p) return false;
    this.onPdu(p);
    return true;
  }

  gap(): void {
    /* facts gathered so far stand; the rest of the stream is not followed */
  }
}

/** Distinct values in first-seen order (contexts are at most 128: a scan beats building a Set per association). */
function pushUnique(into: string[], x: string): void {
  if (!into.includes(x)) into.push(x);
}

type AssociateRqFacts = Extract<PassivePdu, { type: 'associate-rq' }>;

/** Applies one PDU, from requestor (client) or acceptor (server), to an association record. */
export function applyPdu(a: DicomAssociation, p: PassivePdu, fromClient: boolean, rq: { current: AssociateRqFacts | null }): void {
  switch (p.type) {
    case 'associate-rq':
      if (!fromClient) return;
      rq.current = p;
      a.callingAe = p.callingAe;
      a.calledAe = p.calledAe;
      a.requestorImplementation = { classUid: p.implementationClassUid, versionName: p.implementationVersionName };
      a.proposedSopClasses = [];
      for (const c of p.contexts) pushUnique(a.proposedSopClasses, c.abstractSyntax);
      return;
    case 'associate-ac': {
      if (fromClient) return;
      a.outcome = 'accepted';
      a.acceptorImplementation = { classUid: p.implementationClassUid, versionName: p.implementationVersionName };
      a.acceptedSopClasses = [];
      const proposed = rq.current?.contexts ?? [];
      for (const c of p.contexts) {
        if (c.result !== 0) continue;
        const abstractSyntax = proposed.find((x) => x.id === c.id)?.abstractSyntax;
        if (abstractSyntax !== undefined) pushUnique(a.acceptedSopClasses, abstractSyntax);
      }
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
