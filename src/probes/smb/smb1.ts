/**
 * SMB1 (MS-CIFS/MS-SMB) messages: NEGOTIATE offering only "NT LM 0.12", an anonymous SESSION_SETUP_ANDX
 * (empty account, empty passwords) whose reply names the server's NativeOS and NativeLanMan, TREE_CONNECT_ANDX
 * to IPC$, and the MS17-010 check TRANSACTION (PeekNamedPipe on FID 0). Parsers never throw on garbage.
 */
export const SMB1_MAGIC = Buffer.from([0xff, 0x53, 0x4d, 0x42]);
export const Smb1Cmd = { negotiate: 0x72, sessionSetupAndX: 0x73, treeConnectAndX: 0x75, transaction: 0x25, logoffAndX: 0x74 } as const;
export const NT_LM_012 = 'NT LM 0.12';
const FLAGS2 = 0xc001; // unicode strings, 32-bit NT status codes, long names; no extended security, no signing

export interface Smb1Ids {
  readonly uid?: number;
  readonly tid?: number;
  readonly mid: number;
}

function message(cmd: number, ids: Smb1Ids, words: Buffer, bytes: Buffer): Buffer {
  const h = Buffer.alloc(32);
  SMB1_MAGIC.copy(h, 0);
  h[4] = cmd;
  h[9] = 0x18; // case-insensitive, canonicalised paths
  h.writeUInt16LE(FLAGS2, 10);
  h.writeUInt16LE(ids.tid ?? 0, 24);
  h.writeUInt16LE(0xfeff, 26);
  h.writeUInt16LE(ids.uid ?? 0, 28);
  h.writeUInt16LE(ids.mid, 30);
  const bc = Buffer.alloc(2);
  bc.writeUInt16LE(bytes.length, 0);
  return Buffer.concat([h, Buffer.from([words.length / 2]), words, bc, bytes]);
}

export const negotiateRequest = (mid: number): Buffer =>
  message(Smb1Cmd.negotiate, { mid }, Buffer.alloc(0), Buffer.from(`\x02${NT_LM_012}\0`, 'latin1'));

export interface Smb1Message {
  readonly command: number;
  readonly status: number;
  readonly flags2: number;
  readonly tid: number;
  readonly uid: number;
  readonly mid: number;
  readonly words: Buffer;
  readonly bytes: Buffer;
  readonly bytesOffset: number; // from the start of the SMB header, for unicode alignment
}

export function parseSmb1(m: Buffer): Smb1Message | undefined {
  if (m.length < 35 || !m.subarray(0, 4).equals(SMB1_MAGIC)) return undefined;
  const wc = m[32]!;
  const bcAt = 33 + wc * 2;
  if (bcAt + 2 > m.length) {
    // Error replies may be cut short (WordCount 0, no ByteCount); the header alone still carries the status.
    return wc === 0
      ? { command: m[4]!, status: m.readUInt32LE(5), flags2: m.readUInt16LE(10), tid: m.readUInt16LE(24), uid: m.readUInt16LE(28), mid: m.readUInt16LE(30), words: Buffer.alloc(0), bytes: Buffer.alloc(0), bytesOffset: 33 }
      : undefined;
  }
  const bc = m.readUInt16LE(bcAt);
  const bytesEnd = Math.min(m.length, bcAt + 2 + bc);
  return {
    command: m[4]!,
    status: m.readUInt32LE(5),
    flags2: m.readUInt16LE(10),
    tid: m.readUInt16LE(24),
    uid: m.readUInt16LE(28),
    mid: m.readUInt16LE(30),
    words: m.subarray(33, bcAt),
    bytes: m.subarray(bcAt + 2, bytesEnd),
    bytesOffset: bcAt + 2,
  };
}

export interface Smb1Negotiation {
  readonly accepted: boolean; // the server chose NT LM 0.12
  readonly signingEnabled: boolean;
  readonly signingRequired: boolean;
  readonly extendedSecurity: boolean;
  readonly capabilities: number;
  readonly domain: string | null;
  readonly serverName: string | null;
}

export function parseNegotiateResponse(m: Buffer): Smb1Negotiation | undefined {
  const r = parseSmb1(m);
  if (!r || r.command !== Smb1Cmd.negotiate) return undefined;
  const refused: Smb1Negotiation = { accepted: false, signingEnabled: false, signingRequired: false, extendedSecurity: false, capabilities: 0, domain: null, serverName: null };
  if (r.status !== 0 || r.words.length < 2 || r.words.readUInt16LE(0) !== 0) return refused;
  if (r.words.length < 34) return undefined;
  const mode = r.words[2]!;
  const caps = r.words.readUInt32LE(19);
  const ext = (caps & 0x80000000) !== 0;
  let domain: string | null = null;
  let serverName: string | null = null;
  if (!ext) {
    const chLen = r.words[33]!;
    const strings = readStrings(r.bytes.subarray(Math.min(chLen, r.bytes.length)), (r.flags2 & 0x8000) !== 0, 2, 0);
    domain = strings[0] || null;
    serverName = strings[1] || null;
  }
  return { accepted: true, signingEnabled: (mode & 0x04) !== 0, signingRequired: (mode & 0x08) !== 0, extendedSecurity: ext, capabilities: caps, domain, serverName };
}

/** Anonymous SESSION_SETUP_ANDX (NT LM 0.12, no extended security): null account and passwords. */
export function anonymousSessionSetup(mid: number): Buffer {
  const w = Buffer.alloc(26);
  w[0] = 0xff; // no AndX command
  w.writeUInt16LE(0xffff, 4); // max buffer
  w.writeUInt16LE(2, 6); // max mpx
  w.writeUInt32LE(0x00000044, 22); // CAP_UNICODE | CAP_NT_STATUS
  // Bytes start at offset 61: one pad byte aligns the four empty unicode strings (account, domain, OS, LanMan).
  return message(Smb1Cmd.sessionSetupAndX, { mid }, w, Buffer.alloc(1 + 8));
}

export interface Smb1Session {
  readonly status: number;
  readonly uid: number;
  readonly isGuest: boolean;
  readonly nativeOs: string | null;
  readonly nativeLanMan: string | null;
  readonly primaryDomain: string | null;
}

export function parseSessionSetupResponse(m: Buffer): Smb1Session | undefined {
  const r = parseSmb1(m);
  if (!r || r.command !== Smb1Cmd.sessionSetupAndX) return undefined;
  if (r.status !== 0 || r.words.length < 6)
    return { status: r.status, uid: r.uid, isGuest: false, nativeOs: null, nativeLanMan: null, primaryDomain: null };
  const action = r.words.readUInt16LE(4);
  const [os, lanman, domain] = readStrings(r.bytes, (r.flags2 & 0x8000) !== 0, 3, r.bytesOffset);
  return { status: r.status, uid: r.uid, isGuest: (action & 1) !== 0, nativeOs: os || null, nativeLanMan: lanman || null, primaryDomain: domain || null };
}

export function treeConnectIpc(mid: number, uid: number, host: string): Buffer {
  const w = Buffer.alloc(8);
  w[0] = 0xff;
  w.writeUInt16LE(1, 6); // password length: one zero byte
  // Bytes start at 43: password byte, then the unicode path is aligned at 44.
  const bytes = Buffer.concat([Buffer.from([0]), Buffer.from(`\\\\${host}\\IPC$\0`, 'utf16le'), Buffer.from('?????\0', 'latin1')]);
  return message(Smb1Cmd.treeConnectAndX, { mid, uid }, w, bytes);
}

/**
 * The MS17-010 check as published with the fix era's scanners: TRANSACTION, subcommand PeekNamedPipe on FID 0.
 * Unpatched servers answer STATUS_INSUFF_SERVER_RESOURCES; patched ones INVALID_HANDLE or ACCESS_DENIED.
 * Nothing is written, no buffer is overrun; it asks about a pipe handle that does not exist.
 */
export function peekNamedPipeFid0(mid: number, uid: number, tid: number): Buffer {
  const w = Buffer.alloc(32);
  w.writeUInt16LE(0xffff, 4); // max parameter count
  w.writeUInt16LE(0xffff, 6); // max data count
  // Bytes start at 67: one pad byte then "\PIPE\" in unicode (14 bytes) → parameters and data at 82.
  w.writeUInt16LE(82, 20);
  w.writeUInt16LE(82, 24);
  w[26] = 2; // setup count
  w.writeUInt16LE(0x0023, 28); // TRANS_PEEK_NMPIPE
  w.writeUInt16LE(0x0000, 30); // FID 0
  return message(Smb1Cmd.transaction, { mid, uid, tid }, w, Buffer.concat([Buffer.alloc(1), Buffer.from('\\PIPE\\\0', 'utf16le')]));
}

export const logoffRequest = (mid: number, uid: number): Buffer => {
  const w = Buffer.alloc(4);
  w[0] = 0xff;
  return message(Smb1Cmd.logoffAndX, { mid, uid }, w, Buffer.alloc(0));
};

/** Reads `count` null-terminated strings; `baseOffset` is where `b` starts in the message, for unicode alignment. */
function readStrings(b: Buffer, unicode: boolean, count: number, baseOffset: number): string[] {
  const out: string[] = [];
  let p = unicode && baseOffset % 2 === 1 ? 1 : 0;
  for (let i = 0; i < count && p < b.length; i++) {
    if (unicode) {
      let end = p;
      while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
      out.push(b.subarray(p, Math.min(end, b.length - ((b.length - p) % 2))).toString('utf16le'));
      p = end + 2;
    } else {
      const end = b.indexOf(0, p);
      out.push(b.subarray(p, end < 0 ? b.length : end).toString('latin1'));
      p = end < 0 ? b.length : end + 1;
    }
  }
  return out;
}
