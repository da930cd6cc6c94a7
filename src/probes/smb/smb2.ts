/**
 * SMB2/3 messages (MS-SMB2) that Radguard sends, and the parsers for their replies: NEGOTIATE, SESSION_SETUP,
 * TREE_CONNECT, CREATE and IOCTL on a named pipe, CLOSE, TREE_DISCONNECT, LOGOFF. Only what a read-only audit
 * needs: no READ or QUERY_DIRECTORY exists here, so no code path can list or open a file on a share.
 * Every parser takes untrusted bytes and returns undefined instead of throwing or reading out of bounds.
 */
import { randomBytes } from 'node:crypto';

export const SMB2_MAGIC = Buffer.from([0xfe, 0x53, 0x4d, 0x42]);
export const Cmd = { negotiate: 0, sessionSetup: 1, logoff: 2, treeConnect: 3, treeDisconnect: 4, create: 5, close: 6, ioctl: 11 } as const;
export const Status = {
  success: 0,
  pending: 0x00000103,
  bufferOverflow: 0x80000005,
  moreProcessingRequired: 0xc0000016,
  accessDenied: 0xc0000022,
  logonFailure: 0xc000006d,
  badNetworkName: 0xc00000cc,
} as const;

/** Dialects we offer, oldest first, and their display names. */
export const DIALECTS: Readonly<Record<number, string>> = {
  0x0202: '2.0.2',
  0x0210: '2.1',
  0x0300: '3.0',
  0x0302: '3.0.2',
  0x0311: '3.1.1',
};

export interface Smb2Header {
  readonly status: number;
  readonly command: number;
  readonly flags: number;
  readonly messageId: bigint;
  readonly treeId: number;
  readonly sessionId: bigint;
}

export function parseHeader(m: Buffer): Smb2Header | undefined {
  if (m.length < 64 || !m.subarray(0, 4).equals(SMB2_MAGIC) || m.readUInt16LE(4) !== 64) return undefined;
  const flags = m.readUInt32LE(16);
  return {
    status: m.readUInt32LE(8),
    command: m.readUInt16LE(12),
    flags,
    messageId: m.readBigUInt64LE(24),
    // Async replies (flag 0x2) carry an AsyncId where sync ones carry the tree id.
    treeId: flags & 0x2 ? 0 : m.readUInt32LE(36),
    sessionId: m.readBigUInt64LE(40),
  };
}

export function header(cmd: number, messageId: bigint, opts: { sessionId?: bigint; treeId?: number; creditCharge?: number }): Buffer {
  const h = Buffer.alloc(64);
  SMB2_MAGIC.copy(h, 0);
  h.writeUInt16LE(64, 4);
  h.writeUInt16LE(opts.creditCharge ?? 0, 6);
  h.writeUInt16LE(cmd, 12);
  h.writeUInt16LE(64, 14); // ask for credits so a follow-up request never stalls on a credit-starved server
  h.writeBigUInt64LE(messageId, 24);
  h.writeUInt32LE(0xfeff, 32);
  h.writeUInt32LE(opts.treeId ?? 0, 36);
  h.writeBigUInt64LE(opts.sessionId ?? 0n, 40);
  return h;
}

/** NEGOTIATE body offering 2.0.2 … 3.1.1, with the two negotiate contexts 3.1.1 requires. */
export function negotiateBody(): Buffer {
  const dialects = Object.keys(DIALECTS).map(Number);
  const fixed = Buffer.alloc(36);
  fixed.writeUInt16LE(36, 0);
  fixed.writeUInt16LE(dialects.length, 2);
  fixed.writeUInt16LE(0x0001, 4); // signing enabled, not required: we want to see what the server demands
  fixed.writeUInt32LE(0, 8); // no capabilities: no encryption, no multichannel
  randomBytes(16).copy(fixed, 12);
  const list = Buffer.alloc(dialects.length * 2);
  dialects.forEach((d, i) => list.writeUInt16LE(d, i * 2));
  const before = 64 + 36 + list.length;
  const pad = Buffer.alloc((8 - (before % 8)) % 8);
  fixed.writeUInt32LE(before + pad.length, 28);
  fixed.writeUInt16LE(2, 32);
  const preauth = Buffer.alloc(4 + 2 + 32);
  preauth.writeUInt16LE(1, 0); // one hash algorithm
  preauth.writeUInt16LE(32, 2); // salt length
  preauth.writeUInt16LE(0x0001, 4); // SHA-512
  randomBytes(32).copy(preauth, 6);
  const ciphers = Buffer.from([2, 0, 2, 0, 1, 0]); // AES-128-GCM, AES-128-CCM
  const ctx = (type: number, data: Buffer, last: boolean) => {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(type, 0);
    h.writeUInt16LE(data.length, 2);
    const padTo = last ? 0 : (8 - (data.length % 8)) % 8;
    return Buffer.concat([h, data, Buffer.alloc(padTo)]);
  };
  return Buffer.concat([fixed, list, pad, ctx(1, preauth, false), ctx(2, ciphers, true)]);
}

export interface NegotiateResponse {
  readonly dialect: number;
  readonly signingEnabled: boolean;
  readonly signingRequired: boolean;
  readonly serverGuid: string;
  readonly capabilities: number;
  readonly serverStartTime: string | null;
  readonly securityBlob: Buffer;
}

export function parseNegotiateResponse(m: Buffer): NegotiateResponse | undefined {
  const h = parseHeader(m);
  if (!h || h.command !== Cmd.negotiate || h.status !== Status.success || m.length < 64 + 64) return undefined;
  const b = 64;
  if (m.readUInt16LE(b) !== 65) return undefined;
  const mode = m.readUInt16LE(b + 2);
  const blobOff = m.readUInt16LE(b + 56);
  const blobLen = m.readUInt16LE(b + 58);
  const start = m.readBigUInt64LE(b + 48);
  return {
    dialect: m.readUInt16LE(b + 4),
    signingEnabled: (mode & 1) !== 0,
    signingRequired: (mode & 2) !== 0,
    serverGuid: guidString(m.subarray(b + 8, b + 24)),
    capabilities: m.readUInt32LE(b + 24),
    serverStartTime: start === 0n ? null : filetime(start),
    securityBlob: blobOff + blobLen <= m.length && blobOff >= 64 ? m.subarray(blobOff, blobOff + blobLen) : Buffer.alloc(0),
  };
}

function filetime(ft: bigint): string | null {
  const ms = Number(ft / 10_000n) - 11_644_473_600_000;
  return ms > 0 && ms < 8.64e15 ? new Date(ms).toISOString() : null;
}

export function guidString(g: Buffer): string {
  const hex = (b: Buffer) => b.toString('hex');
  const le = (b: Buffer) => hex(Buffer.from(b).reverse());
  return `${le(g.subarray(0, 4))}-${le(g.subarray(4, 6))}-${le(g.subarray(6, 8))}-${hex(g.subarray(8, 10))}-${hex(g.subarray(10, 16))}`;
}

export function sessionSetupBody(token: Buffer): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16LE(25, 0);
  b[3] = 0x01; // signing enabled
  b.writeUInt16LE(64 + 24, 12);
  b.writeUInt16LE(token.length, 14);
  return Buffer.concat([b, token]);
}

export interface SessionSetupResponse {
  readonly status: number;
  readonly sessionId: bigint;
  readonly isGuest: boolean;
  readonly isNull: boolean;
  readonly securityBlob: Buffer;
}

export function parseSessionSetupResponse(m: Buffer): SessionSetupResponse | undefined {
  const h = parseHeader(m);
  if (!h || h.command !== Cmd.sessionSetup) return undefined;
  if (m.length < 64 + 8 || m.readUInt16LE(64) !== 9) return { status: h.status, sessionId: h.sessionId, isGuest: false, isNull: false, securityBlob: Buffer.alloc(0) };
  const flags = m.readUInt16LE(66);
  const off = m.readUInt16LE(68);
  const len = m.readUInt16LE(70);
  return {
    status: h.status,
    sessionId: h.sessionId,
    isGuest: (flags & 1) !== 0,
    isNull: (flags & 2) !== 0,
    securityBlob: off >= 64 && off + len <= m.length ? m.subarray(off, off + len) : Buffer.alloc(0),
  };
}

export function treeConnectBody(uncPath: string): Buffer {
  const path = Buffer.from(uncPath, 'utf16le');
  const b = Buffer.alloc(8);
  b.writeUInt16LE(9, 0);
  b.writeUInt16LE(64 + 8, 4);
  b.writeUInt16LE(path.length, 6);
  return Buffer.concat([b, path]);
}

export interface TreeConnectResponse {
  readonly status: number;
  readonly treeId: number;
  readonly shareType: 'disk' | 'pipe' | 'print' | 'unknown';
  readonly maximalAccess: number;
}

export function parseTreeConnectResponse(m: Buffer): TreeConnectResponse | undefined {
  const h = parseHeader(m);
  if (!h || h.command !== Cmd.treeConnect) return undefined;
  if (h.status !== Status.success) return { status: h.status, treeId: 0, shareType: 'unknown', maximalAccess: 0 };
  if (m.length < 64 + 16 || m.readUInt16LE(64) !== 16) return undefined;
  const t = m[66];
  return {
    status: h.status,
    treeId: m.readUInt32LE(36),
    shareType: t === 1 ? 'disk' : t === 2 ? 'pipe' : t === 3 ? 'print' : 'unknown',
    maximalAccess: m.readUInt32LE(76),
  };
}

/** CREATE that opens an existing named pipe on IPC$ (never a file: the tree is IPC$ and disposition is OPEN). */
export function createPipeBody(name: string): Buffer {
  const n = Buffer.from(name, 'utf16le');
  const b = Buffer.alloc(56);
  b.writeUInt16LE(57, 0);
  b.writeUInt32LE(2, 4); // impersonation
  b.writeUInt32LE(0x0012019f, 24); // read/write data and attributes, the access a pipe client needs
  b.writeUInt32LE(7, 32); // share read|write|delete
  b.writeUInt32LE(1, 36); // FILE_OPEN: fail if absent, never create
  b.writeUInt16LE(64 + 56, 44);
  b.writeUInt16LE(n.length, 46);
  return Buffer.concat([b, n]);
}

export function parseCreateFileId(m: Buffer): { status: number; fileId: Buffer } | undefined {
  const h = parseHeader(m);
  if (!h || h.command !== Cmd.create) return undefined;
  if (h.status !== Status.success) return { status: h.status, fileId: Buffer.alloc(16) };
  if (m.length < 64 + 88 || m.readUInt16LE(64) !== 89) return undefined;
  return { status: h.status, fileId: Buffer.from(m.subarray(64 + 64, 64 + 80)) };
}

const FSCTL_PIPE_TRANSCEIVE = 0x0011c017;

export function pipeTransceiveBody(fileId: Buffer, input: Buffer, maxOutput: number): Buffer {
  const b = Buffer.alloc(56);
  b.writeUInt16LE(57, 0);
  b.writeUInt32LE(FSCTL_PIPE_TRANSCEIVE, 4);
  fileId.copy(b, 8);
  b.writeUInt32LE(64 + 56, 24);
  b.writeUInt32LE(input.length, 28);
  b.writeUInt32LE(maxOutput, 44);
  b.writeUInt32LE(1, 48); // SMB2_0_IOCTL_IS_FSCTL
  return Buffer.concat([b, input]);
}

export function parseIoctlOutput(m: Buffer): { status: number; output: Buffer } | undefined {
  const h = parseHeader(m);
  if (!h || h.command !== Cmd.ioctl) return undefined;
  if (h.status !== Status.success && h.status !== Status.bufferOverflow) return { status: h.status, output: Buffer.alloc(0) };
  if (m.length < 64 + 48 || m.readUInt16LE(64) !== 49) return undefined;
  const off = m.readUInt32LE(64 + 32);
  const len = m.readUInt32LE(64 + 36);
  if (off < 64 || off + len > m.length) return undefined;
  return { status: h.status, output: m.subarray(off, off + len) };
}

export function closeBody(fileId: Buffer): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16LE(24, 0);
  fileId.copy(b, 8);
  return b;
}

/** TREE_DISCONNECT and LOGOFF share the same 4-byte body. */
export const emptyBody = (): Buffer => Buffer.from([4, 0, 0, 0]);
