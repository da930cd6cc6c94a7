/**
 * The documented CSV flow format (docs/segmentation.md) for firewall and NetFlow exports: a header row naming the
 * columns, in any order — src, dst, dst_port (required), proto (tcp/udp, default tcp), bytes, packets, first_seen,
 * last_seen (ISO 8601 or Unix seconds). Common export spellings are accepted as aliases. Bad rows are skipped
 * and counted, the first few reported with their line numbers.
 */
import { FlowRowReader } from './row-reader.js';

const ALIASES: Record<string, string> = {
  src: 'src', source: 'src', src_addr: 'src', srcaddr: 'src', src_ip: 'src', sa: 'src',
  dst: 'dst', destination: 'dst', dst_addr: 'dst', dstaddr: 'dst', dst_ip: 'dst', da: 'dst',
  dst_port: 'dst_port', dport: 'dst_port', dstport: 'dst_port', dp: 'dst_port',
  proto: 'proto', protocol: 'proto', pr: 'proto',
  bytes: 'bytes', ibyt: 'bytes', packets: 'packets', pkts: 'packets', ipkt: 'packets',
  first_seen: 'first_seen', start: 'first_seen', ts: 'first_seen', last_seen: 'last_seen', end: 'last_seen', te: 'last_seen',
};

/** Splits one CSV line; double-quoted fields may hold commas and "" escapes. */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

const time = (v: string | undefined): number => (v === undefined || v === '' ? NaN : /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v));

export class CsvFlowReader extends FlowRowReader {
  private cols: Record<string, number> | null = null;

  override push(buf: Buffer, start: number, end: number): void {
    this.lineNo++;
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '' || text.startsWith('#')) return;
    const cells = splitCsv(text).map((c) => c.trim());
    if (!this.cols) {
      const cols: Record<string, number> = {};
      cells.forEach((c, i) => {
        const k = ALIASES[c.toLowerCase()];
        if (k && !(k in cols)) cols[k] = i;
      });
      const missing = ['src', 'dst', 'dst_port'].filter((k) => !(k in cols));
      if (missing.length) return this.skip(`the header row must name src, dst and dst_port (missing: ${missing.join(', ')})`);
      this.cols = cols;
      return;
    }
    const g = (k: string): string | undefined => (this.cols![k] === undefined ? undefined : cells[this.cols![k]!]);
    const port = Number(g('dst_port'));
    if (!Number.isInteger(port) || port < 0 || port > 65535) return this.skip(`bad dst_port ${JSON.stringify(g('dst_port'))}`);
    const protoText = (g('proto') ?? 'tcp').toLowerCase();
    const proto = protoText === '6' ? 'tcp' : protoText === '17' ? 'udp' : protoText;
    if (proto !== 'tcp' && proto !== 'udp') return this.skip(`protocol ${JSON.stringify(protoText)} has no ports to judge`);
    const src = g('src');
    const dst = g('dst');
    if (!src || !dst) return this.skip('empty src or dst');
    const first = time(g('first_seen'));
    const last = time(g('last_seen'));
    const n = (v: string | undefined) => (v && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : 0);
    this.stats.rows++;
    this.into.add(src, dst, proto, port, n(g('bytes')), n(g('packets')), first, Number.isNaN(last) ? first : last, this.source);
  }
}
