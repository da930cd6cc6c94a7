/**
 * The subset of ASN.1 BER that SNMP v1/v2c needs (RFC 3416 over X.690): INTEGER, OCTET STRING, NULL, OBJECT
 * IDENTIFIER, SEQUENCE and the context-tagged PDUs, plus the application types agents return (IpAddress,
 * Counter32, Gauge32, TimeTicks, Counter64). The decoder works on any buffer: it checks every length against what
 * is left, refuses indefinite lengths and lengths over 4 bytes, limits nesting, and never allocates from a length.
 */
export interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
  readonly end: number; // offset after this TLV in the buffer it was read from
}

export const Tag = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  ipAddress: 0x40,
  counter32: 0x41,
  gauge32: 0x42,
  timeTicks: 0x43,
  opaque: 0x44,
  counter64: 0x46,
  noSuchObject: 0x80,
  noSuchInstance: 0x81,
  endOfMibView: 0x82,
  getRequest: 0xa0,
  getResponse: 0xa2,
} as const;

function encLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const v = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encLen(v.length), v]);
};

export function encInteger(n: number): Buffer {
  const bytes: number[] = [];
  let v = Math.trunc(n);
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v !== 0 && v !== -1);
  // Keep the sign bit honest: positive values whose top byte has bit 7 set need a leading zero, and vice versa.
  if (n >= 0 && bytes[0]! & 0x80) bytes.unshift(0);
  if (n < 0 && !(bytes[0]! & 0x80)) bytes.unshift(0xff);
  return tlv(Tag.integer, Buffer.from(bytes));
}

export function encOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isInteger(a) || a < 0)) throw new Error(`invalid OID "${oid}"`);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(Tag.oid, Buffer.from(out));
}

/** Reads one TLV at `at`; undefined when the bytes there are not a well-formed, complete TLV. */
export function readTlv(buf: Buffer, at = 0): Tlv | undefined {
  if (at + 2 > buf.length) return undefined;
  const tag = buf[at]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags never occur in SNMP
  let len = buf[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > buf.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > buf.length) return undefined;
  return { tag, value: buf.subarray(p, p + len), end: p + len };
}

/** All TLVs inside a constructed value; undefined if any is malformed or they do not fill it exactly. */
export function readChildren(value: Buffer, max = 256): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let p = 0; p < value.length; ) {
    const t = readTlv(value, p);
    if (!t || out.length >= max) return undefined;
    out.push(t);
    p = t.end;
  }
  return out;
}

/** INTEGER as a JS number; undefined when empty or wider than 6 bytes (not needed by anything SNMP sends us). */
export function decInteger(v: Buffer): number | undefined {
  if (v.length === 0 || v.length > 6) return undefined;
  return v.readIntBE(0, v.length);
}

export function decUnsigned(v: Buffer): number | bigint | undefined {
  if (v.length === 0 || v.length > 9) return undefined;
  let n = 0n;
  for (const b of v) n = n * 256n + BigInt(b);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

export function decOid(v: Buffer): string | undefined {
  if (v.length === 0 || v.length > 128) return undefined;
  const arcs: number[] = [];
  let cur = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    cur = cur * 128 + (b & 0x7f);
    if (cur > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if (!(b & 0x80)) {
      if (arcs.length === 0) arcs.push(cur < 80 ? Math.floor(cur / 40) : 2, cur < 80 ? cur % 40 : cur - 80);
      else arcs.push(cur);
      cur = 0;
    } else if (i === v.length - 1) return undefined;
  }
  return arcs.join('.');
}
