/**
 * NTLMSSP messages (MS-NLMP): the NEGOTIATE we send, the CHALLENGE we read for the server's OS version and names,
 * and an anonymous AUTHENTICATE (empty user, empty responses) that logs on as the null session. No password or
 * hash of ours ever goes on the wire. The CHALLENGE parser takes any buffer and returns undefined for garbage.
 */
export const NTLMSSP_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

const F = {
  unicode: 0x00000001,
  requestTarget: 0x00000004,
  ntlm: 0x00000200,
  anonymous: 0x00000800,
  alwaysSign: 0x00008000,
  extendedSessionSecurity: 0x00080000,
  targetInfo: 0x00800000,
  version: 0x02000000,
  n128: 0x20000000,
  n56: 0x80000000,
};
const NEGOTIATE_FLAGS =
  (F.unicode | F.requestTarget | F.ntlm | F.alwaysSign | F.extendedSessionSecurity | F.targetInfo | F.version | F.n128 | F.n56) >>> 0;

export function ntlmNegotiate(): Buffer {
  const b = Buffer.alloc(40);
  NTLMSSP_SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(NEGOTIATE_FLAGS, 12);
  // Domain and workstation fields stay empty (offsets point past the header); version 0.0.0 says nothing about us.
  b.writeUInt32LE(40, 20);
  b.writeUInt32LE(40, 28);
  b[39] = 15; // NTLMSSP_REVISION_W2K3
  return b;
}

/** Anonymous AUTHENTICATE: LM response is one zero byte, everything else empty (MS-NLMP 3.1.5.1.2). */
export function ntlmAnonymousAuthenticate(): Buffer {
  const b = Buffer.alloc(65);
  NTLMSSP_SIGNATURE.copy(b, 0);
  b.writeUInt32LE(3, 8);
  const field = (at: number, len: number, off: number) => {
    b.writeUInt16LE(len, at);
    b.writeUInt16LE(len, at + 2);
    b.writeUInt32LE(off, at + 4);
  };
  field(12, 1, 64); // LmChallengeResponse = Z(1)
  for (const at of [20, 28, 36, 44, 52]) field(at, 0, 65); // NT response, domain, user, workstation, session key
  b.writeUInt32LE((F.unicode | F.ntlm | F.anonymous | F.alwaysSign | F.extendedSessionSecurity | F.n128 | F.n56) >>> 0, 60);
  return b;
}

export interface NtlmChallengeInfo {
  readonly osVersion: { readonly major: number; readonly minor: number; readonly build: number; readonly ntlmRevision: number } | null;
  readonly targetName: string | null;
  readonly netbiosComputer: string | null;
  readonly netbiosDomain: string | null;
  readonly dnsComputer: string | null;
  readonly dnsDomain: string | null;
  readonly dnsTree: string | null;
  readonly serverTime: string | null; // ISO-8601 from MsvAvTimestamp
}

const utf16 = (b: Buffer): string => b.toString('utf16le').replace(/\0+$/, '');

/** Finds an NTLMSSP CHALLENGE anywhere in `buf` (inside SPNEGO or CredSSP wrappers) and parses it. */
export function findNtlmChallenge(buf: Buffer): NtlmChallengeInfo | undefined {
  let at = buf.indexOf(NTLMSSP_SIGNATURE);
  while (at >= 0) {
    const parsed = parseNtlmChallenge(buf.subarray(at));
    if (parsed) return parsed;
    at = buf.indexOf(NTLMSSP_SIGNATURE, at + 1);
  }
  return undefined;
}

export function parseNtlmChallenge(m: Buffer): NtlmChallengeInfo | undefined {
  if (m.length < 48 || !m.subarray(0, 8).equals(NTLMSSP_SIGNATURE) || m.readUInt32LE(8) !== 2) return undefined;
  const flags = m.readUInt32LE(20);
  const slice = (at: number): Buffer | undefined => {
    const len = m.readUInt16LE(at);
    const off = m.readUInt32LE(at + 4);
    return off + len <= m.length ? m.subarray(off, off + len) : undefined;
  };
  const unicode = (flags & F.unicode) !== 0;
  const tn = slice(12);
  const info = {
    osVersion: null as NtlmChallengeInfo['osVersion'],
    targetName: tn && tn.length ? (unicode ? utf16(tn) : tn.toString('latin1')) : null,
    netbiosComputer: null as string | null,
    netbiosDomain: null as string | null,
    dnsComputer: null as string | null,
    dnsDomain: null as string | null,
    dnsTree: null as string | null,
    serverTime: null as string | null,
  };
  // The version field exists only when the flag is set and the payload starts after it.
  const ti = slice(40);
  const payloadStart = Math.min(m.readUInt32LE(16), ti && ti.length ? m.readUInt32LE(44) : Infinity);
  if (flags & F.version && m.length >= 56 && payloadStart >= 56) {
    info.osVersion = { major: m[48]!, minor: m[49]!, build: m.readUInt16LE(50), ntlmRevision: m[55]! };
  }
  if (ti) {
    for (let p = 0; p + 4 <= ti.length; ) {
      const id = ti.readUInt16LE(p);
      const len = ti.readUInt16LE(p + 2);
      if (id === 0 || p + 4 + len > ti.length) break;
      const v = ti.subarray(p + 4, p + 4 + len);
      if (id === 1) info.netbiosComputer = utf16(v);
      else if (id === 2) info.netbiosDomain = utf16(v);
      else if (id === 3) info.dnsComputer = utf16(v);
      else if (id === 4) info.dnsDomain = utf16(v);
      else if (id === 5) info.dnsTree = utf16(v);
      else if (id === 7 && len === 8) info.serverTime = filetimeToIso(v.readBigUInt64LE(0));
      p += 4 + len;
    }
  }
  return info;
}

/** FILETIME (100 ns since 1601) to ISO-8601; null for zero or out-of-range values. */
export function filetimeToIso(ft: bigint): string | null {
  if (ft === 0n) return null;
  const ms = Number(ft / 10_000n) - 11_644_473_600_000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) || ms < 0 || ms > 8.64e15 ? null : d.toISOString();
}
