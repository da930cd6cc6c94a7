/**
 * Builds small, valid capture files in memory (pcap, pcapng; Ethernet/IPv4/TCP or UDP) for the parser's tests and
 * fuzzing, so each test states the packets it feeds instead of hiding them in binary fixtures.
 */
export interface TestPacket {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly proto?: 'tcp' | 'udp';
  readonly flags?: number; // TCP flags, default ACK|PSH
  readonly seq?: number;
  readonly payload?: Buffer;
  readonly tsMs: number;
}

const ip4 = (a: string) => Buffer.from(a.split('.').map(Number));

export function ethernetFrame(p: TestPacket): Buffer {
  const payload = p.payload ?? Buffer.alloc(0);
  const l4 = p.proto === 'udp' ? Buffer.alloc(8) : Buffer.alloc(20);
  l4.writeUInt16BE(p.sport, 0);
  l4.writeUInt16BE(p.dport, 2);
  if (p.proto === 'udp') l4.writeUInt16BE(8 + payload.length, 4);
  else {
    l4.writeUInt32BE((p.seq ?? 1) >>> 0, 4);
    l4[12] = 5 << 4;
    l4[13] = p.flags ?? 0x18;
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + l4.length + payload.length, 2);
  ip[8] = 64;
  ip[9] = p.proto === 'udp' ? 17 : 6;
  ip4(p.src).copy(ip, 12);
  ip4(p.dst).copy(ip, 16);
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  return Buffer.concat([eth, ip, l4, payload]);
}

export function pcapFile(packets: readonly TestPacket[], opts: { bigEndian?: boolean; nano?: boolean; linkType?: number } = {}): Buffer {
  const be = opts.bigEndian ?? false;
  const w32 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  const h = Buffer.alloc(24);
  w32(h, opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  be ? h.writeUInt16BE(2, 4) : h.writeUInt16LE(2, 4);
  be ? h.writeUInt16BE(4, 6) : h.writeUInt16LE(4, 6);
  w32(h, 262144, 16);
  w32(h, opts.linkType ?? 1, 20);
  const recs = packets.map((p) => {
    const f = ethernetFrame(p);
    const r = Buffer.alloc(16);
    w32(r, Math.floor(p.tsMs / 1000), 0);
    w32(r, Math.round((p.tsMs % 1000) * (opts.nano ? 1e6 : 1e3)), 4);
    w32(r, f.length, 8);
    w32(r, f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([h, ...recs]);
}

/** pcapng with one section; `tsresol` 6 (µs, default) or 9 (ns) for the interface. */
export function pcapngFile(packets: readonly TestPacket[], opts: { bigEndian?: boolean; tsresol?: number } = {}): Buffer {
  const be = opts.bigEndian ?? false;
  const block = (type: number, body: Buffer) => {
    const pad = (4 - (body.length % 4)) % 4;
    const len = 12 + body.length + pad;
    const b = Buffer.alloc(len);
    const w = (v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
    w(type, 0);
    w(len, 4);
    body.copy(b, 8);
    w(len, len - 4);
    return b;
  };
  const shb = Buffer.alloc(16);
  be ? shb.writeUInt32BE(0x1a2b3c4d, 0) : shb.writeUInt32LE(0x1a2b3c4d, 0);
  be ? shb.writeUInt16BE(1, 4) : shb.writeUInt16LE(1, 4);
  shb.fill(0xff, 8, 16);
  const idb = Buffer.alloc(opts.tsresol ? 20 : 8);
  be ? idb.writeUInt16BE(1, 0) : idb.writeUInt16LE(1, 0);
  if (opts.tsresol) {
    be ? idb.writeUInt16BE(9, 8) : idb.writeUInt16LE(9, 8);
    be ? idb.writeUInt16BE(1, 10) : idb.writeUInt16LE(1, 10);
    idb[12] = opts.tsresol;
  }
  const perMs = 10 ** (opts.tsresol ?? 6) / 1000;
  const epbs = packets.map((p) => {
    const f = ethernetFrame(p);
    const body = Buffer.alloc(20 + f.length);
    const ts = BigInt(Math.round(p.tsMs * perMs));
    const w = (v: number, o: number) => (be ? body.writeUInt32BE(v >>> 0, o) : body.writeUInt32LE(v >>> 0, o));
    w(0, 0);
    w(Number(ts >> 32n), 4);
    w(Number(ts & 0xffffffffn), 8);
    w(f.length, 12);
    w(f.length, 16);
    f.copy(body, 20);
    return block(6, body);
  });
  return Buffer.concat([block(0x0a0d0d0a, shb), block(1, idb), ...epbs]);
}
