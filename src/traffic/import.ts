/**
 * `radguard traffic import`: reads one file of any supported kind — pcap, pcapng (either possibly gzip-compressed),
 * Zeek conn.log (TSV or JSON) or the CSV flow format — as a stream, whatever its size, and adds its flows to a
 * FlowSet. The kind is recognised from the first bytes, not the file name. Damaged input never throws: what was
 * read before the damage is kept and the problem is reported.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { AppError } from '../core/errors.js';
import { CaptureReader } from './capture.js';
import { ConnectionTable, type StreamObserver } from './connections.js';
import { CsvFlowReader } from './csv-flows.js';
import type { FlowSet } from './flow.js';
import { LineSplitter } from './lines.js';
import { ZeekConnReader } from './zeek.js';

export interface ImportSummary {
  readonly file: string;
  readonly format: 'pcap' | 'pcapng' | 'zeek-conn' | 'csv-flows' | 'unknown';
  readonly gzip: boolean;
  readonly bytes: number; // uncompressed bytes read
  readonly packets: number | null;
  readonly undecodablePackets: number | null;
  readonly rows: number | null;
  readonly skippedRows: number | null;
  readonly flows: number; // connections or rows this file added, before merging into service pairs
  readonly truncated: boolean;
  readonly problems: readonly string[];
}

function head(path: string, n: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new AppError('ERR_TRAFFIC_READ', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    const b = Buffer.alloc(n);
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

const READ_CHUNK = 4 * 1024 * 1024;

/** The file in chunks, read into one buffer that every step reuses (a chunk is valid until the next one). */
function* chunksOf(path: string): Generator<Buffer> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new AppError('ERR_TRAFFIC_READ', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, READ_CHUNK, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

type Kind = ImportSummary['format'];
const kindOf = (b: Buffer): Kind => {
  if (b.length >= 4) {
    const m = b.readUInt32BE(0);
    if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(m)) return 'pcap';
    if (m === 0x0a0d0d0a) return 'pcapng';
  }
  const text = b.toString('latin1', 0, Math.min(b.length, 4096)).trimStart(); // the head decides; the chunk may be MBs
  if (text.startsWith('#separator') || text.startsWith('#fields') || text.startsWith('{')) return 'zeek-conn';
  return text.length ? 'csv-flows' : 'unknown';
};

export async function importTrafficFile(path: string, into: FlowSet, observer?: StreamObserver): Promise<ImportSummary> {
  const gzip = (() => {
    const h = head(path, 2);
    return h.length === 2 && h[0] === 0x1f && h[1] === 0x8b;
  })();
  // Plain files are read into one reused buffer: allocating a fresh buffer per chunk (as a read stream does) makes
  // the garbage collector run over hundreds of MB of dead chunks, which cost more than the parsing. Every reader
  // copies what it keeps beyond one `push`. Gzip goes through the stream (the inflater allocates anyway).
  const stream: AsyncIterable<Buffer> | Iterable<Buffer> = gzip ? createReadStream(path, { highWaterMark: 1024 * 1024 }).pipe(createGunzip()) : chunksOf(path);
  let bytes = 0;
  const problems: string[] = [];
  // set once the first bytes say what the file is (a record, so TypeScript does not narrow it to null)
  const st: { kind: Kind | null; capture: CaptureReader | null; table: ConnectionTable | null; lines: LineSplitter | null; rowReader: ZeekConnReader | CsvFlowReader | null } = {
    kind: null, capture: null, table: null, lines: null, rowReader: null,
  };
  let first: Buffer | null = null;
  const begin = (head: Buffer) => {
    st.kind = kindOf(head);
    if (st.kind === 'pcap' || st.kind === 'pcapng') {
      const t = new ConnectionTable(path, into, observer);
      st.table = t;
      st.capture = new CaptureReader((link, ts, buf, start, end) => t.packet(link, ts, buf, start, end));
      st.capture.push(head);
    } else if (st.kind !== 'unknown') {
      const r = st.kind === 'zeek-conn' ? new ZeekConnReader(path, into) : new CsvFlowReader(path, into);
      st.rowReader = r;
      st.lines = new LineSplitter((b, s, e) => r.push(b, s, e));
      st.lines.push(head);
    }
  };
  try {
    for await (const chunk of stream) {
      bytes += chunk.length;
      if (st.kind !== null) {
        st.capture?.push(chunk);
        st.lines?.push(chunk);
        continue;
      }
      if (first === null && chunk.length >= 64) {
        begin(chunk);
        continue;
      }
      first = Buffer.concat(first ? [first, chunk] : [chunk]); // a copy: the chunk's memory is reused
      if (first.length >= 64) (begin(first), (first = null)); // decide on enough bytes
    }
  } catch (e) {
    // a gzip stream cut short or corrupted: keep what was decoded
    problems.push(`${gzip ? 'gzip' : 'read'} error after ${bytes} bytes: ${(e as Error).message}`);
  }
  if (st.kind === null && first) begin(first);
  let truncated = false;
  let packets: number | null = null;
  if (st.capture && st.table) {
    const s = st.capture.end();
    truncated = s.truncated;
    packets = s.packets;
    if (s.problem) problems.push(s.problem);
    st.table.finish();
  }
  if (st.lines && st.rowReader) {
    st.lines.end();
    problems.push(...st.rowReader.stats.problems);
    if (st.lines.overlong) problems.push(`${st.lines.overlong} line(s) longer than 1 MiB skipped`);
  }
  if (st.kind === null || st.kind === 'unknown') problems.push(bytes === 0 ? 'empty file' : 'not a capture, Zeek conn.log or CSV flow file');
  return {
    file: path,
    format: st.kind ?? 'unknown',
    gzip,
    bytes,
    packets,
    undecodablePackets: st.table ? st.table.undecodable : null,
    rows: st.rowReader ? st.rowReader.stats.rows : null,
    skippedRows: st.rowReader ? st.rowReader.stats.skipped : null,
    flows: st.table ? st.table.emitted : (st.rowReader?.stats.rows ?? 0),
    truncated,
    problems,
  };
}
