/**
 * One DICOM association over a `Conn`, as an SCU: A-ASSOCIATE-RQ written immediately after connect, a hard deadline
 * on every step, `destroy()` at once on reject, abort, timeout or garbage, and a clean A-RELEASE (waiting for the
 * RP) to end every accepted association so the device log shows a normal session. DIMSE data sets that come back
 * are counted and dropped unread; on any pending (matching) response the association is aborted.
 */
import type { Endpoint } from '../../core/endpoint.js';
import type { Conn } from '../../net/conn.js';
import { NetError } from '../../net/errors.js';
import type { Net, TlsOptions } from '../../net/net.js';
import { Command, encodeRequest, parseCommandSet, type CommandSet } from './dimse.js';
import {
  MAX_INBOUND_PDU,
  PDU_HEADER_BYTES,
  encodeAbort,
  encodeAssociateRq,
  encodeReleaseRq,
  fragment,
  looksLikePdu,
  parsePdu,
  type Abort,
  type AssociateAc,
  type AssociateRj,
  type AssociateRqInput,
  type Pdu,
} from './pdu.js';
import { statusClass } from './reasons.js';

export interface Deadlines {
  readonly answerMs: number; // A-ASSOCIATE-AC/RJ (≤ 5 s)
  readonly dimseMs: number; // each DIMSE response (≤ 5 s)
  readonly releaseMs: number; // A-RELEASE-RP
}

export const DEFAULT_DEADLINES: Deadlines = { answerMs: 5000, dimseMs: 5000, releaseMs: 2000 };

/** What came back instead of a DICOM PDU: a TLS record, an HTTP reply, a banner… (first bytes in hex only). */
export interface NotDicom {
  readonly type: 'not-dicom';
  readonly firstBytesHex: string;
  readonly looksLike: 'tls' | 'http' | 'other';
}

type Inbound = Pdu | NotDicom | { readonly type: 'too-large'; readonly declared: number };

const MAX_COMMAND_BYTES = 64 * 1024;

function classifyForeign(b: Buffer): NotDicom {
  const first = b.subarray(0, 8);
  const looksLike = b[0] === 0x15 || b[0] === 0x16 ? 'tls' : /^HTTP\//.test(b.toString('latin1', 0, 5)) ? 'http' : 'other';
  return { type: 'not-dicom', firstBytesHex: first.toString('hex'), looksLike };
}

/** Reads one PDU with a deadline; a declared length above the cap is reported, never allocated. */
export async function readPdu(conn: Conn, deadlineMs: number): Promise<Inbound> {
  const frame = await conn.read(
    (b) => {
      if (b.length === 0) return undefined;
      if (!looksLikePdu(b[0]!)) return Math.min(b.length, 64);
      if (b.length < PDU_HEADER_BYTES) return undefined;
      const len = b.readUInt32BE(2);
      if (len > MAX_INBOUND_PDU) return PDU_HEADER_BYTES;
      return b.length >= PDU_HEADER_BYTES + len ? PDU_HEADER_BYTES + len : undefined;
    },
    { deadlineMs, maxBytes: MAX_INBOUND_PDU + PDU_HEADER_BYTES },
  );
  if (!looksLikePdu(frame[0]!)) return classifyForeign(frame);
  const declared = frame.readUInt32BE(2);
  if (declared > MAX_INBOUND_PDU) return { type: 'too-large', declared };
  return parsePdu(frame);
}

export type AssociationAnswer =
  | { readonly outcome: 'accepted'; readonly ac: AssociateAc; readonly link: Association; readonly answerMs: number }
  | { readonly outcome: 'rejected'; readonly rj: AssociateRj; readonly answerMs: number }
  | { readonly outcome: 'aborted'; readonly abort: Abort; readonly answerMs: number }
  | { readonly outcome: 'reset'; readonly answerMs: number } // closed without a byte: typical of DICOM-TLS ports
  | { readonly outcome: 'timeout'; readonly answerMs: number }
  | { readonly outcome: 'not-dicom'; readonly foreign: NotDicom; readonly answerMs: number }
  | { readonly outcome: 'protocol-error'; readonly problem: string; readonly answerMs: number }
  | { readonly outcome: 'needs-client-certificate'; readonly answerMs: number };

export interface OpenOptions {
  readonly tls?: TlsOptions;
  readonly deadlines: Deadlines;
  /** Sees the connection once it is up (the TLS probe reads handshake facts from it). */
  readonly onConnected?: (conn: Conn) => void;
}

/** Connects (plain or TLS) and writes the RQ at once. Connect failures surface as NetError (refused, timeout…). */
export async function openAssociation(
  net: Net,
  target: Endpoint,
  rq: AssociateRqInput,
  opts: OpenOptions,
): Promise<AssociationAnswer> {
  const conn = opts.tls ? await net.connectTls(target, opts.tls) : await net.connect(target);
  opts.onConnected?.(conn);
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  let pdu: Inbound;
  try {
    await conn.write(encodeAssociateRq(rq));
    pdu = await readPdu(conn, opts.deadlines.answerMs);
  } catch (e) {
    conn.destroy();
    if (!(e instanceof NetError)) throw e;
    if (e.code === 'closed') return { outcome: 'reset', answerMs: elapsed() };
    if (e.code === 'timeout') return { outcome: 'timeout', answerMs: elapsed() };
    if (e.code === 'client-certificate') return { outcome: 'needs-client-certificate', answerMs: elapsed() };
    if (e.code === 'too-large') return { outcome: 'protocol-error', problem: e.message, answerMs: elapsed() };
    throw e;
  }
  const answerMs = elapsed();
  switch (pdu.type) {
    case 'associate-ac':
      return { outcome: 'accepted', ac: pdu, link: new Association(conn, pdu, opts.deadlines), answerMs };
    case 'associate-rj':
      conn.destroy();
      return { outcome: 'rejected', rj: pdu, answerMs };
    case 'abort':
      conn.destroy();
      return { outcome: 'aborted', abort: pdu, answerMs };
    case 'not-dicom':
      conn.destroy();
      return { outcome: 'not-dicom', foreign: pdu, answerMs };
    case 'too-large':
      conn.destroy();
      return { outcome: 'protocol-error', problem: `peer declared a ${pdu.declared}-byte PDU`, answerMs };
    case 'invalid':
      conn.destroy();
      return { outcome: 'protocol-error', problem: pdu.problem, answerMs };
    default:
      conn.destroy();
      return { outcome: 'protocol-error', problem: `${pdu.type} instead of A-ASSOCIATE-AC/RJ`, answerMs };
  }
}

export type DimseResult =
  | { readonly kind: 'final'; readonly status: number; readonly command: CommandSet; readonly pendings: number; readonly ms: number }
  /** A pending (matching) response came: its data set was dropped unread and the association aborted. */
  | { readonly kind: 'pending-aborted'; readonly pendings: number; readonly ms: number }
  /** The SCP began C-STORE sub-operations (C-GET matched something): aborted at once. */
  | { readonly kind: 'store-aborted'; readonly ms: number }
  | { readonly kind: 'aborted'; readonly abort: Abort; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'closed'; readonly ms: number }
  | { readonly kind: 'protocol-error'; readonly problem: string; readonly ms: number };

type InterruptedRead = { readonly kind: 'aborted'; readonly abort: Abort } | { readonly kind: 'protocol-error'; readonly problem: string };

/** An accepted association. Exactly one of `release()` or `abort()` ends it (both destroy the socket). */
export class Association {
  private nextMessageId = 1;
  private ended = false;
  readonly peerMaxPdu: number;

  constructor(
    private readonly conn: Conn,
    readonly ac: AssociateAc,
    private readonly deadlines: Deadlines,
  ) {
    this.peerMaxPdu = ac.userInfo.maxPduLength ?? 0;
  }

  /** The accepted presentation context for an abstract syntax, if any. */
  contextFor(abstractSyntax: string, proposed: ReadonlyArray<{ id: number; abstractSyntax: string }>): number | null {
    const ids = proposed.filter((p) => p.abstractSyntax === abstractSyntax).map((p) => p.id);
    const ok = this.ac.contexts.find((c) => ids.includes(c.id) && c.result === 0);
    return ok ? ok.id : null;
  }

  /**
   * Sends one request and waits for its final response. By default the first pending (matching) response aborts
   * the association; `countPendingsUpTo` instead counts pendings (their data sets still dropped unread) and aborts
   * only when the count reaches the cap — for the opt-in study count.
   */
  async request(
    contextId: number,
    input: { commandField: number; sopClassUid: string; identifier?: Buffer; moveDestination?: string; countPendingsUpTo?: number },
  ): Promise<DimseResult> {
    const started = performance.now();
    const ms = () => Math.round((performance.now() - started) * 100) / 100;
    const messageId = this.nextMessageId++;
    const command = encodeRequest({
      commandField: input.commandField,
      sopClassUid: input.sopClassUid,
      messageId,
      withDataSet: input.identifier !== undefined,
      ...(input.moveDestination !== undefined ? { moveDestination: input.moveDestination } : {}),
    });
    try {
      for (const p of fragment(contextId, true, command, this.peerMaxPdu)) await this.conn.write(p);
      if (input.identifier) for (const p of fragment(contextId, false, input.identifier, this.peerMaxPdu)) await this.conn.write(p);
      let pendings = 0;
      for (;;) {
        const msg = await this.readCommand();
        if ('kind' in msg) return { ...msg, ms: ms() };
        if (msg.commandField === Command.CStoreRq) {
          await this.abort();
          return { kind: 'store-aborted', ms: ms() };
        }
        if (msg.messageIdBeingRespondedTo !== messageId || msg.status === null)
          return this.fail(`response to message ${msg.messageIdBeingRespondedTo ?? '?'} without a usable status`, ms());
        if (statusClass(msg.status) === 'pending') {
          pendings++;
          if (input.countPendingsUpTo !== undefined && pendings < input.countPendingsUpTo) continue;
          await this.abort(); // never read what matched: discard the data set and leave
          return { kind: 'pending-aborted', pendings, ms: ms() };
        }
        return { kind: 'final', status: msg.status, command: msg, pendings, ms: ms() };
      }
    } catch (e) {
      this.conn.destroy();
      this.ended = true;
      if (e instanceof NetError && e.code === 'timeout') return { kind: 'timeout', ms: ms() };
      if (e instanceof NetError) return { kind: 'closed', ms: ms() };
      throw e;
    }
  }

  /** A-RELEASE-RQ, then wait for the RP (skipping stray P-DATA); destroys the socket either way. */
  async release(): Promise<'released' | 'no-release-rp'> {
    if (this.ended) return 'no-release-rp';
    this.ended = true;
    try {
      await this.conn.write(encodeReleaseRq());
      for (;;) {
        const pdu = await readPdu(this.conn, this.deadlines.releaseMs);
        if (pdu.type === 'release-rp') return 'released';
        if (pdu.type !== 'p-data') return 'no-release-rp';
      }
    } catch (e) {
      if (e instanceof NetError) return 'no-release-rp';
      throw e;
    } finally {
      this.conn.destroy();
    }
  }

  /** A-ABORT and close at once. */
  async abort(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      await this.conn.write(encodeAbort());
    } catch {
      /* the peer may already be gone; we close regardless */
    } finally {
      this.conn.destroy();
    }
  }

  private async fail(problem: string, ms: number): Promise<DimseResult> {
    await this.abort();
    return { kind: 'protocol-error', problem, ms };
  }

  /**
   * Reads PDUs until one command set is complete. Data-set PDVs are counted and dropped: the data set of a
   * response is never assembled.
   */
  private async readCommand(): Promise<CommandSet | InterruptedRead> {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const pdu = await readPdu(this.conn, this.deadlines.dimseMs);
      if (pdu.type === 'abort') {
        this.ended = true;
        this.conn.destroy();
        return { kind: 'aborted', abort: pdu };
      }
      if (pdu.type !== 'p-data') {
        const problem = pdu.type === 'invalid' ? pdu.problem : `${pdu.type} while waiting for a DIMSE response`;
        await this.abort();
        return { kind: 'protocol-error', problem };
      }
      for (const pdv of pdu.pdvs) {
        if (!pdv.isCommand) continue; // data set fragment: dropped unread
        size += pdv.data.length;
        if (size > MAX_COMMAND_BYTES) {
          await this.abort();
          return { kind: 'protocol-error', problem: `command set larger than ${MAX_COMMAND_BYTES} bytes` };
        }
        parts.push(Buffer.from(pdv.data));
        if (pdv.isLast) {
          const cmd = parseCommandSet(Buffer.concat(parts));
          if (!cmd) {
            await this.abort();
            return { kind: 'protocol-error', problem: 'undecodable command set' };
          }
          // A data set may follow; its PDVs are skipped (not commands) by whoever reads next.
          return cmd;
        }
      }
    }
  }
}
