/**
 * SMB1 check (TCP 445). Sends one NEGOTIATE offering only the SMB1 dialect "NT LM 0.12". If the server takes
 * it, one anonymous SESSION_SETUP (empty account and password) reads the NativeOS/NativeLanMan strings, then logs
 * off. Emits `smb.negotiation` (protocol smb1: accepted or not, signing mode) and `smb.native-os`. Safe: these
 * are the first messages of every SMB1 client.
 */
import type { Conn } from '../../net/conn.js';
import { defineProbe } from '../probe.js';
import { SMB_READ } from './client.js';
import { nbssFrame, nbssFramer, nbssPayload } from './nbss.js';
import { smbNativeOs, smbNegotiation } from './observations.js';
import * as smb1 from './smb1.js';

export const exchange1 = async (conn: Conn, msg: Buffer): Promise<Buffer> => {
  await conn.write(nbssFrame(msg));
  for (;;) {
    const m = nbssPayload(await conn.read(nbssFramer, SMB_READ));
    if (m.length) return m;
  }
};

export default defineProbe({
  id: 'smb.smb1',
  summary: 'Whether the server still accepts SMB1 (NT LM 0.12), and its NativeOS from an anonymous session',
  safety: 'safe',
  transport: 'tcp',
  ports: [445],
  phase: 20,
  emits: [smbNegotiation, smbNativeOs],
  defaults: {},
  async run(target, { net }) {
    const conn = await net.connect(target);
    try {
      let reply: Buffer;
      try {
        reply = await exchange1(conn, smb1.negotiateRequest(1));
      } catch (e) {
        if ((e as { code?: string }).code === 'closed') {
          // Bytes left unread mean something other than SMB answered: that is not an SMB1 refusal.
          if (conn.pending > 0) return { status: 'protocol-error', observations: [], detail: 'not an SMB reply before the connection closed' };
          // SMB2-only servers (Windows with SMB1 removed, Samba ≥ 4.11 by default) often just close the connection.
          return { status: 'success', observations: [smbNegotiation.of(refused)], detail: 'connection closed on SMB1 negotiate' };
        }
        throw e;
      }
      const neg = smb1.parseNegotiateResponse(reply);
      if (!neg) {
        // An SMB2 reply to an SMB1 negotiate is how some servers say "SMB1 off, talk SMB2".
        if (reply.subarray(0, 4).equals(Buffer.from([0xfe, 0x53, 0x4d, 0x42])))
          return { status: 'success', observations: [smbNegotiation.of(refused)] };
        return { status: 'protocol-error', observations: [], detail: 'no SMB1 NEGOTIATE response' };
      }
      const negotiation = smbNegotiation.of({
        protocol: 'smb1',
        accepted: neg.accepted,
        dialect: neg.accepted ? smb1.NT_LM_012 : null,
        signingEnabled: neg.signingEnabled,
        signingRequired: neg.signingRequired,
      });
      if (!neg.accepted) return { status: 'success', observations: [negotiation] };
      const session = smb1.parseSessionSetupResponse(await exchange1(conn, smb1.anonymousSessionSetup(2)));
      const native = smbNativeOs.of({
        nativeOs: session?.nativeOs ?? null,
        nativeLanMan: session?.nativeLanMan ?? null,
        primaryDomain: session?.primaryDomain ?? neg.domain,
        serverName: neg.serverName,
      });
      if (session && session.status === 0) await exchange1(conn, smb1.logoffRequest(3, session.uid)).catch(() => undefined);
      return { status: 'success', observations: [negotiation, native] };
    } finally {
      conn.destroy();
    }
  },
});

const refused = { protocol: 'smb1', accepted: false, dialect: null, signingEnabled: false, signingRequired: false } as const;
