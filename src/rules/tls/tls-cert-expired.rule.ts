/** The certificate a TLS port presents is outside its validity period at the time of the scan. */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { tlsCertificate } from '../../probes/tls/observations.js';

export default defineRule({
  id: 'tls-cert-expired',
  title: 'TLS certificate expired or not yet valid',
  severity: 'medium',
  remediation:
    'Install a current certificate on this port (from the hospital\'s CA, with an expiry date tracked in the ' +
    'certificate inventory). Clients that accept an expired certificate have usually been told to ignore all ' +
    'certificate errors, which makes interception easy: fix those clients too.',
  check: perObservation(tlsCertificate, (o) => {
    const at = Date.parse(o.observedAt);
    const after = Date.parse(o.data.notAfter);
    const before = Date.parse(o.data.notBefore);
    const day = (iso: string) => iso.slice(0, 10);
    if (after < at) {
      const days = Math.floor((at - after) / 86_400_000);
      return verdictFor(o, `The certificate on port ${o.endpoint.port} (subject ${o.data.subject}) expired on ${day(o.data.notAfter)}, ${days} days before this scan.`);
    }
    if (before > at)
      return verdictFor(o, `The certificate on port ${o.endpoint.port} (subject ${o.data.subject}) is not valid before ${day(o.data.notBefore)}.`, { severity: 'low' });
    return undefined;
  }),
});
