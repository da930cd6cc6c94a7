/**
 * Flows: who talked to whom on which port, how much, and when — the common shape of everything `radguard traffic
 * import` reads (packet captures, Zeek conn.log, firewall/NetFlow CSV exports), and what the segmentation check
 * judges. The destination is the side that was connected to (the SYN's target; else the lower, well-known port).
 */
import { ipv4Text, ipv4Value, V4FlowTable } from './flow-table-v4.js';
import { isoTime } from './time.js';

export interface Flow {
  readonly src: string;
  readonly dst: string;
  readonly protocol: 'tcp' | 'udp';
  readonly dstPort: number;
  readonly bytes: number;
  readonly packets: number;
  readonly firstSeen: string; // ISO 8601
  readonly lastSeen: string;
  readonly source: string; // the file it came from
}

interface Entry {
  readonly src: string;
  readonly dst: string;
  readonly protocol: 'tcp' | 'udp';
  readonly dstPort: number;
  bytes: number;
  packets: number;
  firstMs: number;
  lastMs: number;
  readonly source: string;
}

/**
 * Merges flows with the same (src, dst, protocol, port) so that a long capture gives one line per service pair.
 * Times stay numbers until read: a million-row log does not make two million date strings.
 */
export class FlowSet {
  // IPv4 (nearly every row) in flat typed arrays keyed by numbers; anything else: source → destination →
  // port·2 + (udp ? 1 : 0) in nested maps
  private readonly v4 = new V4FlowTable();
  private readonly sources: string[] = [];
  private readonly map = new Map<string, Map<string, Map<number, Entry>>>();
  private count = 0;

  add(src: string, dst: string, protocol: 'tcp' | 'udp', dstPort: number, bytes: number, packets: number, firstMs: number, lastMs: number, source: string): void {
    const s = ipv4Value(src);
    const d = s < 0 ? -1 : ipv4Value(dst);
    if (d >= 0) return this.addV4(s, d, protocol, dstPort, bytes, packets, firstMs, lastMs, source);
    let bySrc = this.map.get(src);
    if (!bySrc) this.map.set(src, (bySrc = new Map()));
    let byDst = bySrc.get(dst);
    if (!byDst) bySrc.set(dst, (byDst = new Map()));
    const k = dstPort * 2 + (protocol === 'udp' ? 1 : 0);
    const cur = byDst.get(k);
    if (!cur) {
      this.count++;
      byDst.set(k, { src, dst, protocol, dstPort, bytes, packets, firstMs, lastMs, source });
      return;
    }
    cur.bytes += bytes;
    cur.packets += packets;
    if (firstMs < cur.firstMs) cur.firstMs = firstMs;
    if (lastMs > cur.lastMs) cur.lastMs = lastMs;
  }

  /** The same for IPv4 addresses already read as numbers (no string made per row). */
  addV4(src: number, dst: number, protocol: 'tcp' | 'udp', dstPort: number, bytes: number, packets: number, firstMs: number, lastMs: number, source: string): void {
    let si = this.sources.length - 1;
    if (this.sources[si] !== source) {
      si = this.sources.indexOf(source);
      if (si < 0) si = this.sources.push(source) - 1;
    }
    this.v4.add(src, dst, dstPort * 2 + (protocol === 'udp' ? 1 : 0), bytes, packets, firstMs, lastMs, si);
  }

  get size(): number {
    return this.count + this.v4.size;
  }

  *[Symbol.iterator](): Iterator<Flow> {
    for (const r of this.v4.rows())
      yield {
        src: ipv4Text(r.src),
        dst: ipv4Text(r.dst),
        protocol: r.portKey & 1 ? 'udp' : 'tcp',
        dstPort: r.portKey >>> 1,
        bytes: r.bytes,
        packets: r.packets,
        firstSeen: isoTime(r.firstMs),
        lastSeen: isoTime(r.lastMs),
        source: this.sources[r.source]!,
      };
    for (const bySrc of this.map.values())
      for (const byDst of bySrc.values())
        for (const e of byDst.values())
          yield { src: e.src, dst: e.dst, protocol: e.protocol, dstPort: e.dstPort, bytes: e.bytes, packets: e.packets, firstSeen: isoTime(e.firstMs), lastSeen: isoTime(e.lastMs), source: e.source };
  }
}
