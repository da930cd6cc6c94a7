/**
 * Streaming reader for packet captures: classic pcap (µs and ns, either byte order) and pcapng (sections of either
 * byte order, several interfaces with their own link type and timestamp resolution; enhanced, simple and obsolete
 * packet blocks). Bytes are pushed in chunks of any size; packets come out through a callback as byte ranges of the
 * chunk (valid only during the call; the reader keeps nothing of a chunk after `push` returns, so the caller may
 * reuse its memory). Never throws on bad data and never allocates from a length the file
 * declares: a length above the caps, or an inconsistent block, ends the read with `problem` set, keeping every
 * packet before it. A file cut short mid-record reports `truncated`.
 */

export const MAX_PACKET = 262_144; // tcpdump's MAXIMUM_SNAPLEN: no real capture holds a larger record
export const MAX_BLOCK = 16 * 1024 * 1024; // pcapng blocks other than packets (name resolution, stats) are small

/** One packet: its bytes are buf[start, end) — a range, not a view, so no object is made per packet. */
export type PacketSink = (linkType: number, tsMs: number, buf: Buffer, start: number, end: number, origLen: number) => void;

export interface CaptureSummary {
  readonly format: 'pcap' | 'pcapng' | 'unknown';
  readonly packets: number;
  readonly bytes: number; // bytes read from the file
  readonly truncated: boolean;
  readonly problem: string | null;
}

interface Iface {
  readonly linkType: number;
  readonly unitsPerMs: number; // timestamp units per millisecond
}

const readU32LE = (b: Buffer, o: number) => b.readUInt32LE(o);
/** Unchecked: callers have made sure o + 4 <= b.length. */
const u32le = (b: Buffer, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
const u32be = (b: Buffer, o: number) => ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) + b[o]! * 0x1000000;
const readU32BE = (b: Buffer, o: number) => b.readUInt32BE(o);
const readU16LE = (b: Buffer, o: number) => b.readUInt16LE(o);
const readU16BE = (b: Buffer, o: number) => b.readUInt16BE(o);

export class CaptureReader {
  private format: CaptureSummary['format'] = 'unknown';
  private rest: Buffer | null = null; // unparsed bytes: the start of a record that continues in the next chunk
  private need = 4; // bytes needed (from the start of `rest`) before parsing can make progress
  private problem: string | null = null;
  private packets = 0;
  private bytes = 0;
  // pcap
  private le = true;
  private pcapLink = 0;
  private pcapUnitsPerMs = 1000;
  private pcapHeaderDone = false;
  // pcapng
  private ifaces: Iface[] = [];

  constructor(private readonly sink: PacketSink) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.problem !== null || chunk.length === 0) return;
    // A record split across chunks: join only that record's bytes, then parse the rest of the chunk in place
    // (copying every chunk whole would cost as much as the parsing).
    while (this.rest !== null && chunk.length > 0 && this.problem === null) {
      const take = Math.min(Math.max(this.need - this.rest.length, 1), chunk.length);
      const stitched = Buffer.concat([this.rest, chunk.subarray(0, take)]);
      chunk = chunk.subarray(take);
      if (stitched.length < this.need) {
        this.rest = stitched;
        return;
      }
      const used = this.parse(stitched);
      this.rest = used < stitched.length ? stitched.subarray(used) : null;
    }
    if (this.problem !== null || chunk.length === 0) return;
    if (chunk.length < this.need) {
      this.rest = Buffer.from(chunk);
      return;
    }
    const used = this.parse(chunk);
    // a copy: the caller may reuse the chunk's memory for the next read
    if (this.problem === null && used < chunk.length) this.rest = Buffer.from(chunk.subarray(used));
  }

  end(): CaptureSummary {
    const truncated = this.problem === null && this.rest !== null && this.rest.length > 0;
    if (this.format === 'unknown' && this.problem === null) this.problem = this.bytes === 0 ? 'empty file' : 'not a pcap or pcapng capture';
    return { format: this.format, packets: this.packets, bytes: this.bytes, truncated, problem: this.problem };
  }

  private fail(problem: string): number {
    this.problem = problem;
    return 0;
  }

  private parse(buf: Buffer): number {
    if (this.format === 'unknown') {
      const m = buf.readUInt32BE(0);
      if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) (this.format = 'pcap'), (this.le = false);
      else if (m === 0xd4c3b2a1 || m === 0x4d3cb2a1) (this.format = 'pcap'), (this.le = true);
      else if (m === 0x0a0d0d0a) this.format = 'pcapng';
      else return this.fail(`not a pcap or pcapng capture (starts with 0x${m.toString(16).padStart(8, '0')})`);
      if (this.format === 'pcap') this.pcapUnitsPerMs = m === 0xa1b23c4d || m === 0x4d3cb2a1 ? 1e6 : 1e3;
    }
    return this.format === 'pcap' ? this.parsePcap(buf) : this.parsePcapng(buf);
  }

  private parsePcap(buf: Buffer): number {
    let off = 0;
    const le = this.le;
    if (!this.pcapHeaderDone) {
      if (buf.length < 24) return (this.need = 24), 0;
      this.pcapLink = (le ? buf.readUInt32LE(20) : buf.readUInt32BE(20)) & 0xffff; // upper bits: FCS length flags
      this.pcapHeaderDone = true;
      off = 24;
    }
    const upm = this.pcapUnitsPerMs;
    const link = this.pcapLink;
    // the per-record header read by hand: Buffer's read methods validate their offset on every call
    const u32 = le ? u32le : u32be;
    while (buf.length - off >= 16) {
      const sec = u32(buf, off);
      const frac = u32(buf, off + 4);
      const incl = u32(buf, off + 8);
      const orig = u32(buf, off + 12);
      if (incl > MAX_PACKET) return this.fail(`pcap record at byte ${this.bytes - buf.length + off} claims ${incl} bytes (limit ${MAX_PACKET}): corrupt capture`);
      if (buf.length - off - 16 < incl) {
        this.need = 16 + incl;
        return off;
      }
      this.packets++;
      this.sink(link, sec * 1000 + frac / upm, buf, off + 16, off + 16 + incl, orig);
      off += 16 + incl;
    }
    this.need = 16;
    return off;
  }

  private parsePcapng(buf: Buffer): number {
    let off = 0;
    while (buf.length - off >= 12) {
      const typeBE = buf.readUInt32BE(off);
      if (typeBE === 0x0a0d0d0a) {
        const magic = buf.readUInt32LE(off + 8);
        if (magic === 0x1a2b3c4d) this.le = true;
        else if (magic === 0x4d3c2b1a) this.le = false;
        else return this.fail(`pcapng section header at byte ${this.bytes - buf.length + off} has a bad byte-order magic`);
        this.ifaces = []; // interface ids are per section
      }
      const le = this.le;
      const type = le ? buf.readUInt32LE(off) : typeBE;
      const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      if (len < 12 || len % 4 !== 0) return this.fail(`pcapng block at byte ${this.bytes - buf.length + off} has an invalid length ${len}`);
      if (len > MAX_BLOCK) return this.fail(`pcapng block at byte ${this.bytes - buf.length + off} claims ${len} bytes (limit ${MAX_BLOCK}): corrupt capture`);
      if (buf.length - off < len) {
        this.need = len;
        return off;
      }
      const trailer = le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
      if (trailer !== len) return this.fail(`pcapng block at byte ${this.bytes - buf.length + off}: trailing length ${trailer} differs from ${len}`);
      const body = buf.subarray(off + 8, off + len - 4);
      const ok = this.block(type, body, le);
      if (ok !== null) return this.fail(`pcapng block at byte ${this.bytes - buf.length + off}: ${ok}`);
      off += len;
    }
    this.need = 12;
    return off;
  }

  /** One pcapng block body; returns a problem or null. */
  private block(type: number, b: Buffer, le: boolean): string | null {
    // plain functions, not closures: this runs once per packet
    const u32 = le ? readU32LE : readU32BE;
    const u16 = le ? readU16LE : readU16BE;
    switch (type) {
      case 0x0a0d0d0a:
        return b.length < 16 ? 'section header too short' : null;
      case 1: {
        if (b.length < 8) return 'interface description too short';
        let unitsPerMs = 1000; // default resolution: microseconds
        for (let o = 8; o + 4 <= b.length; ) {
          const code = u16(b, o);
          const olen = u16(b, o + 2);
          if (code === 0 || o + 4 + olen > b.length) break;
          if (code === 9 && olen >= 1) {
            const r = b[o + 4]!;
            const exp = r & 0x7f;
            const perSec = r & 0x80 ? 2 ** exp : 10 ** exp;
            if (exp > 60 || perSec < 1) return `interface timestamp resolution 0x${r.toString(16)} is not usable`;
            unitsPerMs = perSec / 1000;
          }
          o += 4 + ((olen + 3) & ~3);
        }
        this.ifaces.push({ linkType: u16(b, 0), unitsPerMs });
        return null;
      }
      case 6:
      case 2: {
        if (b.length < 20) return 'packet block too short';
        const ifId = type === 6 ? u32(b, 0) : u16(b, 0);
        const iface = this.ifaces[ifId];
        if (!iface) return `packet on undeclared interface ${ifId}`;
        const cap = u32(b, 12);
        if (cap > b.length - 20) return `packet block claims ${cap} captured bytes but holds ${b.length - 20}`;
        const ts = u32(b, 4) * 4294967296 + u32(b, 8);
        this.packets++;
        this.sink(iface.linkType, ts / iface.unitsPerMs, b, 20, 20 + cap, u32(b, 16));
        return null;
      }
      case 3: {
        if (b.length < 4) return 'simple packet block too short';
        const iface = this.ifaces[0];
        if (!iface) return 'simple packet block before any interface description';
        const orig = u32(b, 0);
        this.packets++;
        this.sink(iface.linkType, 0, b, 4, 4 + Math.min(orig, b.length - 4), orig);
        return null;
      }
      default:
        return null; // name resolution, statistics, custom blocks: not needed for flows
    }
  }
}
