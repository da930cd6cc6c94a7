/**
 * Flows: who talked to whom on which port, how much, and when — the common shape of everything `radguard traffic
 * import` reads (packet captures, Zeek conn.log, firewall/NetFlow CSV exports), and what the segmentation check
 * judges. The destination is the side that was connected to (the SYN's target; else the lower, well-known port).
 */
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
  // source → destination → port·2 + (udp ? 1 : 0): nested maps, so no key string is built per row
  private readonly map = new Map<string, Map<string, Map<number, Entry>>>();
  private count = 0;

  add(src: string, dst: string, protocol: 'tcp' | 'udp', dstPort: number, bytes: number, packets: number, firstMs: number, lastMs: number, source: string): void {
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

  get size(): number {
    return this.count;
  }

  *[Symbol.iterator](): Iterator<Flow> {
    for (const bySrc of this.map.values())
      for (const byDst of bySrc.values())
        for (const e of byDst.values())
          yield { src: e.src, dst: e.dst, protocol: e.protocol, dstPort: e.dstPort, bytes: e.bytes, packets: e.packets, firstSeen: isoTime(e.firstMs), lastSeen: isoTime(e.lastMs), source: e.source };
  }
}
