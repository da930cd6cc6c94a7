/**
 * Passive application facts from packet captures: follows each TCP connection and, when its first payload is a
 * DICOM A-ASSOCIATE-RQ or an MLLP-framed HL7 message (on any port), reassembles both directions and extracts the
 * allow-listed facts. Other connections cost one look at their first payload. What it keeps: DICOM association
 * facts, HL7 MSH header fields — never a dataset, never a segment other than MSH.
 */
import type { Connection, StreamObserver } from './connections.js';
import { isoTime } from './time.js';
import { TCP_SYN } from './decode.js';
import { applyPdu, looksLikeAssociateRq, PduWalker, type DicomAssociation, type PassivePdu } from './dicom-passive.js';
import { looksLikeMllp, MshWalker, type Hl7Header } from './hl7-passive.js';
import { TcpDirection, type ByteConsumer } from './reassembly.js';

export interface Hl7Connection {
  readonly client: string;
  readonly server: string;
  readonly serverPort: number;
  readonly startedAt: string;
  readonly messages: { direction: 'to-server' | 'to-client'; header: Hl7Header }[];
}

interface Tracked {
  kind: 'undecided' | 'dicom' | 'hl7' | 'other';
  isn: [number | null, number | null]; // SYN sequence numbers of a→b and b→a
  dirs: [TcpDirection | null, TcpDirection | null];
  clientIsA: boolean;
  early: { d: 0 | 1; seq: number; payload: Buffer }[] | null; // payload that arrived before the stream's first bytes
  earlyBytes: number;
}

const MAX_EARLY_BYTES = 64 * 1024;

const MAX_MESSAGES_PER_CONNECTION = 10_000;

export class PassiveExtractor implements StreamObserver {
  readonly associations: DicomAssociation[] = [];
  readonly hl7: Hl7Connection[] = [];

  segment(c: Connection, fromA: boolean, seq: number, flags: number, buf: Buffer, start: number, end: number, tsMs: number): void {
    let t = c.app as Tracked | null;
    if (!t) c.app = t = { kind: 'undecided', isn: [null, null], dirs: [null, null], clientIsA: true, early: null, earlyBytes: 0 };
    const d = fromA ? 0 : 1;
    if (flags & TCP_SYN) {
      t.isn[d] = seq;
      t.dirs[d]?.syn(seq);
      return;
    }
    if (t.kind === 'undecided') {
      if (end <= start) return;
      // The client's first bytes decide: a requester speaks first in DICOM and HL7/MLLP. Segments the capture
      // shows before them (reordered, or the server's answer) wait, within a bound.
      const isn = t.isn[d];
      const notFirst = isn !== null && seq !== ((isn + 1) >>> 0);
      const serverFirst = c.clientIsA !== null && fromA !== c.clientIsA;
      if (notFirst || serverFirst) {
        t.earlyBytes += end - start;
        if (t.earlyBytes > MAX_EARLY_BYTES) return this.ignore(c, t);
        (t.early ??= []).push({ d, seq, payload: Buffer.from(buf.subarray(start, end)) });
        return;
      }
      if (looksLikeAssociateRq(buf, start, end)) this.startDicom(c, t, fromA, tsMs);
      else if (looksLikeMllp(buf, start, end)) this.startHl7(c, t, fromA, tsMs);
      else return this.ignore(c, t);
      t.dirs[d]?.segment(seq, buf, start, end);
      for (const e of t.early ?? []) t.dirs[e.d]?.segment(e.seq, e.payload, 0, e.payload.length);
      t.early = null;
      return;
    }
    t.dirs[d]?.segment(seq, buf, start, end);
  }

  private ignore(c: Connection, t: Tracked): void {
    c.observe = false; // no more segments of this connection: they cost nothing from here on
    c.app = null;
    t.kind = 'other';
    t.dirs = [null, null];
    t.early = null;
  }

  private direction(t: Tracked, d: 0 | 1, consumer: ByteConsumer): TcpDirection {
    const dir = new TcpDirection(consumer);
    const isn = t.isn[d];
    if (isn !== null) dir.syn(isn);
    t.dirs[d] = dir;
    return dir;
  }

  private startDicom(c: Connection, t: Tracked, clientIsA: boolean, tsMs: number): void {
    t.kind = 'dicom';
    t.clientIsA = clientIsA;
    const a: DicomAssociation = {
      client: clientIsA ? c.aAddr : c.bAddr,
      clientPort: clientIsA ? c.aPort : c.bPort,
      server: clientIsA ? c.bAddr : c.aAddr,
      serverPort: clientIsA ? c.bPort : c.aPort,
      startedAt: isoTime(tsMs),
      callingAe: '',
      calledAe: '',
      requestorImplementation: { classUid: null, versionName: null },
      acceptorImplementation: null,
      proposedSopClasses: [],
      acceptedSopClasses: [],
      outcome: 'no-response',
      reject: null,
      released: false,
      pdataBytes: 0,
    };
    this.associations.push(a);
    const rq = { current: null as Extract<PassivePdu, { type: 'associate-rq' }> | null };
    const clientD = clientIsA ? 0 : 1;
    // once the association is over (released, rejected, aborted) its record is complete: the reassembly state is
    // let go at once instead of living, and being copied by the garbage collector, until the capture ends
    const apply = (fromClient: boolean) => (p: PassivePdu) => {
      applyPdu(a, p, fromClient, rq);
      if (p.type === 'release-rp' || p.type === 'associate-rj' || p.type === 'abort') this.ignore(c, t);
    };
    this.direction(t, clientD, new PduWalker(apply(true), (n) => (a.pdataBytes += n)));
    this.direction(t, (1 - clientD) as 0 | 1, new PduWalker(apply(false), (n) => (a.pdataBytes += n)));
  }

  private startHl7(c: Connection, t: Tracked, clientIsA: boolean, tsMs: number): void {
    t.kind = 'hl7';
    const h: Hl7Connection = {
      client: clientIsA ? c.aAddr : c.bAddr,
      server: clientIsA ? c.bAddr : c.aAddr,
      serverPort: clientIsA ? c.bPort : c.aPort,
      startedAt: isoTime(tsMs),
      messages: [],
    };
    this.hl7.push(h);
    const push = (direction: 'to-server' | 'to-client') => (header: Hl7Header) => {
      if (h.messages.length < MAX_MESSAGES_PER_CONNECTION) h.messages.push({ direction, header });
    };
    const clientD = clientIsA ? 0 : 1;
    this.direction(t, clientD, new MshWalker(push('to-server')));
    this.direction(t, (1 - clientD) as 0 | 1, new MshWalker(push('to-client')));
  }

  close(c: Connection): void {
    c.app = null;
  }
}

export interface AeTitleEntry {
  readonly aeTitle: string;
  readonly host: string;
  readonly role: 'requestor' | 'acceptor';
  readonly associations: number;
}

/** The AE-title registry (AE ↔ host ↔ role) and AE titles used by more than one host. */
export function aeRegistry(associations: readonly DicomAssociation[]): { entries: AeTitleEntry[]; duplicates: { aeTitle: string; hosts: string[] }[] } {
  const map = new Map<string, { aeTitle: string; host: string; role: 'requestor' | 'acceptor'; associations: number }>();
  const bump = (aeTitle: string, host: string, role: 'requestor' | 'acceptor') => {
    if (!aeTitle) return;
    const k = `${aeTitle}\u0000${host}\u0000${role}`;
    const e = map.get(k) ?? { aeTitle, host, role, associations: 0 };
    e.associations++;
    map.set(k, e);
  };
  for (const a of associations) {
    bump(a.callingAe, a.client, 'requestor');
    if (a.outcome === 'accepted') bump(a.calledAe, a.server, 'acceptor'); // a rejected called AE is not the server's
  }
  const entries = [...map.values()].sort((x, y) => x.aeTitle.localeCompare(y.aeTitle) || x.host.localeCompare(y.host));
  const hostsByAe = new Map<string, Set<string>>();
  for (const e of entries) hostsByAe.set(e.aeTitle, (hostsByAe.get(e.aeTitle) ?? new Set()).add(e.host));
  const duplicates = [...hostsByAe].filter(([, hosts]) => hosts.size > 1).map(([aeTitle, hosts]) => ({ aeTitle, hosts: [...hosts].sort() }));
  return { entries, duplicates };
}
