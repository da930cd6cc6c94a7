/**
 * RFB (VNC) handshake parsing, RFC 6143 §7.1: the 12-byte ProtocolVersion and the security-type offer (3.7+: a
 * count and a list; 3.3: one u32 chosen by the server; 0 = failure followed by a reason). Reads only what
 * arrived; a reason longer than 1 KB is cut, never buffered whole.
 */
export interface RfbVersion {
  readonly major: number;
  readonly minor: number;
  readonly raw: string; // 'RFB 003.008'
}

export function parseVersion(buf: Buffer): RfbVersion | null {
  if (buf.length < 12) return null;
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(buf.subarray(0, 12).toString('latin1'));
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), raw: `RFB ${m[1]}.${m[2]}` };
}

/** The version we answer with: 3.8 if the server speaks it or later, 3.7, else 3.3 (RFC 6143 §7.1.1). */
export function replyVersion(v: RfbVersion): '003.008' | '003.007' | '003.003' {
  if (v.major > 3 || (v.major === 3 && v.minor >= 8)) return '003.008';
  if (v.major === 3 && v.minor === 7) return '003.007';
  return '003.003';
}

export type SecurityOffer =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'types'; readonly types: readonly number[]; readonly length: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly length: number };

const MAX_REASON = 1024;

/** Parses the server's security offer for the version we answered with. */
export function parseSecurity(buf: Buffer, version: '003.008' | '003.007' | '003.003'): SecurityOffer {
  if (version === '003.003') {
    if (buf.length < 4) return { kind: 'incomplete' };
    const t = buf.readUInt32BE(0);
    if (t !== 0) return { kind: 'types', types: [t], length: 4 };
    return reason(buf, 4);
  }
  if (buf.length < 1) return { kind: 'incomplete' };
  const n = buf[0]!;
  if (n === 0) return reason(buf, 1);
  if (buf.length < 1 + n) return { kind: 'incomplete' };
  return { kind: 'types', types: [...buf.subarray(1, 1 + n)], length: 1 + n };
}

function reason(buf: Buffer, at: number): SecurityOffer {
  if (buf.length < at + 4) return { kind: 'incomplete' };
  const len = buf.readUInt32BE(at);
  const want = Math.min(len, MAX_REASON);
  if (buf.length < at + 4 + want) return { kind: 'incomplete' };
  const text = buf.subarray(at + 4, at + 4 + want).toString('latin1').replace(/[^\x20-\x7e]/g, '?');
  return { kind: 'failed', reason: text, length: at + 4 + want };
}

const NAMES: Record<number, string> = {
  1: 'None', 2: 'VNC Authentication', 5: 'RA2', 6: 'RA2ne', 16: 'Tight', 17: 'Ultra', 18: 'TLS', 19: 'VeNCrypt',
  20: 'SASL', 21: 'MD5 hash', 22: 'xvp', 30: 'Apple Remote Desktop', 113: 'MSLogonII',
};
export const securityName = (t: number): string => NAMES[t] ?? `type ${t}`;
