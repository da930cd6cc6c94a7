/**
 * MS17-010 (EternalBlue, CVE-2017-0143…0148) detection in its documented non-exploiting form (TCP 445), as in
 * Microsoft-era scanners and nmap's smb-vuln-ms17-010: SMB1 negotiate, anonymous session, TREE_CONNECT to IPC$,
 * then one TRANSACTION PeekNamedPipe on FID 0. An unpatched srv.sys answers STATUS_INSUFF_SERVER_RESOURCES;
 * a patched one INVALID_HANDLE or ACCESS_DENIED. No oversized buffers, no exploit primitives, nothing written.
 * Intrusive anyway (opt-in): it drives SMB1 code paths on old, fragile Windows builds. Emits `smb.ms17-010`.
 */
import { NetError } from '../../net/errors.js';
import { defineProbe } from '../probe.js';
import { ntStatusName, smbMs17010 } from './observations.js';
import * as smb1 from './smb1.js';
import { exchange1 } from './smb1.probe.js';

const INSUFF_SERVER_RESOURCES = 0xc0000205;
const PATCHED = new Set([0xc0000008, 0xc0000022]);

export default defineProbe({
  id: 'smb.ms17-010',
  summary: 'MS17-010 (EternalBlue) check: PeekNamedPipe on FID 0 over an anonymous SMB1 session',
  safety: 'intrusive',
  transport: 'tcp',
  ports: [445],
  phase: 40,
  emits: [smbMs17010],
  defaults: {},
  async run(target, { net, host }) {
    // Where an earlier probe saw SMB1 refused the flaw cannot be reached: spare the device a second attempt.
    const smb1Seen = host.observations.some(
      (o) => o.kind === 'smb.negotiation' && o.endpoint.port === target.port && (o.data as { protocol?: string; accepted?: boolean }).protocol === 'smb1' && (o.data as { accepted?: boolean }).accepted === false,
    );
    if (smb1Seen) return { status: 'not-applicable', observations: [], detail: 'SMB1 is refused: MS17-010 is not reachable' };
    const conn = await net.connect(target);
    try {
      // A server that hangs up on an SMB1 negotiate has SMB1 off; timeouts and resets still surface as statuses.
      const reply = await exchange1(conn, smb1.negotiateRequest(1)).catch((e: unknown) => {
        if (e instanceof NetError && e.code === 'closed' && conn.pending === 0) return Buffer.alloc(0);
        throw e;
      });
      const neg = smb1.parseNegotiateResponse(reply);
      if (!neg && reply.length > 0 && !reply.subarray(0, 4).equals(Buffer.from([0xfe, 0x53, 0x4d, 0x42])))
        return { status: 'protocol-error', observations: [], detail: 'no SMB1 NEGOTIATE response' };
      if (!neg?.accepted) return { status: 'not-applicable', observations: [], detail: 'SMB1 is refused: MS17-010 is not reachable' };
      const session = smb1.parseSessionSetupResponse(await exchange1(conn, smb1.anonymousSessionSetup(2)));
      if (!session || session.status !== 0)
        return { status: 'success', observations: [], detail: `anonymous SMB1 session refused (${ntStatusName(session?.status ?? -1)}): not assessed` };
      const tree = smb1.parseSmb1(await exchange1(conn, smb1.treeConnectIpc(3, session.uid, target.host)));
      if (!tree || tree.status !== 0)
        return { status: 'success', observations: [], detail: `IPC$ refused (${ntStatusName(tree?.status ?? -1)}): not assessed` };
      const peek = smb1.parseSmb1(await exchange1(conn, smb1.peekNamedPipeFid0(4, session.uid, tree.tid)));
      if (!peek || peek.command !== smb1.Smb1Cmd.transaction)
        return { status: 'protocol-error', observations: [], detail: 'no TRANSACTION reply' };
      await exchange1(conn, smb1.logoffRequest(5, session.uid)).catch(() => undefined);
      const vulnerable = peek.status === INSUFF_SERVER_RESOURCES ? true : PATCHED.has(peek.status) ? false : null;
      return { status: 'success', observations: [smbMs17010.of({ vulnerable, status: ntStatusName(peek.status) })] };
    } finally {
      conn.destroy();
    }
  },
});
