/**
 * NetBIOS session service framing (RFC 1002 §4.3, as used by direct-hosted SMB on 445/139): a 4-byte header,
 * type 0x00 for session messages, and a 24-bit big-endian length. The framer never trusts the declared length
 * for allocation: `Conn.read` caps what it buffers at `maxBytes`.
 */
import type { Framer } from '../../net/conn.js';

export const nbssFrame = (payload: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUIntBE(payload.length, 1, 3);
  return Buffer.concat([head, payload]);
};

/** Length of the first complete NBSS message (header included), or undefined while more bytes are needed. */
export const nbssFramer: Framer = (buf) => {
  if (buf.length < 4) return undefined;
  const total = 4 + buf.readUIntBE(1, 3);
  return buf.length >= total ? total : undefined;
};

/** The payload of one framed message; keep-alives (type 0x85) and other session packets yield an empty buffer. */
export const nbssPayload = (frame: Buffer): Buffer => (frame[0] === 0x00 ? frame.subarray(4) : Buffer.alloc(0));
