/**
 * DICOM Upper Layer PDUs (PS3.8 §9.3): encoders for what Radguard sends (A-ASSOCIATE-RQ, P-DATA-TF,
 * A-RELEASE-RQ/RP, A-ABORT) and one total parser for whatever a peer sends back. The parser never throws and never
 * allocates from a length the peer declares: every length is checked against the bytes actually present, and
 * anything inconsistent becomes `{ type: 'invalid', problem }` — a hostile "PACS" can send anything.
 */

export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PData: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

export const PDU_HEADER_BYTES = 6;
/** Largest PDU we accept from a peer. ACs are a few hundred bytes; P-DATA is capped by our advertised max. */
export const MAX_INBOUND_PDU = 256 * 1024;
/** What we advertise as our maximum receive PDU length. */
export const OUR_MAX_PDU = 16384;

export interface RoleSelection {
  readonly sopClassUid: string;
  readonly scu: boolean;
  readonly scp: boolean;
}

export interface UserIdentityRq {
  readonly type: 1 | 2 | 3 | 4 | 5; // 1 username, 2 username+passcode, 3 Kerberos, 4 SAML, 5 JWT
  readonly positiveResponseRequested: boolean;
  readonly primary: Buffer;
  readonly secondary?: Buffer;
}

export interface UserInformation {
  readonly maxPduLength: number | null; // 0 means unlimited
  readonly implementationClassUid: string | null;
  readonly implementationVersionName: string | null;
  readonly asyncOps: { readonly invoked: number; readonly performed: number } | null;
  readonly roleSelections: readonly RoleSelection[];
  /** Present only when the acceptor answered a user-identity request (0x59): it negotiates user identity. */
  readonly userIdentityResponseBytes: number | null;
  readonly userIdentityRq: UserIdentityRq | null;
  readonly unknownSubItems: readonly number[];
}

export interface PresentationContextRq {
  readonly id: number;
  readonly abstractSyntax: string;
  readonly transferSyntaxes: readonly string[];
}

export interface PresentationContextAc {
  readonly id: number;
  readonly result: number; // 0 acceptance, 1 user-rejection, 2 no-reason, 3 abstract syntax, 4 transfer syntaxes
  readonly transferSyntax: string | null;
}

export interface AssociateRq {
  readonly type: 'associate-rq';
  readonly protocolVersion: number;
  readonly calledAe: string;
  readonly callingAe: string;
  readonly applicationContext: string | null;
  readonly contexts: readonly PresentationContextRq[];
  readonly userInfo: UserInformation;
}

export interface AssociateAc {
  readonly type: 'associate-ac';
  readonly protocolVersion: number;
  readonly calledAe: string;
  readonly callingAe: string;
  readonly applicationContext: string | null;
  readonly contexts: readonly PresentationContextAc[];
  readonly userInfo: UserInformation;
}

export interface AssociateRj {
  readonly type: 'associate-rj';
  readonly result: number;
  readonly source: number;
  readonly reason: number;
}

export interface Pdv {
  readonly contextId: number;
  readonly isCommand: boolean;
  readonly isLast: boolean;
  readonly data: Buffer;
}

export interface PData {
  readonly type: 'p-data';
  readonly pdvs: readonly Pdv[];
}

export interface Abort {
  readonly type: 'abort';
  readonly source: number;
  readonly reason: number;
}

export type Pdu =
  | AssociateRq
  | AssociateAc
  | AssociateRj
  | PData
  | { readonly type: 'release-rq' }
  | { readonly type: 'release-rp' }
  | Abort
  | { readonly type: 'invalid'; readonly problem: string; readonly pduType: number };

// ---------------------------------------------------------------------------------------------------------------
// Encoding

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');

function item(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h.writeUInt16BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function pdu(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(PDU_HEADER_BYTES);
  h[0] = type;
  h.writeUInt32BE(body.length, 2);
  return Buffer.concat([h, body]);
}

/** AE titles are 1–16 characters of the default repertoire, no backslash or control characters (PS3.5 §6.2). */
export function isValidAeTitle(ae: string): boolean {
  return ae.trim().length > 0 && ae.length <= 16 && /^[\x20-\x7e]+$/.test(ae) && !ae.includes('\\');
}

function aeField(ae: string): Buffer {
  const b = Buffer.alloc(16, 0x20);
  b.write(ae.slice(0, 16), 'latin1');
  return b;
}

export interface AssociateRqInput {
  readonly calledAe: string;
  readonly callingAe: string;
  readonly contexts: readonly PresentationContextRq[];
  readonly maxPduLength?: number;
  readonly implementationClassUid: string;
  readonly implementationVersionName?: string;
  readonly asyncOps?: { invoked: number; performed: number };
  readonly roleSelections?: readonly RoleSelection[];
  readonly userIdentity?: UserIdentityRq;
  /** Overrides for tests and fakes (an acceptor echoes these back). */
  readonly applicationContext?: string;
}

function userInformationItem(input: {
  maxPduLength: number;
  implementationClassUid: string;
  implementationVersionName?: string;
  asyncOps?: { invoked: number; performed: number };
  roleSelections?: readonly RoleSelection[];
  userIdentity?: UserIdentityRq;
  userIdentityResponse?: Buffer;
}): Buffer {
  const subs: Buffer[] = [];
  const max = Buffer.alloc(4);
  max.writeUInt32BE(input.maxPduLength >>> 0);
  subs.push(item(0x51, max));
  subs.push(item(0x52, ascii(input.implementationClassUid)));
  if (input.asyncOps) {
    const b = Buffer.alloc(4);
    b.writeUInt16BE(input.asyncOps.invoked, 0);
    b.writeUInt16BE(input.asyncOps.performed, 2);
    subs.push(item(0x53, b));
  }
  for (const r of input.roleSelections ?? []) {
    const uid = ascii(r.sopClassUid);
    const b = Buffer.alloc(2 + uid.length + 2);
    b.writeUInt16BE(uid.length, 0);
    uid.copy(b, 2);
    b[2 + uid.length] = r.scu ? 1 : 0;
    b[3 + uid.length] = r.scp ? 1 : 0;
    subs.push(item(0x54, b));
  }
  if (input.implementationVersionName) subs.push(item(0x55, ascii(input.implementationVersionName.slice(0, 16))));
  if (input.userIdentity) {
    const u = input.userIdentity;
    const secondary = u.secondary ?? Buffer.alloc(0);
    const b = Buffer.alloc(2 + 2 + u.primary.length + 2 + secondary.length);
    b[0] = u.type;
    b[1] = u.positiveResponseRequested ? 1 : 0;
    b.writeUInt16BE(u.primary.length, 2);
    u.primary.copy(b, 4);
    b.writeUInt16BE(secondary.length, 4 + u.primary.length);
    secondary.copy(b, 6 + u.primary.length);
    subs.push(item(0x58, b));
  }
  if (input.userIdentityResponse) {
    const b = Buffer.alloc(2 + input.userIdentityResponse.length);
    b.writeUInt16BE(input.userIdentityResponse.length, 0);
    input.userIdentityResponse.copy(b, 2);
    subs.push(item(0x59, b));
  }
  return item(0x50, Buffer.concat(subs));
}

function associateHeader(calledAe: string, callingAe: string): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0); // protocol version 1
  aeField(calledAe).copy(fixed, 4);
  aeField(callingAe).copy(fixed, 20);
  return fixed;
}

export function encodeAssociateRq(input: AssociateRqInput): Buffer {
  const parts: Buffer[] = [associateHeader(input.calledAe, input.callingAe)];
  parts.push(item(0x10, ascii(input.applicationContext ?? '1.2.840.10008.3.1.1.1')));
  for (const pc of input.contexts) {
    const subs = [item(0x30, ascii(pc.abstractSyntax)), ...pc.transferSyntaxes.map((ts) => item(0x40, ascii(ts)))];
    parts.push(item(0x20, Buffer.concat([Buffer.from([pc.id, 0, 0, 0]), ...subs])));
  }
  parts.push(
    userInformationItem({
      maxPduLength: input.maxPduLength ?? OUR_MAX_PDU,
      implementationClassUid: input.implementationClassUid,
      ...(input.implementationVersionName ? { implementationVersionName: input.implementationVersionName } : {}),
      ...(input.asyncOps ? { asyncOps: input.asyncOps } : {}),
      ...(input.roleSelections ? { roleSelections: input.roleSelections } : {}),
      ...(input.userIdentity ? { userIdentity: input.userIdentity } : {}),
    }),
  );
  return pdu(PduType.AssociateRq, Buffer.concat(parts));
}

export interface AssociateAcInput {
  readonly calledAe: string;
  readonly callingAe: string;
  readonly contexts: readonly PresentationContextAc[];
  readonly maxPduLength: number;
  readonly implementationClassUid: string;
  readonly implementationVersionName?: string;
  readonly userIdentityResponse?: Buffer;
}

/** Used by fakes and tests (an acceptor's answer); Radguard itself never accepts associations. */
export function encodeAssociateAc(input: AssociateAcInput): Buffer {
  const parts: Buffer[] = [associateHeader(input.calledAe, input.callingAe)];
  parts.push(item(0x10, ascii('1.2.840.10008.3.1.1.1')));
  for (const pc of input.contexts) {
    const ts = pc.transferSyntax === null ? Buffer.alloc(0) : item(0x40, ascii(pc.transferSyntax));
    parts.push(item(0x21, Buffer.concat([Buffer.from([pc.id, 0, pc.result, 0]), ts])));
  }
  parts.push(
    userInformationItem({
      maxPduLength: input.maxPduLength,
      implementationClassUid: input.implementationClassUid,
      ...(input.implementationVersionName ? { implementationVersionName: input.implementationVersionName } : {}),
      ...(input.userIdentityResponse ? { userIdentityResponse: input.userIdentityResponse } : {}),
    }),
  );
  return pdu(PduType.AssociateAc, Buffer.concat(parts));
}

export const encodeAssociateRj = (result: number, source: number, reason: number): Buffer =>
  pdu(PduType.AssociateRj, Buffer.from([0, result, source, reason]));

export const encodeReleaseRq = (): Buffer => pdu(PduType.ReleaseRq, Buffer.alloc(4));
export const encodeReleaseRp = (): Buffer => pdu(PduType.ReleaseRp, Buffer.alloc(4));
/** A-ABORT from the service user (source 0, reason 0): what an SCU sends to end an association at once. */
export const encodeAbort = (source = 0, reason = 0): Buffer => pdu(PduType.Abort, Buffer.from([0, 0, source, reason]));

/** One P-DATA-TF carrying the given PDVs (each already within the peer's max PDU). */
export function encodePData(pdvs: readonly Pdv[]): Buffer {
  const parts = pdvs.map((p) => {
    const h = Buffer.alloc(6);
    h.writeUInt32BE(p.data.length + 2, 0);
    h[4] = p.contextId;
    h[5] = (p.isCommand ? 1 : 0) | (p.isLast ? 2 : 0);
    return Buffer.concat([h, p.data]);
  });
  return pdu(PduType.PData, Buffer.concat(parts));
}

/**
 * Splits one DIMSE message part (command or data set) into P-DATA-TF PDUs that respect the peer's max PDU length
 * (0 = unlimited). 12 bytes per PDU go to the PDU and PDV headers.
 */
export function fragment(contextId: number, isCommand: boolean, data: Buffer, peerMaxPdu: number): Buffer[] {
  const room = peerMaxPdu > 12 ? peerMaxPdu - 12 : Math.max(data.length, 1);
  const out: Buffer[] = [];
  for (let off = 0; off < data.length || out.length === 0; off += room) {
    const chunk = data.subarray(off, off + room);
    out.push(encodePData([{ contextId, isCommand, isLast: off + room >= data.length, data: chunk }]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Text fields are padded with spaces (AE titles) or NULs (UIDs); both are trimmed. */
const text = (b: Buffer): string => b.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');

class Bad extends Error {}
const need = (ok: boolean, problem: string): void => {
  if (!ok) throw new Bad(problem);
};

interface Item {
  readonly type: number;
  readonly body: Buffer;
}

/** Walks 4-byte-header items (type, reserved, 16-bit length) that must tile `buf` exactly. */
function items(buf: Buffer, where: string): Item[] {
  const out: Item[] = [];
  let off = 0;
  while (off < buf.length) {
    need(off + 4 <= buf.length, `${where}: truncated item header at byte ${off}`);
    const type = buf[off]!;
    const len = buf.readUInt16BE(off + 2);
    need(off + 4 + len <= buf.length, `${where}: item 0x${type.toString(16)} claims ${len} bytes, only ${buf.length - off - 4} left`);
    out.push({ type, body: buf.subarray(off + 4, off + 4 + len) });
    off += 4 + len;
  }
  return out;
}

function parseUserInformation(body: Buffer | null): UserInformation {
  let maxPduLength: number | null = null;
  let implementationClassUid: string | null = null;
  let implementationVersionName: string | null = null;
  let asyncOps: UserInformation['asyncOps'] = null;
  const roleSelections: RoleSelection[] = [];
  let userIdentityResponseBytes: number | null = null;
  let userIdentityRq: UserIdentityRq | null = null;
  const unknownSubItems: number[] = [];
  for (const sub of body ? items(body, 'user information') : []) {
    const b = sub.body;
    switch (sub.type) {
      case 0x51:
        need(b.length === 4, 'max PDU length sub-item is not 4 bytes');
        maxPduLength = b.readUInt32BE(0);
        break;
      case 0x52:
        implementationClassUid = text(b);
        break;
      case 0x55:
        implementationVersionName = text(b);
        break;
      case 0x53:
        need(b.length === 4, 'asynchronous operations sub-item is not 4 bytes');
        asyncOps = { invoked: b.readUInt16BE(0), performed: b.readUInt16BE(2) };
        break;
      case 0x54: {
        need(b.length >= 2, 'role selection sub-item truncated');
        const n = b.readUInt16BE(0);
        need(b.length === 2 + n + 2, 'role selection sub-item length mismatch');
        roleSelections.push({ sopClassUid: text(b.subarray(2, 2 + n)), scu: b[2 + n] === 1, scp: b[3 + n] === 1 });
        break;
      }
      case 0x58: {
        need(b.length >= 6, 'user identity sub-item truncated');
        const type = b[0]!;
        const p = b.readUInt16BE(2);
        need(4 + p + 2 <= b.length, 'user identity primary field overruns');
        const s = b.readUInt16BE(4 + p);
        need(6 + p + s === b.length, 'user identity secondary field length mismatch');
        need(type >= 1 && type <= 5, `user identity type ${type} unknown`);
        userIdentityRq = {
          type: type as UserIdentityRq['type'],
          positiveResponseRequested: b[1] === 1,
          primary: Buffer.from(b.subarray(4, 4 + p)),
          secondary: Buffer.from(b.subarray(6 + p, 6 + p + s)),
        };
        break;
      }
      case 0x59: {
        need(b.length >= 2, 'user identity response truncated');
        const n = b.readUInt16BE(0);
        need(b.length === 2 + n, 'user identity response length mismatch');
        userIdentityResponseBytes = n; // the response itself (a token) is never kept
        break;
      }
      default:
        if (unknownSubItems.length < 16) unknownSubItems.push(sub.type);
    }
  }
  return {
    maxPduLength,
    implementationClassUid,
    implementationVersionName,
    asyncOps,
    roleSelections,
    userIdentityResponseBytes,
    userIdentityRq,
    unknownSubItems,
  };
}

function parseAssociate(type: 0x01 | 0x02, body: Buffer): AssociateRq | AssociateAc {
  need(body.length >= 68, `A-ASSOCIATE body is ${body.length} bytes, shorter than its 68-byte fixed part`);
  const protocolVersion = body.readUInt16BE(0);
  const calledAe = text(body.subarray(4, 20));
  const callingAe = text(body.subarray(20, 36));
  let applicationContext: string | null = null;
  let userInfo: Buffer | null = null;
  const rqContexts: PresentationContextRq[] = [];
  const acContexts: PresentationContextAc[] = [];
  for (const it of items(body.subarray(68), 'A-ASSOCIATE')) {
    if (it.type === 0x10) applicationContext = text(it.body);
    else if (it.type === 0x50) userInfo = it.body;
    else if (it.type === 0x20 && type === 0x01) {
      need(it.body.length >= 4, 'presentation context item truncated');
      const subs = items(it.body.subarray(4), 'presentation context');
      const abs = subs.find((s) => s.type === 0x30);
      rqContexts.push({
        id: it.body[0]!,
        abstractSyntax: abs ? text(abs.body) : '',
        transferSyntaxes: subs.filter((s) => s.type === 0x40).map((s) => text(s.body)),
      });
    } else if (it.type === 0x21 && type === 0x02) {
      need(it.body.length >= 4, 'presentation context item truncated');
      const ts = items(it.body.subarray(4), 'presentation context').find((s) => s.type === 0x40);
      acContexts.push({ id: it.body[0]!, result: it.body[2]!, transferSyntax: ts ? text(ts.body) : null });
    } else need(false, `unexpected item 0x${it.type.toString(16)} in A-ASSOCIATE-${type === 1 ? 'RQ' : 'AC'}`);
  }
  const common = { protocolVersion, calledAe, callingAe, applicationContext, userInfo: parseUserInformation(userInfo) };
  return type === 0x01
    ? { type: 'associate-rq', ...common, contexts: rqContexts }
    : { type: 'associate-ac', ...common, contexts: acContexts };
}

function parsePData(body: Buffer): PData {
  const pdvs: Pdv[] = [];
  let off = 0;
  need(body.length > 0, 'P-DATA-TF without PDVs');
  while (off < body.length) {
    need(off + 6 <= body.length, 'PDV header truncated');
    const len = body.readUInt32BE(off);
    need(len >= 2, `PDV length ${len} below its 2-byte header`);
    need(len <= body.length - off - 4, `PDV claims ${len} bytes, only ${body.length - off - 4} left`);
    const ctrl = body[off + 5]!;
    need((ctrl & 0xfc) === 0, `PDV message control header 0x${ctrl.toString(16)} has reserved bits set`);
    pdvs.push({
      contextId: body[off + 4]!,
      isCommand: (ctrl & 1) === 1,
      isLast: (ctrl & 2) === 2,
      data: body.subarray(off + 6, off + 4 + len),
    });
    off += 4 + len;
  }
  return { type: 'p-data', pdvs };
}

/**
 * Parses one complete PDU (header included). Total: returns `invalid` instead of throwing, for any input.
 * P-DATA PDV payloads are views into `buf`, not copies.
 */
export function parsePdu(buf: Buffer): Pdu {
  const pduType = buf.length > 0 ? buf[0]! : -1;
  try {
    need(buf.length >= PDU_HEADER_BYTES, `PDU shorter than its ${PDU_HEADER_BYTES}-byte header`);
    const len = buf.readUInt32BE(2);
    need(len === buf.length - PDU_HEADER_BYTES, `PDU declares ${len} bytes but ${buf.length - PDU_HEADER_BYTES} follow`);
    const body = buf.subarray(PDU_HEADER_BYTES);
    switch (pduType) {
      case PduType.AssociateRq:
      case PduType.AssociateAc:
        return parseAssociate(pduType, body);
      case PduType.AssociateRj:
        need(body.length === 4, 'A-ASSOCIATE-RJ is not 4 bytes');
        return { type: 'associate-rj', result: body[1]!, source: body[2]!, reason: body[3]! };
      case PduType.PData:
        return parsePData(body);
      case PduType.ReleaseRq:
        need(body.length === 4, 'A-RELEASE-RQ is not 4 bytes');
        return { type: 'release-rq' };
      case PduType.ReleaseRp:
        need(body.length === 4, 'A-RELEASE-RP is not 4 bytes');
        return { type: 'release-rp' };
      case PduType.Abort:
        need(body.length === 4, 'A-ABORT is not 4 bytes');
        return { type: 'abort', source: body[2]!, reason: body[3]! };
      default:
        return { type: 'invalid', problem: `unknown PDU type 0x${pduType.toString(16)}`, pduType };
    }
  } catch (e) {
    if (e instanceof Bad) return { type: 'invalid', problem: e.message, pduType };
    throw e;
  }
}

/** True when the first byte could start a DICOM PDU: used to tell DICOM from TLS alerts, HTTP or banners. */
export const looksLikePdu = (firstByte: number): boolean => firstByte >= PduType.AssociateRq && firstByte <= PduType.Abort;
