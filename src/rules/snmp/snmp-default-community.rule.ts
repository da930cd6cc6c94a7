/** An SNMP agent that answers a community anyone can guess: it tells the network its model and firmware. */
import type { Verdict } from '../../core/finding.js';
import { snmpCommunity } from '../../probes/snmp/observations.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'snmp-default-community',
  title: 'SNMP default community accepted',
  severity: 'medium',
  remediation:
    'Change the community from public/private to a long random string, or better move the agent to SNMPv3 ' +
    'with authPriv; restrict the agent to the monitoring server\'s address (net-snmp: rocommunity SECRET ' +
    '10.0.0.5; printers and modalities: the device\'s network menu or the vendor). Disable SNMP where nobody ' +
    'monitors the device.',
  check(facts) {
    const byPort = new Map<number, { ids: string[]; parts: string[]; descr: string | null; priv: boolean; probeId: string }>();
    for (const o of facts.observations.filter(snmpCommunity.is)) {
      const e = byPort.get(o.endpoint.port) ?? { ids: [], parts: [], descr: null, priv: false, probeId: o.probeId };
      e.ids.push(o.id);
      e.parts.push(`"${o.data.community}" (${o.data.version})`);
      e.descr ??= o.data.sysDescr;
      e.priv ||= o.data.community === 'private';
      byPort.set(o.endpoint.port, e);
    }
    return [...byPort].map(
      ([port, e]): Verdict => ({
        port,
        evidence:
          `The SNMP agent on UDP ${port} answered GetRequests with the default ${e.parts.length > 1 ? 'communities' : 'community'} ${e.parts.join(' and ')}` +
          (e.descr ? `, revealing sysDescr "${e.descr.slice(0, 100)}". ` : '. ') +
          (e.priv ? '"private" is the conventional read-write community: it may also accept SET requests (not tested).' : 'Anyone on the network can read its configuration.'),
        ...(e.priv ? { severity: 'high' as const } : {}),
        observationIds: e.ids,
        probeId: e.probeId,
      }),
    );
  },
});
