/**
 * Zeek conn.log, TSV (the `#fields` header names the columns, `-` is unset) or JSON lines, → flows. The originator
 * is the client: src = id.orig_h, dst = id.resp_h:id.resp_p. Bytes are IP bytes when logged, else payload bytes.
 * TSV rows are read straight from the bytes: the separators are walked up to the last needed column, numbers are
 * parsed in place, IPv4 addresses become numbers (other addresses strings), so a row allocates nothing.
 */
import { ipv4ValueAt } from './flow-table-v4.js';
import { FlowRowReader } from './row-reader.js';
export type { RowProblems } from './row-reader.js';

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '-' && v !== '' ? +v : 0;
  return n >= 0 && n < Infinity ? n : 0;
};
/** A non-negative decimal (digits, at most one '.') read from bytes; NaN for anything else ('-', empty, signs). */
function decimal(b: Buffer, s: number, e: number): number {
  if (s < 0 || e <= s || e - s > 30) return NaN;
  let v = 0;
  let scale = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      if (scale) scale *= 10;
    } else if (c === 46 && !scale) scale = 1;
    else return NaN;
  }
  return scale ? v / scale : v;
}

/** A count or duration field: unset ('-') and garbage read as 0. */
function count(b: Buffer, s: number, e: number): number {
  const v = decimal(b, s, e);
  return v >= 0 ? v : 0;
}

/** 'tcp', 'udp' or '' from the proto field's bytes. */
function protoOf(b: Buffer, s: number, e: number): 'tcp' | 'udp' | '' {
  if (s < 0 || e - s !== 3 || b[s + 2] !== 0x70) return '';
  if (b[s] === 0x74 && b[s + 1] === 0x63) return 'tcp';
  if (b[s] === 0x75 && b[s + 1] === 0x64) return 'udp';
  return '';
}

const timeOf = (v: unknown): number => (typeof v === 'number' ? v * 1000 : typeof v === 'string' ? (/^\d+(\.\d+)?$/.test(v) ? +v * 1000 : Date.parse(v)) : NaN);

// the columns used, in the order `emit` takes them
const WANTED = ['ts', 'id.orig_h', 'id.resp_h', 'id.resp_p', 'proto', 'orig_bytes', 'resp_bytes', 'orig_pkts', 'resp_pkts', 'duration', 'orig_ip_bytes', 'resp_ip_bytes'] as const;

export class ZeekConnReader extends FlowRowReader {
  private sep = '\t';
  private cols: Int8Array | null = null; // for each column up to the last wanted one: its WANTED index, or -1
  private lastCol = 0;
  private sepByte = 9;
  private readonly fs = new Int32Array(WANTED.length); // start of each wanted field in the row, -1 when absent
  private readonly fe = new Int32Array(WANTED.length);

  override push(buf: Buffer, start: number, end: number): void {
    this.lineNo++;
    if (end === start) return;
    const c0 = buf[start]!;
    if (c0 === 35 /* # */) return this.header(buf.toString('utf8', start, end));
    if (c0 === 123 /* { */) return this.json(buf.toString('utf8', start, end));
    const cols = this.cols;
    if (!cols) return this.skip('data before the #fields header');
    const fs = this.fs;
    const fe = this.fe;
    fs.fill(-1);
    // one pass over the bytes up to the last wanted column (a native indexOf per field costs more than the walk)
    const sep = this.sepByte;
    const lastCol = this.lastCol;
    let col = 0;
    let s = start;
    for (let i = start; ; i++) {
      if (i === end || buf[i] === sep) {
        const w = cols[col]!;
        if (w >= 0) (fs[w] = s), (fe[w] = i);
        if (i === end || ++col > lastCol) break;
        s = i + 1;
      }
    }
    // no closures in this per-row path: every row would allocate them
    const pr = protoOf(buf, fs[4]!, fe[4]!);
    const port = decimal(buf, fs[3]!, fe[3]!);
    // IPv4 addresses are read as numbers: no string per row
    const o4 = fs[1]! < 0 ? -1 : ipv4ValueAt(buf, fs[1]!, fe[1]!);
    const r4 = o4 < 0 || fs[2]! < 0 ? -1 : ipv4ValueAt(buf, fs[2]!, fe[2]!);
    const oh = r4 >= 0 || fs[1]! < 0 ? undefined : buf.toString('latin1', fs[1]!, fe[1]!);
    const rh = r4 >= 0 || fs[2]! < 0 ? undefined : buf.toString('latin1', fs[2]!, fe[2]!);
    if (r4 < 0 && (!oh || !rh || oh === '-' || rh === '-')) return this.skip('no originator/responder address');
    if (!Number.isInteger(port) || port > 65535) return this.skip(`bad responder port ${JSON.stringify(fs[3]! < 0 ? null : buf.toString('latin1', fs[3]!, fe[3]!))}`);
    if (!pr) return; // icmp and unknown: no port to judge
    const ts = decimal(buf, fs[0]!, fe[0]!);
    const first = Number.isNaN(ts) ? timeOf(fs[0]! < 0 ? undefined : buf.toString('latin1', fs[0]!, fe[0]!)) : ts * 1000;
    const ob = fs[10]! >= 0 ? count(buf, fs[10]!, fe[10]!) : count(buf, fs[5]!, fe[5]!);
    const rb = fs[11]! >= 0 ? count(buf, fs[11]!, fe[11]!) : count(buf, fs[6]!, fe[6]!);
    const packets = count(buf, fs[7]!, fe[7]!) + count(buf, fs[8]!, fe[8]!);
    this.stats.rows++;
    const lastMs = first + count(buf, fs[9]!, fe[9]!) * 1000;
    if (r4 >= 0) this.into.addV4(o4, r4, pr, port, ob + rb, packets, first, lastMs, this.source);
    else this.into.add(oh!, rh!, pr, port, ob + rb, packets, first, lastMs, this.source);
  }

  private header(text: string): void {
    if (text.startsWith('#separator ')) {
      this.sep = text.slice(11).replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      this.sepByte = this.sep.charCodeAt(0); // Zeek separators are one byte
    } else if (text.startsWith('#fields')) {
      const fields = text.split(this.sep).slice(1);
      for (const need of ['id.orig_h', 'id.resp_h', 'id.resp_p', 'proto'])
        if (!fields.includes(need)) return this.skip(`#fields lacks ${need}: not a conn.log`);
      const at = WANTED.map((w) => fields.indexOf(w));
      this.lastCol = Math.max(...at);
      this.cols = new Int8Array(this.lastCol + 1).fill(-1);
      at.forEach((col, w) => col >= 0 && (this.cols![col] = w));
    }
  }

  private json(text: string): void {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.skip('not valid JSON');
    }
    if (typeof o !== 'object' || o === null) return this.skip('not a JSON object');
    this.emit(o.ts, o['id.orig_h'], o['id.resp_h'], o['id.resp_p'], o.proto, o.orig_ip_bytes ?? o.orig_bytes, o.resp_ip_bytes ?? o.resp_bytes, o.orig_pkts, o.resp_pkts, o.duration);
  }

  private emit(ts: unknown, oh: unknown, rh: unknown, rp: unknown, proto: unknown, ob: unknown, rb: unknown, op: unknown, rpk: unknown, dur: unknown): void {
    if (typeof oh !== 'string' || typeof rh !== 'string' || oh === '-' || rh === '-' || !oh || !rh) return this.skip('no originator/responder address');
    const port = typeof rp === 'number' ? rp : typeof rp === 'string' && rp !== '' ? +rp : NaN;
    if (!Number.isInteger(port) || port < 0 || port > 65535) return this.skip(`bad responder port ${JSON.stringify(rp)}`);
    if (proto !== 'tcp' && proto !== 'udp') return; // icmp and unknown: no port to judge
    const start = timeOf(ts);
    this.stats.rows++;
    this.into.add(oh, rh, proto, port, num(ob) + num(rb), num(op) + num(rpk), start, start + num(dur) * 1000, this.source);
  }
}
