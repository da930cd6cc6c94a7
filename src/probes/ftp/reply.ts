/**
 * FTP reply framing (RFC 959 §4.2): "220 text" or a multi-line "220-…" block closed by a line starting "220 ".
 * Works on the bytes received so far; a reply longer than the caller's cap is the net layer's problem.
 */
export interface FtpReply {
  readonly code: number;
  readonly lines: readonly string[]; // text of each line without the code prefix
}

/** Byte length of the first complete reply in `buf`, or undefined while it is still arriving. */
export function replyLength(buf: Buffer): number | undefined {
  let off = 0;
  let code: string | null = null;
  for (let n = 0; n < 1000; n++) {
    const eol = buf.indexOf(0x0a, off);
    if (eol < 0) return undefined;
    const line = buf.subarray(off, eol).toString('latin1');
    off = eol + 1;
    if (code === null) {
      const m = /^(\d{3})([ -]|\r?$)/.exec(line);
      if (!m) return off; // not FTP: hand the line back so the caller can say so
      if (m[2] !== '-') return off;
      code = m[1]!;
    } else if (line.startsWith(`${code} `) || line.replace(/\r$/, '') === code) return off;
  }
  return off;
}

export function parseReply(bytes: Buffer): FtpReply | null {
  const lines = bytes.toString('latin1').split(/\r?\n/).filter((l, i, a) => l !== '' || i < a.length - 1);
  const m = /^(\d{3})/.exec(lines[0] ?? '');
  if (!m) return null;
  return {
    code: Number(m[1]),
    lines: lines.slice(0, 50).map((l) => l.replace(/^\d{3}[ -]?/, '').replace(/[^\x20-\x7e]/g, '?').slice(0, 300)),
  };
}
