/**
 * Packets → connections. Each TCP/UDP 5-tuple becomes one bidirectional connection whose client is the sender of
 * the first SYN (or, when the handshake is not in the capture, the side on the higher port). Payload of TCP
 * segments is handed to an optional stream observer (DICOM/HL7 extraction) with its direction and sequence number.
 */
import { addressText, decodePacket, ipv4At, newFacts, TCP_ACK, TCP_SYN, type PacketFacts } from './decode.js';
import { FlowSet } from './flow.js';

export interface Connection {
  readonly id: number;
  readonly proto: 6 | 17;
  readonly aAddr: string; // endpoint "a": the first packet's source
  readonly aPort: number;
  readonly bAddr: string;
  readonly bPort: number;
  readonly aIsLow: boolean; // endpoint a sorts first in the direction-free key
  readonly hiKey: number; // the connection table's key of the high endpoint (IPv4; 0 for IPv6)
  clientIsA: boolean | null; // null: unknown yet
  observe: boolean; // false once the stream observer has lost interest: its segments are no longer handed over
  app: unknown; // the stream observer's state for this connection
  bytes: number;
  packets: number;
  firstMs: number;
  lastMs: number;
}

/**
 * Receives TCP payload in capture order as a byte range buf[start, end) (valid only during the call: a view object
 * per packet was most of the garbage on captures of many small associations); `fromA` says which side sent it.
 */
export interface StreamObserver {
  segment(c: Connection, fromA: boolean, seq: number, flags: number, buf: Buffer, start: number, end: number, tsMs: number): void;
  /** Called for connections still open at the end of the capture, and when a connection is evicted. */
  close(c: Connection): void;
}

const MAX_CONNECTIONS = 1_000_000; // a capture with more concurrent 5-tuples is folded into flows early

export class ConnectionTable {
  // IPv4 (the common case) by numbers, no string per packet: low endpoint → high endpoint → connection, where an
  // endpoint is address·2^16 + port (48 bits) and the low one carries the protocol in one more bit. A low endpoint
  // with one connection (a client's ephemeral port: nearly always) maps to it directly — a Map per connection was
  // most of what the garbage collector had to copy on captures of many short associations.
  private readonly v4 = new Map<number, Connection | Map<number, Connection>>();
  private readonly v6 = new Map<string, Connection>();
  private count = 0;
  private readonly facts: PacketFacts = newFacts();
  private nextId = 1;
  undecodable = 0;
  emitted = 0; // connections handed to the flow set

  constructor(
    private readonly source: string,
    private readonly flows: FlowSet,
    private readonly observer?: StreamObserver,
  ) {}

  /** One captured packet, buf[start, end). */
  packet(linkType: number, tsMs: number, buf: Buffer, start: number, end: number): void {
    const f = this.facts;
    if (!decodePacket(linkType, buf, start, end, f) || (f.proto !== 6 && f.proto !== 17)) {
      this.undecodable++;
      return;
    }
    const d = f.data;
    let cmp: number;
    let c: Connection | undefined;
    let lo = 0;
    let hi = 0;
    let v6key = '';
    if (f.ipVersion === 4) {
      const s = ipv4At(d, f.srcOff) * 65536 + f.srcPort;
      const t = ipv4At(d, f.dstOff) * 65536 + f.dstPort;
      cmp = s - t;
      lo = (cmp <= 0 ? s : t) * 2 + (f.proto === 17 ? 1 : 0);
      hi = cmp <= 0 ? t : s;
      const e = this.v4.get(lo);
      c = e === undefined ? undefined : e instanceof Map ? e.get(hi) : e.hiKey === hi ? e : undefined;
    } else {
      cmp = d.compare(d, f.srcOff, f.srcOff + 16, f.dstOff, f.dstOff + 16) || f.srcPort - f.dstPort;
      const src = d.toString('latin1', f.srcOff, f.srcOff + 16);
      const dst = d.toString('latin1', f.dstOff, f.dstOff + 16);
      v6key = cmp <= 0 ? `${f.proto}|${src}|${f.srcPort}|${dst}|${f.dstPort}` : `${f.proto}|${dst}|${f.dstPort}|${src}|${f.srcPort}`;
      c = this.v6.get(v6key);
    }
    if (!c) {
      if (this.count >= MAX_CONNECTIONS) this.flushAll();
      c = {
        id: this.nextId++,
        proto: f.proto as 6 | 17,
        aAddr: addressText(d, f.srcOff, f.ipVersion),
        aPort: f.srcPort,
        bAddr: addressText(d, f.dstOff, f.ipVersion),
        bPort: f.dstPort,
        aIsLow: cmp <= 0,
        hiKey: hi,
        clientIsA: null,
        observe: this.observer !== undefined,
        app: null,
        bytes: 0,
        packets: 0,
        firstMs: tsMs,
        lastMs: tsMs,
      };
      this.count++;
      if (f.ipVersion === 4) {
        const e = this.v4.get(lo);
        if (e === undefined) this.v4.set(lo, c);
        else if (e instanceof Map) e.set(hi, c);
        else this.v4.set(lo, new Map([[e.hiKey, e], [hi, c]]));
      } else this.v6.set(v6key, c);
    }
    const fromA = cmp <= 0 === c.aIsLow;
    c.bytes += f.ipLen;
    c.packets++;
    if (tsMs > c.lastMs) c.lastMs = tsMs;
    if (f.proto === 6) {
      if (c.clientIsA === null && (f.tcpFlags & (TCP_SYN | TCP_ACK)) === TCP_SYN) c.clientIsA = fromA;
      if (c.observe && (f.payloadEnd > f.payloadStart || f.tcpFlags & TCP_SYN))
        this.observer!.segment(c, fromA, f.seq, f.tcpFlags, d, f.payloadStart, f.payloadEnd, tsMs);
    }
  }

  private flushAll(): void {
    for (const e of this.v4.values())
      if (e instanceof Map) for (const c of e.values()) this.emit(c);
      else this.emit(e);
    for (const c of this.v6.values()) this.emit(c);
    this.v4.clear();
    this.v6.clear();
    this.count = 0;
  }

  private emit(c: Connection): void {
    this.observer?.close(c);
    this.emitted++;
    const clientIsA = c.clientIsA ?? (c.aPort === c.bPort ? true : c.aPort > c.bPort);
    this.flows.add(
      clientIsA ? c.aAddr : c.bAddr,
      clientIsA ? c.bAddr : c.aAddr,
      c.proto === 6 ? 'tcp' : 'udp',
      clientIsA ? c.bPort : c.aPort,
      c.bytes,
      c.packets,
      c.firstMs,
      c.lastMs,
      this.source,
    );
  }

  /** Ends the capture: every connection still open becomes a flow. */
  finish(): void {
    this.flushAll();
  }
}
