/**
 * SSH identification line and SSH_MSG_KEXINIT parsing (RFC 4253 §4.2, §6, §7.1). Only the unencrypted start of
 * the protocol is read: the server's identification and its algorithm lists. Lengths from the peer are checked
 * against what arrived before any slice; nothing is allocated from them.
 */
export interface SshIdent {
  readonly protoVersion: string; // '2.0', '1.99' (both 1 and 2), '1.5'
  readonly software: string; // 'OpenSSH_9.2p1'
  readonly comments: string | null; // 'Debian-2+deb12u3'
  readonly raw: string;
}

const PRINTABLE = /[^\x20-\x7e]/g;

export function parseIdent(line: string): SshIdent | null {
  const raw = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  if (raw.length > 255) return null;
  const m = /^SSH-([0-9.]+)-([^\s]*)(?: (.*))?$/.exec(raw);
  if (!m) return null;
  return { protoVersion: m[1]!, software: m[2]!.replace(PRINTABLE, '?'), comments: m[3]?.replace(PRINTABLE, '?') ?? null, raw: raw.replace(PRINTABLE, '?') };
}

export interface KexInit {
  readonly kex: readonly string[];
  readonly hostKey: readonly string[];
  readonly ciphersClientToServer: readonly string[];
  readonly ciphersServerToClient: readonly string[];
  readonly macsClientToServer: readonly string[];
  readonly macsServerToClient: readonly string[];
  readonly compressionClientToServer: readonly string[];
  readonly compressionServerToClient: readonly string[];
}

export const MAX_PACKET = 35000; // RFC 4253 §6.1: implementations must handle this; a KEXINIT is far smaller
const MAX_NAMES = 100;

/** Length of the first binary packet in `buf` when complete, undefined if more is needed, -1 if impossible. */
export function packetLength(buf: Buffer): number | undefined {
  if (buf.length < 4) return undefined;
  const len = buf.readUInt32BE(0);
  if (len < 5 || len > MAX_PACKET) return -1;
  return buf.length >= 4 + len ? 4 + len : undefined;
}

export type KexParse = { ok: true; kexinit: KexInit } | { ok: false; why: string };

/** Parses one unencrypted binary packet that should hold SSH_MSG_KEXINIT (20). */
export function parseKexInitPacket(packet: Buffer): KexParse {
  if (packet.length < 5) return { ok: false, why: 'packet too short' };
  const len = packet.readUInt32BE(0);
  if (len < 5 || len > MAX_PACKET || 4 + len > packet.length) return { ok: false, why: `packet length ${len} out of range` };
  const pad = packet[4]!;
  const payloadEnd = 4 + len - pad;
  if (pad < 4 || payloadEnd <= 5) return { ok: false, why: `padding length ${pad} out of range` };
  const payload = packet.subarray(5, payloadEnd);
  if (payload[0] !== 20) return { ok: false, why: `message ${payload[0]} instead of KEXINIT` };
  let off = 17; // type + 16-byte cookie
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (off + 4 > payload.length) return { ok: false, why: 'KEXINIT truncated' };
    const n = payload.readUInt32BE(off);
    off += 4;
    if (n > payload.length - off) return { ok: false, why: `name-list length ${n} beyond the packet` };
    const text = payload.subarray(off, off + n).toString('latin1');
    off += n;
    if (/[^\x21-\x7e]/.test(text)) return { ok: false, why: 'name-list holds non-printable characters' };
    lists.push(text === '' ? [] : text.split(',').slice(0, MAX_NAMES).map((s) => s.slice(0, 64)));
  }
  const [kex, hostKey, cc, cs, mc, ms, zc, zs] = lists as [string[], string[], string[], string[], string[], string[], string[], string[]];
  return {
    ok: true,
    kexinit: {
      kex, hostKey, ciphersClientToServer: cc, ciphersServerToClient: cs, macsClientToServer: mc, macsServerToClient: ms,
      compressionClientToServer: zc, compressionServerToClient: zs,
    },
  };
}
