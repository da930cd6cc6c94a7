/** Disk shares an anonymous or guest logon can connect to: images and reports readable (or writable) by anyone. */
import { smbShareAccess } from '../../probes/smb/observations.js';
import type { Verdict } from '../../core/finding.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'smb-guest-share',
  title: 'SMB share open to anonymous or guest users',
  severity: 'high',
  remediation:
    'Remove guest access from the share and give it named accounts. Samba: guest ok = no on the share and ' +
    'map to guest = Never; Windows: disable the Guest account, remove "Everyone"/"ANONYMOUS LOGON" from the ' +
    'share and NTFS permissions and set "Network access: Restrict anonymous access to Named Pipes and Shares". ' +
    'If a modality needs a drop folder, restrict it to the modality\'s account and address.',
  // One verdict per port listing every open share: the finding key is per port, so shares must not collide.
  check(facts) {
    const byPort = new Map<number, { shares: string[]; ids: string[]; write: boolean; probeId: string }>();
    for (const o of facts.observations.filter(smbShareAccess.is)) {
      if (!o.data.accessible || o.data.type !== 'disk') continue;
      const e = byPort.get(o.endpoint.port) ?? { shares: [], ids: [], write: false, probeId: o.probeId };
      e.shares.push(`"${o.data.share}" (${o.data.logon}, ${o.data.rights.join('/') || 'no data rights'})`);
      e.ids.push(o.id);
      e.write ||= o.data.rights.includes('write');
      byPort.set(o.endpoint.port, e);
    }
    return [...byPort].map(
      ([port, e]): Verdict => ({
        port,
        evidence:
          `Without credentials, a TREE_CONNECT on port ${port} succeeded for ${e.shares.join(', ')}. ` +
          'No file was listed or opened; the access mask is what the server granted.' +
          (e.write ? ' Write access lets anyone plant or encrypt files there.' : ''),
        ...(e.write ? { severity: 'critical' as const } : {}),
        observationIds: e.ids,
        probeId: e.probeId,
      }),
    );
  },
});
