/** SMB without mandatory signing: a machine in the middle can relay or alter the session (NTLM relay). */
import type { Verdict } from '../../core/finding.js';
import { smbNegotiation } from '../../probes/smb/observations.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'smb-signing-not-required',
  title: 'SMB signing not required',
  severity: 'medium',
  remediation:
    'Require SMB signing on the server. Windows: Group Policy "Microsoft network server: Digitally sign ' +
    'communications (always)" = Enabled, or Set-SmbServerConfiguration -RequireSecuritySignature $true; Samba: ' +
    'server signing = mandatory. Check first that every client of this share (modalities, PACS, scanners) can sign.',
  // One verdict per port even when both SMB1 and SMB2 were asked: it is one setting to change.
  check(facts) {
    const byPort = new Map<number, Verdict>();
    for (const o of facts.observations.filter(smbNegotiation.is)) {
      if (!o.data.accepted || o.data.signingRequired) continue;
      const what = o.data.protocol === 'smb1' ? 'SMB1' : `SMB ${o.data.dialect}`;
      const prev = byPort.get(o.endpoint.port);
      const evidence = `${what} on port ${o.endpoint.port} negotiated with signing ${o.data.signingEnabled ? 'enabled but not required' : 'disabled'}`;
      byPort.set(o.endpoint.port, {
        port: o.endpoint.port,
        evidence: prev ? `${prev.evidence}; ${evidence}` : evidence,
        observationIds: [...(prev?.observationIds ?? []), o.id],
        probeId: o.probeId,
      });
    }
    return [...byPort.values()].map((v) => ({ ...v, evidence: `${v.evidence}: a client that does not sign is accepted, so sessions can be relayed or altered in transit.` }));
  },
});
