/** RDP that lets a client in without Network Level Authentication: the logon screen, and pre-auth bugs, face the network. */
import { rdpSecurity } from '../../probes/rdp/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'rdp-no-nla',
  title: 'RDP without Network Level Authentication',
  severity: 'high',
  remediation:
    'Require NLA: System Properties → Remote → "Allow connections only from computers running Remote Desktop ' +
    'with Network Level Authentication", or Group Policy "Require user authentication for remote connections ' +
    'by using Network Level Authentication" and Security Layer = SSL. Allow 3389 only from the service VLAN or jump ' +
    'host; for vendor remote service use the vendor\'s documented gateway.',
  check: perObservation(rdpSecurity, (o) => {
    const ways = [
      ...(o.data.standardRdp === 'accepted' ? ['standard RDP security (RC4, no server authentication)'] : []),
      ...(o.data.tlsOnly === 'accepted' ? ['TLS without NLA'] : []),
    ];
    if (ways.length === 0) return undefined;
    return verdictFor(
      o,
      `The RDP service on port ${o.endpoint.port} accepts clients offering ${ways.join(' and ')}; ` +
        `when offered everything it chose ${o.data.preferred ?? 'nothing'}. Anyone reaching the port gets a ` +
        'logon session before authenticating, which exposes pre-authentication flaws such as BlueKeep.',
    );
  }),
});
