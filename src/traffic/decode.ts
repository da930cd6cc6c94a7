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

/** Offset of the IP header for a link type, or -1. */
function ipOffset(linkType: number, d: Buffer): number {
  switch (linkType) {
    case 1: {
      let off = 12;
      let et = d.length >= 14 ? d.readUInt16BE(12) : 0;
      while ((et === 0x8100 || et === 0x88a8) && d.length >= off + 6) {
        off += 4;
        et = d.readUInt16BE(off);
      }
      return et === 0x0800 || et === 0x86dd ? off + 2 : -1;
    }
    case 113:
      return d.length >= 16 && (d.readUInt16BE(14) === 0x0800 || d.readUInt16BE(14) === 0x86dd) ? 16 : -1;
    case 276:
      return d.length >= 20 && (d.readUInt16BE(0) === 0x0800 || d.readUInt16BE(0) === 0x86dd) ? 20 : -1;
    case 0:
    case 108:
      return 4;
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return 0;
    default:
      return -1;
  }
}

/** Fills `f` from the packet; false when it is not a decodable IP packet. */
export function decodePacket(linkType: number, d: Buffer, f: PacketFacts): boolean {
  let o = ipOffset(linkType, d);
  if (o < 0 || d.length < o + 20) return false;
  const v = d[o]! >> 4;
  let end: number;
  if (v === 4) {
    const ihl = (d[o]! & 0x0f) * 4;
    const total = d.readUInt16BE(o + 2);
    if (ihl < 20 || d.length < o + ihl) return false;
    if ((d.readUInt16BE(o + 6) & 0x1fff) !== 0) return false; // a later fragment: no transport header
    f.ipVersion = 4;
    f.proto = d[o + 9]!;
    f.srcOff = o + 12;
    f.dstOff = o + 16;
    f.ipLen = total;
    end = Math.min(d.length, o + Math.max(total, ihl)); // Ethernet padding is not payload
    o += ihl;
  } else if (v === 6) {
    if (d.length < o + 40) return false;
    f.ipVersion = 6;
    f.srcOff = o + 8;
    f.dstOff = o + 24;
    const plen = d.readUInt16BE(o + 4);
    f.ipLen = plen + 40;
    end = Math.min(d.length, o + 40 + plen);
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
    f.srcPort = d.readUInt16BE(o);
    f.dstPort = d.readUInt16BE(o + 2);
    f.seq = d.readUInt32BE(o + 4);
    f.ack = d.readUInt32BE(o + 8);
    f.tcpFlags = d[o + 13]!;
    f.payloadStart = o + doff;
    f.payloadEnd = end;
    return true;
  }
  if (f.proto === 17) {
    if (end < o + 8) return false;
    f.srcPort = d.readUInt16BE(o);
    f.dstPort = d.readUInt16BE(o + 2);
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
