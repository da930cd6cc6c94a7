/**
 * The first RDP exchange (MS-RDPBCGR 2.2.1.1–2.2.1.2): a TPKT-framed X.224 Connection Request carrying
 * RDP_NEG_REQ with the security protocols we offer, and the Connection Confirm with RDP_NEG_RSP (the protocol the
 * server picked) or RDP_NEG_FAILURE (why it refused). The parser accepts any bytes and returns undefined for
 * anything that is not a well-formed Connection Confirm.
 */
import type { Framer } from '../../net/conn.js';

export const Proto = { rdp: 0, ssl: 1, hybrid: 2, rdstls: 4, hybridEx: 8 } as const;

export const FAILURES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

export function connectionRequest(requestedProtocols: number): Buffer {
  const b = Buffer.alloc(19);
  b.writeUInt8(3, 0); // TPKT version
  b.writeUInt16BE(19, 2);
  b[4] = 14; // X.224 length indicator: the 6 fixed bytes plus the 8-byte RDP_NEG_REQ
  b[5] = 0xe0; // CR
  b[11] = 0x01; // RDP_NEG_REQ
  b.writeUInt16LE(8, 13);
  b.writeUInt32LE(requestedProtocols, 15);
  return b;
}

export const tpktFramer: Framer = (buf) => {
  if (buf.length < 4) return undefined;
  if (buf[0] !== 3) return buf.length; // not TPKT: hand everything over for the parser to reject
  const len = buf.readUInt16BE(2);
  if (len < 4) return buf.length;
  return buf.length >= len ? len : undefined;
};

export type ConnectionConfirm =
  | { kind: 'selected'; protocol: number } // RDP_NEG_RSP
  | { kind: 'failure'; code: number; reason: string } // RDP_NEG_FAILURE
  | { kind: 'legacy' }; // a CC without negotiation data: pre-Vista servers speak standard RDP security only

export function parseConnectionConfirm(b: Buffer): ConnectionConfirm | undefined {
  if (b.length < 11 || b[0] !== 3 || b.readUInt16BE(2) !== b.length) return undefined;
  const li = b[4]!;
  if ((b[5]! & 0xf0) !== 0xd0 || li < 6 || 5 + li > b.length) return undefined;
  if (li < 6 + 8) return { kind: 'legacy' };
  const type = b[11]!;
  if (b.readUInt16LE(13) !== 8) return undefined;
  const value = b.readUInt32LE(15);
  if (type === 0x02) return { kind: 'selected', protocol: value };
  if (type === 0x03) return { kind: 'failure', code: value, reason: FAILURES[value] ?? `code ${value}` };
  return undefined;
}
