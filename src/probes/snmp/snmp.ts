/**
 * SNMP v1/v2c GetRequest and GetResponse (RFC 1157, RFC 3416) built on the BER subset in ber.ts. Only GET of
 * named scalars: no GETNEXT/GETBULK walks (they load weak agents), no SET anywhere in the code.
 */
import { decInteger, decOid, decUnsigned, encInteger, encOid, readChildren, readTlv, Tag, tlv } from './ber.js';

export type SnmpVersion = 'v1' | 'v2c';
const VERSION_NUMBER: Record<SnmpVersion, number> = { v1: 0, v2c: 1 };

export function getRequest(version: SnmpVersion, community: string, requestId: number, oids: readonly string[]): Buffer {
  const varbinds = tlv(Tag.sequence, ...oids.map((o) => tlv(Tag.sequence, encOid(o), tlv(Tag.null))));
  const pdu = tlv(Tag.getRequest, encInteger(requestId), encInteger(0), encInteger(0), varbinds);
  return tlv(Tag.sequence, encInteger(VERSION_NUMBER[version]), tlv(Tag.octetString, Buffer.from(community, 'latin1')), pdu);
}

export type SnmpValue =
  | { type: 'string'; value: string; hex: string }
  | { type: 'oid'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'unsigned'; value: number | string }
  | { type: 'ip'; value: string }
  | { type: 'null' | 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' };

export interface GetResponse {
  readonly version: number;
  readonly community: string;
  readonly requestId: number;
  readonly errorStatus: number;
  readonly varbinds: ReadonlyArray<{ oid: string; value: SnmpValue }>;
}

function decodeValue(tag: number, v: Buffer): SnmpValue | undefined {
  switch (tag) {
    case Tag.octetString:
      return { type: 'string', value: v.toString('utf8').replace(/\0+$/, ''), hex: v.subarray(0, 256).toString('hex') };
    case Tag.oid: {
      const o = decOid(v);
      return o === undefined ? undefined : { type: 'oid', value: o };
    }
    case Tag.integer: {
      const n = decInteger(v);
      return n === undefined ? undefined : { type: 'integer', value: n };
    }
    case Tag.counter32:
    case Tag.gauge32:
    case Tag.timeTicks:
    case Tag.counter64: {
      const n = decUnsigned(v);
      return n === undefined ? undefined : { type: 'unsigned', value: typeof n === 'bigint' ? n.toString() : n };
    }
    case Tag.ipAddress:
      return v.length === 4 ? { type: 'ip', value: [...v].join('.') } : undefined;
    case Tag.null:
      return { type: 'null' };
    case Tag.noSuchObject:
      return { type: 'noSuchObject' };
    case Tag.noSuchInstance:
      return { type: 'noSuchInstance' };
    case Tag.endOfMibView:
      return { type: 'endOfMibView' };
    default:
      return undefined;
  }
}

/** Parses a GetResponse; undefined for anything else or anything malformed. */
export function parseGetResponse(buf: Buffer): GetResponse | undefined {
  const msg = readTlv(buf);
  if (!msg || msg.tag !== Tag.sequence) return undefined;
  const parts = readChildren(msg.value, 3);
  if (!parts || parts.length !== 3) return undefined;
  const [ver, comm, pdu] = parts as [typeof parts[0], typeof parts[0], typeof parts[0]];
  if (ver!.tag !== Tag.integer || comm!.tag !== Tag.octetString || pdu!.tag !== Tag.getResponse) return undefined;
  const fields = readChildren(pdu!.value, 4);
  if (!fields || fields.length !== 4 || fields.slice(0, 3).some((f) => f.tag !== Tag.integer) || fields[3]!.tag !== Tag.sequence)
    return undefined;
  const version = decInteger(ver!.value);
  const requestId = decInteger(fields[0]!.value);
  const errorStatus = decInteger(fields[1]!.value);
  const list = readChildren(fields[3]!.value, 64);
  if (version === undefined || requestId === undefined || errorStatus === undefined || !list) return undefined;
  const varbinds: Array<{ oid: string; value: SnmpValue }> = [];
  for (const vb of list) {
    const kv = vb.tag === Tag.sequence ? readChildren(vb.value, 2) : undefined;
    if (!kv || kv.length !== 2 || kv[0]!.tag !== Tag.oid) return undefined;
    const oid = decOid(kv[0]!.value);
    const value = decodeValue(kv[1]!.tag, kv[1]!.value);
    if (oid === undefined || value === undefined) return undefined;
    varbinds.push({ oid, value });
  }
  return { version, community: comm!.value.toString('latin1'), requestId, errorStatus, varbinds };
}
