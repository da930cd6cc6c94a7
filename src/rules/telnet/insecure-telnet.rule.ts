/** Telnet answers: every password and keystroke crosses the network in clear text. */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { telnetSession } from '../../probes/telnet/observations.js';

export default defineRule({
  id: 'insecure-telnet',
  title: 'Telnet service enabled',
  severity: 'high',
  remediation:
    'Turn telnet off on this device and use SSH (or the vendor\'s encrypted remote-service channel) instead. If the ' +
    'vendor says telnet cannot be disabled, allow port 23 only from the service VLAN or jump host in the firewall ' +
    'in front of the device, and record the exception in the device\'s risk file.',
  check: perObservation(telnetSession, (o) => {
    const firstLine = o.data.banner.split('\n').find((l) => l.trim()) ?? '';
    const shown = o.data.loginPrompt ? 'a login prompt' : 'no login prompt yet';
    return verdictFor(
      o,
      `Telnet answered on port ${o.endpoint.port} and showed ${shown}` +
        (firstLine ? ` after the text "${firstLine.slice(0, 80)}"` : '') +
        '. Anyone on the path can read the user names, passwords and commands typed into this session.',
    );
  }),
});
