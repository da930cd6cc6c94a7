/**
 * The first CredSSP message (MS-CSSP 2.2.1 TSRequest) carrying an NTLMSSP NEGOTIATE, sent inside TLS when a
 * server selected NLA. Its reply carries the NTLMSSP CHALLENGE with the Windows version and host names; we stop
 * there and close, before any credential could be asked for. The framer reads one DER SEQUENCE.
 */
import type { Framer } from '../../net/conn.js';
import { der } from '../smb/spnego.js';

export const tsRequestNegotiate = (ntlm: Buffer): Buffer =>
  der(0x30, der(0xa0, der(0x02, Buffer.from([2]))), der(0xa1, der(0x30, der(0x30, der(0xa0, der(0x04, ntlm))))));

/** Length of one complete DER TLV at the start of the buffer. */
export const derFramer: Framer = (buf) => {
  if (buf.length < 2) return undefined;
  const first = buf[1]!;
  if (!(first & 0x80)) return buf.length >= 2 + first ? 2 + first : undefined;
  const n = first & 0x7f;
  if (n === 0 || n > 3) return buf.length; // indefinite or absurd: hand it over for the parser to reject
  if (buf.length < 2 + n) return undefined;
  const len = buf.readUIntBE(2, n);
  return buf.length >= 2 + n + len ? 2 + n + len : undefined;
};
