/**
 * RDP security negotiation (TCP 3389). Up to three X.224 Connection Requests, one per connection: offering
 * everything (what does the server prefer?), only standard RDP security, and only TLS. Each connection closes
 * right after the Connection Confirm. When the server picks NLA, the first connection goes one step further:
 * TLS, then a CredSSP TSRequest with an NTLMSSP NEGOTIATE, to read the server's CHALLENGE (Windows build and host
 * names); it closes before any credential could be sent. Emits `rdp.security` and `rdp.ntlm-info`. Safe.
 */
import type { ObservationDraft } from '../../core/observation.js';
import type { Endpoint } from '../../core/endpoint.js';
import { NetError } from '../../net/errors.js';
import type { Net } from '../../net/net.js';
import { findNtlmChallenge, ntlmNegotiate } from '../smb/ntlmssp.js';
import { defineProbe } from '../probe.js';
import { derFramer, tsRequestNegotiate } from './credssp.js';
import { rdpNtlmInfo, rdpSecurity, type RdpSecurity } from './observations.js';
import { connectionRequest, parseConnectionConfirm, Proto, tpktFramer, type ConnectionConfirm } from './x224.js';

const READ = { deadlineMs: 4000, maxBytes: 4096 };
const NAMES: Readonly<Record<number, string>> = { 0: 'rdp', 1: 'tls', 2: 'hybrid', 4: 'rdstls', 8: 'hybrid-ex' };

async function ask(net: Net, target: Endpoint, protocols: number, onSelected?: (conn: import('../../net/conn.js').Conn, cc: ConnectionConfirm) => Promise<void>) {
  const conn = await net.connect(target);
  try {
    await conn.write(connectionRequest(protocols));
    const cc = parseConnectionConfirm(await conn.read(tpktFramer, READ));
    if (cc && onSelected) await onSelected(conn, cc);
    return cc;
  } finally {
    conn.destroy();
  }
}

/** A server that hangs up instead of sending RDP_NEG_FAILURE has refused too; that is an answer, not an error. */
async function askOrClosed(net: Net, target: Endpoint, protocols: number): Promise<ConnectionConfirm | undefined> {
  try {
    return await ask(net, target, protocols);
  } catch (e) {
    if (e instanceof NetError && e.code === 'closed') return { kind: 'failure', code: 0, reason: 'connection closed' };
    throw e;
  }
}

const answerOf = (cc: ConnectionConfirm | undefined, wanted: number): RdpSecurity['standardRdp'] =>
  !cc ? 'no-answer' : cc.kind === 'failure' ? 'refused' : cc.kind === 'legacy' ? (wanted === Proto.rdp ? 'accepted' : 'refused') : cc.protocol === wanted ? 'accepted' : 'refused';

export default defineProbe({
  id: 'rdp.security',
  summary: 'RDP security layers accepted (standard RDP, TLS, NLA) and the Windows build from the NLA challenge',
  safety: 'safe',
  transport: 'tcp',
  ports: [3389],
  emits: [rdpSecurity, rdpNtlmInfo],
  defaults: {},
  async run(target, { net }) {
    const observations: ObservationDraft[] = [];
    const failures: string[] = [];
    let ntlmNote: string | undefined;
    const all = await ask(net, target, Proto.ssl | Proto.hybrid | Proto.hybridEx, async (conn, cc) => {
      if (cc.kind !== 'selected' || (cc.protocol !== Proto.hybrid && cc.protocol !== Proto.hybridEx)) return;
      try {
        const tls = await net.startTls(conn, { handshakeTimeoutMs: 4000 });
        try {
          await tls.write(tsRequestNegotiate(ntlmNegotiate()));
          const challenge = findNtlmChallenge(await tls.read(derFramer, { deadlineMs: 4000, maxBytes: 16 * 1024 }));
          if (challenge) observations.push(rdpNtlmInfo.of(challenge));
          else ntlmNote = 'no NTLM challenge in the CredSSP reply';
        } finally {
          tls.destroy();
        }
      } catch (e) {
        if (!(e instanceof NetError)) throw e;
        ntlmNote = `CredSSP: ${e.message}`; // the negotiation answer stands even if NLA details could not be read
      }
    });
    if (!all) return { status: 'protocol-error', observations: [], detail: 'no X.224 Connection Confirm' };
    if (all.kind === 'failure') failures.push(all.reason);
    const standard = await askOrClosed(net, target, Proto.rdp);
    if (standard?.kind === 'failure') failures.push(standard.reason);
    const tls = await askOrClosed(net, target, Proto.ssl);
    if (tls?.kind === 'failure') failures.push(tls.reason);
    const preferred = all.kind === 'selected' ? (NAMES[all.protocol] ?? `0x${all.protocol.toString(16)}`) : all.kind === 'legacy' ? 'rdp' : null;
    const standardRdp = answerOf(standard, Proto.rdp);
    const tlsOnly = answerOf(tls, Proto.ssl);
    observations.unshift(
      rdpSecurity.of({
        standardRdp,
        tlsOnly,
        preferred,
        nlaRequired: (preferred === 'hybrid' || preferred === 'hybrid-ex') && standardRdp === 'refused' && tlsOnly === 'refused',
        failures: [...new Set(failures)],
      }),
    );
    return { status: 'success', observations, ...(ntlmNote ? { detail: ntlmNote } : {}) };
  },
});
