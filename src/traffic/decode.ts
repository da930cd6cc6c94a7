/**
 * Link, IP and TCP/UDP headers of one captured packet, decoded into a reusable record (no allocation per packet).
 * Link types: Ethernet (with 802.1Q/QinQ tags), Linux cooked v1/v2 (tcpdump -i any), raw IP, BSD loopback.
 * Fragments after the first, unknown link types and truncated headers are reported as not decodable.
 */

export interface PacketFacts {
  ipVersion: 4 | 6;
  data: Buffer; // the packet
  srcOff: number; // address offsets into data (4 or 16 bytes)
  dstOff: number;
  proto: number; // 6 TCP, 17 UDP, other IP protocols
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  seq: number;
  ack: number;
  payloadStart: number;
  payloadEnd: number;
  ipLen: number; // bytes on the wire from the IP header on
}

export const newFacts = (): PacketFacts => ({
  ipVersion: 4, data: Buffer.alloc(0), srcOff: 0, dstOff: 0, proto: 0, srcPort: 0, dstPort: 0, tcpFlags: 0, seq: 0, ack: 0, payloadStart: 0, payloadEnd: 0, ipLen: 0,
});

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

const u16 = (d: Buffer, o: number) => (d[o]! << 8) | d[o + 1]!;
const u32 = (d: Buffer, o: number) => ((d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) + d[o]! * 0x1000000;

/** Offset of the IP header for a link type in d[s, e), or -1. */
function ipOffset(linkType: number, d: Buffer, s: number, e: number): number {
  switch (linkType) {
    case 1: {
      let off = s + 12;
      let et = e - s >= 14 ? u16(d, off) : 0;
      while ((et === 0x8100 || et === 0x88a8) && e >= off + 6) {
        off += 4;
        et = u16(d, off);
      }
      return et === 0x0800 || et === 0x86dd ? off + 2 : -1;
    }
    case 113:
      return e - s >= 16 && (u16(d, s + 14) === 0x0800 || u16(d, s + 14) === 0x86dd) ? s + 16 : -1;
    case 276:
      return e - s >= 20 && (u16(d, s) === 0x0800 || u16(d, s) === 0x86dd) ? s + 20 : -1;
    case 0:
    case 108:
      return s + 4;
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return s;
    default:
      return -1;
  }
}

/**
 * Fills `f` from the packet in d[s, e) (offsets in `f` index `d`); false when it is not a decodable IP packet. Bytes
 * are read by hand: every bound is checked here, and Buffer's read methods would check again on each call.
 */
export function decodePacket(linkType: number, d: Buffer, s: number, e: number, f: PacketFacts): boolean {
  if (s < 0 || e > d.length || e < s) return false;
  let o = ipOffset(linkType, d, s, e);
  if (o < 0 || e < o + 20) return false;
  const v = d[o]! >> 4;
  let end: number;
  if (v === 4) {
    const ihl = (d[o]! & 0x0f) * 4;
    const total = u16(d, o + 2);
    if (ihl < 20 || e < o + ihl) return false;
    if ((u16(d, o + 6) & 0x1fff) !== 0) return false; // a later fragment: no transport header
    f.ipVersion = 4;
    f.proto = d[o + 9]!;
    f.srcOff = o + 12;
    f.dstOff = o + 16;
    f.ipLen = total;
    end = Math.min(e, o + Math.max(total, ihl)); // Ethernet padding is not payload
    o += ihl;
  } else if (v === 6) {
    if (e < o + 40) return false;
    f.ipVersion = 6;
    f.srcOff = o + 8;
    f.dstOff = o + 24;
    const plen = u16(d, o + 4);
    f.ipLen = plen + 40;
    end = Math.min(e, o + 40 + plen);
    let next = d[o + 6]!;
    o += 40;
    // hop-by-hop, routing, destination options: skip; a fragment header ends decoding
    while ((next === 0 || next === 43 || next === 60) && end >= o + 8) {
      next = d[o]!;
      o += (d[o + 1]! + 1) * 8;
    }
    if (next === 44) return false;
    f.proto = next;
  } else return false;
  f.data = d;
  if (f.proto === 6) {
    if (end < o + 20) return false;
    const doff = (d[o + 12]! >> 4) * 4;
    if (doff < 20 || end < o + doff) return false;
    f.srcPort = u16(d, o);
    f.dstPort = u16(d, o + 2);
    f.seq = u32(d, o + 4);
    f.ack = u32(d, o + 8);
    f.tcpFlags = d[o + 13]!;
    f.payloadStart = o + doff;
    f.payloadEnd = end;
    return true;
  }
  if (f.proto === 17) {
    if (end < o + 8) return false;
    f.srcPort = u16(d, o);
    f.dstPort = u16(d, o + 2);
    f.tcpFlags = 0;
    f.payloadStart = o + 8;
    f.payloadEnd = end;
    return true;
  }
  f.srcPort = 0;
  f.dstPort = 0;
  f.tcpFlags = 0;
  f.payloadStart = f.payloadEnd = end;
  return true;
}

/** The IPv4 address at d[off, off + 4) as an unsigned 32-bit number. */
export const ipv4At = (d: Buffer, off: number): number => u32(d, off);

export function addressText(d: Buffer, off: number, version: 4 | 6): string {
  if (version === 4) return `${d[off]}.${d[off + 1]}.${d[off + 2]}.${d[off + 3]}`;
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(d.readUInt16BE(off + i).toString(16));
  // RFC 5952: compress the longest run of two or more zero groups
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) (best = i), (bestLen = j - i);
    i = j;
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + bestLen).join(':')}`;
}
