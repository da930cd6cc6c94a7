/**
 * A hand-built SSLv3/TLS 1.0 ClientHello with the cipher suites of another era (RC4, DES, 3DES, EXPORT, NULL,
 * anonymous), and a parser that reads only the server's first answer: a ServerHello or an Alert. Node's OpenSSL 3
 * cannot offer any of these, so without this an XP-era device fails every Node handshake and would look clean.
 * The parser never trusts a peer-declared length for allocation: it only slices what has arrived.
 */
import { randomBytes } from 'node:crypto';

/** IANA names of the suites we offer (and a few a broken server might pick anyway). */
export const SUITE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0001, 'TLS_RSA_WITH_NULL_MD5'],
  [0x0002, 'TLS_RSA_WITH_NULL_SHA'],
  [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5'],
  [0x0004, 'TLS_RSA_WITH_RC4_128_MD5'],
  [0x0005, 'TLS_RSA_WITH_RC4_128_SHA'],
  [0x0006, 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5'],
  [0x0007, 'TLS_RSA_WITH_IDEA_CBC_SHA'],
  [0x0008, 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0009, 'TLS_RSA_WITH_DES_CBC_SHA'],
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x0013, 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA'],
  [0x0014, 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0015, 'TLS_DHE_RSA_WITH_DES_CBC_SHA'],
  [0x0016, 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x0018, 'TLS_DH_anon_WITH_RC4_128_MD5'],
  [0x001b, 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA'],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA'],
  [0x0034, 'TLS_DH_anon_WITH_AES_128_CBC_SHA'],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA'],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA'],
  [0x003a, 'TLS_DH_anon_WITH_AES_256_CBC_SHA'],
  [0xc006, 'TLS_ECDHE_ECDSA_WITH_NULL_SHA'],
  [0xc007, 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA'],
  [0xc008, 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA'],
  [0xc010, 'TLS_ECDHE_RSA_WITH_NULL_SHA'],
  [0xc011, 'TLS_ECDHE_RSA_WITH_RC4_128_SHA'],
  [0xc012, 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'],
]);

export const suiteName = (id: number): string =>
  SUITE_NAMES.get(id) ?? `0x${id.toString(16).padStart(4, '0')}`;

export interface LegacyOfferSpec {
  readonly name: 'SSLv3' | 'TLSv1-RC4' | 'TLSv1-DES' | 'TLSv1-EXPORT-NULL-ANON';
  readonly version: 0x0300 | 0x0301;
  readonly suites: readonly number[];
}

const SCSV = 0x00ff; // TLS_EMPTY_RENEGOTIATION_INFO_SCSV: harmless, and some stacks want it

/** One connection each. SSLv3 carries modern CBC suites too, so an SSLv3-capable server always has a choice. */
export const LEGACY_OFFERS: readonly LegacyOfferSpec[] = [
  { name: 'SSLv3', version: 0x0300, suites: [0x0004, 0x0005, 0x000a, 0x0009, 0x0016, 0x002f, 0x0035, 0x0033, 0x0039, SCSV] },
  { name: 'TLSv1-RC4', version: 0x0301, suites: [0x0005, 0x0004, 0xc011, 0xc007, SCSV] },
  { name: 'TLSv1-DES', version: 0x0301, suites: [0x000a, 0xc012, 0xc008, 0x0016, 0x0013, 0x0009, 0x0015, 0x0007, SCSV] },
  {
    name: 'TLSv1-EXPORT-NULL-ANON',
    version: 0x0301,
    suites: [0x0003, 0x0006, 0x0008, 0x0014, 0x0001, 0x0002, 0xc010, 0xc006, 0x0018, 0x001b, 0x0034, 0x003a, SCSV],
  },
];

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);

function extensions(): Buffer {
  // EC groups and point formats so ECDHE suites are possible; nothing else (an SSLv3-era parser may choke).
  const groups = Buffer.concat([u16(0x000a), u16(8), u16(6), u16(0x0017), u16(0x0018), u16(0x0019)]);
  const points = Buffer.concat([u16(0x000b), u16(2), Buffer.from([1, 0])]);
  const body = Buffer.concat([groups, points]);
  return Buffer.concat([u16(body.length), body]);
}

export function buildClientHello(offer: LegacyOfferSpec, random: Buffer = randomBytes(32)): Buffer {
  const suites = Buffer.concat(offer.suites.map(u16));
  const body = Buffer.concat([
    u16(offer.version),
    random,
    Buffer.from([0]), // no session id
    u16(suites.length),
    suites,
    Buffer.from([1, 0]), // null compression only
    offer.version === 0x0300 ? Buffer.alloc(0) : extensions(),
  ]);
  const handshake = Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, offer.version & 0xff]), u16(handshake.length), handshake]);
}

export type ServerReply =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'not-tls'; readonly why: string }
  | { readonly kind: 'alert'; readonly level: number; readonly description: number }
  | { readonly kind: 'server-hello'; readonly version: number; readonly cipherSuite: number; readonly compression: number };

const MAX_RECORD = 16384 + 2048;
const MAX_HELLO = 64 * 1024;

export const versionName = (v: number): string =>
  ({ 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' })[v] ??
  `0x${v.toString(16).padStart(4, '0')}`;

const ALERTS: Record<number, string> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 40: 'handshake_failure', 47: 'illegal_parameter',
  50: 'decode_error', 51: 'decrypt_error', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error',
  86: 'inappropriate_fallback', 90: 'user_canceled', 112: 'unrecognized_name',
};
export const alertName = (d: number): string => ALERTS[d] ?? `alert ${d}`;

/**
 * Reads the first answer to a ClientHello from the bytes received so far. Handshake records are joined (a
 * ServerHello may be split) up to a bounded size; anything that is not a TLS record ends the parse.
 */
export function parseServerReply(buf: Buffer): ServerReply {
  let off = 0;
  const hs: Buffer[] = [];
  let hsLen = 0;
  while (off + 5 <= buf.length) {
    const type = buf[off]!;
    const major = buf[off + 1]!;
    const minor = buf[off + 2]!;
    const len = buf.readUInt16BE(off + 3);
    if (major !== 3 || minor > 4) return { kind: 'not-tls', why: 'not a TLS record header' };
    if (len === 0 || len > MAX_RECORD) return { kind: 'not-tls', why: `TLS record length ${len} out of range` };
    if (type === 0x15) {
      if (hsLen > 0) return { kind: 'not-tls', why: 'alert inside a split handshake message' };
      if (off + 5 + 2 > buf.length) return { kind: 'incomplete' };
      return { kind: 'alert', level: buf[off + 5]!, description: buf[off + 6]! };
    }
    if (type !== 0x16) return { kind: 'not-tls', why: `record type ${type} before ServerHello` };
    const end = Math.min(off + 5 + len, buf.length);
    hs.push(buf.subarray(off + 5, end));
    hsLen += end - off - 5;
    if (hsLen > MAX_HELLO) return { kind: 'not-tls', why: 'handshake data too long' };
    const msg = hs.length === 1 ? hs[0]! : Buffer.concat(hs, hsLen);
    if (msg.length >= 4) {
      if (msg[0] !== 2) return { kind: 'not-tls', why: `handshake message ${msg[0]} instead of ServerHello` };
      const bodyLen = msg.readUIntBE(1, 3);
      if (bodyLen < 38 || bodyLen > MAX_HELLO) return { kind: 'not-tls', why: `ServerHello length ${bodyLen} out of range` };
      if (msg.length >= 4 + bodyLen) return parseServerHelloBody(msg.subarray(4, 4 + bodyLen));
    }
    if (end < off + 5 + len) return { kind: 'incomplete' };
    off = end;
  }
  return { kind: 'incomplete' };
}

function parseServerHelloBody(b: Buffer): ServerReply {
  const version = b.readUInt16BE(0);
  const sidLen = b[34]!;
  if (sidLen > 32) return { kind: 'not-tls', why: `session id length ${sidLen}` };
  const at = 35 + sidLen;
  if (at + 3 > b.length) return { kind: 'not-tls', why: 'ServerHello truncated' };
  return { kind: 'server-hello', version, cipherSuite: b.readUInt16BE(at), compression: b[at + 2]! };
}
