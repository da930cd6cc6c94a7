/**
 * A small HTTP/1.x response reader for one GET: status line, headers, and the start of the body, enough to find
 * the title and any login form. Works on whatever arrived (the body is capped by the probe); never throws on
 * garbage, never allocates from Content-Length.
 */
export interface ParsedResponse {
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>; // lower-cased names, in order
  readonly body: Buffer;
  readonly complete: boolean; // headers ended and the body is whole (Content-Length reached or chunked end seen)
}

const MAX_HEADERS = 100;

/** Null when the bytes are not (yet) an HTTP response head. */
export function parseResponse(buf: Buffer): ParsedResponse | null {
  const headEnd = buf.indexOf('\r\n\r\n');
  const lfEnd = headEnd < 0 ? buf.indexOf('\n\n') : -1;
  const end = headEnd >= 0 ? headEnd + 4 : lfEnd >= 0 ? lfEnd + 2 : -1;
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString('latin1').split(/\r?\n/);
  const m = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1, 1 + MAX_HEADERS)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim().slice(0, 1024)]);
  }
  const body = buf.subarray(end);
  const cl = headers.find(([k]) => k === 'content-length')?.[1];
  const chunked = headers.some(([k, v]) => k === 'transfer-encoding' && /chunked/i.test(v));
  const complete = chunked ? body.includes('\r\n0\r\n') || body.subarray(0, 3).toString() === '0\r\n' : cl !== undefined && /^\d+$/.test(cl) && body.length >= Number(cl);
  return { version: m[1]!, status: Number(m[2]), reason: (m[3] ?? '').slice(0, 200), headers, body, complete };
}

export const header = (r: ParsedResponse, name: string): string | null => r.headers.find(([k]) => k === name)?.[1] ?? null;
export const headersNamed = (r: ParsedResponse, name: string): string[] => r.headers.filter(([k]) => k === name).map(([, v]) => v);

/** Chunked bodies: join the chunks we have; stop at the first malformed size line. */
export function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let off = 0;
  while (off < body.length) {
    const eol = body.indexOf('\r\n', off);
    if (eol < 0) break;
    const size = parseInt(body.subarray(off, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size <= 0) break;
    out.push(body.subarray(eol + 2, Math.min(eol + 2 + size, body.length)));
    off = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

const decodeEntities = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? '');

export function pageTitle(html: string): string | null {
  const m = /<title[^>]*>([^<]{0,300})/i.exec(html);
  if (!m) return null;
  const t = decodeEntities(m[1]!).replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 200) : null;
}

/** A form that asks for a password (type=password input), the mark of a login page. */
export const hasPasswordField = (html: string): boolean => /<input[^>]*type\s*=\s*["']?password/i.test(html);
