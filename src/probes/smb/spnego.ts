/**
 * The two SPNEGO tokens (RFC 4178) needed to carry NTLMSSP inside SMB SESSION_SETUP: a NegTokenInit offering
 * only NTLMSSP, and a NegTokenResp carrying our anonymous AUTHENTICATE. Replies are not parsed as DER: the
 * NTLMSSP message is found by its signature, which tolerates every wrapper servers use.
 */
const derLen = (n: number): Buffer =>
  n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
export const der = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);
};

const SPNEGO_OID = Buffer.from('06062b0601050502', 'hex'); // 1.3.6.1.5.5.2
const NTLMSSP_OID = Buffer.from('060a2b0601040182370202 0a'.replace(/ /g, ''), 'hex'); // 1.3.6.1.4.1.311.2.2.10

export const spnegoInit = (ntlm: Buffer): Buffer =>
  der(0x60, SPNEGO_OID, der(0xa0, der(0x30, der(0xa0, der(0x30, NTLMSSP_OID)), der(0xa2, der(0x04, ntlm)))));

export const spnegoResponse = (ntlm: Buffer): Buffer => der(0xa1, der(0x30, der(0xa2, der(0x04, ntlm))));
