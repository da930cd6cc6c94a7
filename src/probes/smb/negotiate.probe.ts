/**
 * SMB2/3 negotiation (TCP 445). Sends one NEGOTIATE offering dialects 2.0.2 to 3.1.1 with signing enabled but
 * not required, then the first leg of an anonymous NTLMSSP logon, and closes once the server's CHALLENGE is read.
 * No credentials are sent and no session is completed. Emits the chosen dialect and signing mode
 * (`smb.negotiation`) and the OS version and names the CHALLENGE carries (`smb.ntlm-info`). Safe.
 */
import { defineProbe } from '../probe.js';
import { Smb2Client } from './client.js';
import { smbNegotiation, smbNtlmInfo } from './observations.js';
import { DIALECTS } from './smb2.js';

export default defineProbe({
  id: 'smb.negotiate',
  summary: 'SMB2/3 dialect, signing requirement and NTLM OS version from an anonymous logon challenge',
  safety: 'safe',
  transport: 'tcp',
  ports: [445],
  phase: 20,
  emits: [smbNegotiation, smbNtlmInfo],
  defaults: {},
  async run(target, { net }) {
    const conn = await net.connect(target);
    try {
      const client = new Smb2Client(conn);
      const neg = await client.negotiate();
      if (!neg) return { status: 'protocol-error', observations: [], detail: 'no SMB2 NEGOTIATE response' };
      const observations = [
        smbNegotiation.of({
          protocol: 'smb2',
          accepted: true,
          dialect: DIALECTS[neg.dialect] ?? `0x${neg.dialect.toString(16)}`,
          signingEnabled: neg.signingEnabled,
          signingRequired: neg.signingRequired,
          serverGuid: neg.serverGuid,
          serverStartTime: neg.serverStartTime,
        }),
      ];
      const logon = await client.logon('anonymous', true);
      if (logon.challenge) return { status: 'success', observations: [...observations, smbNtlmInfo.of({ ...logon.challenge, via: 'smb2' })] };
      return { status: 'success', observations, detail: 'no NTLMSSP challenge in the session setup reply' };
    } finally {
      conn.destroy();
    }
  },
});
