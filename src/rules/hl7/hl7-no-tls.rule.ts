/** An HL7 v2 interface answers over plain MLLP: orders, results and demographics cross the network readable. */
import { hl7Listener } from '../../probes/hl7/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'hl7-no-tls',
  title: 'HL7 v2 over MLLP without TLS',
  severity: 'medium',
  remediation:
    'Carry HL7 over TLS (MLLP over TLS, or a VPN/stunnel between the interface engine and this system) and allow ' +
    'the MLLP port only from the interface engine\'s address. In Mirth Connect/NextGen Connect use a TLS-enabled ' +
    'TCP Listener; in other engines the equivalent "secure MLLP" listener.',
  check: perObservation(hl7Listener, (o) => {
    if (o.data.tls || !o.data.answered || !o.data.reply) return undefined;
    const r = o.data.reply;
    const who = [r.sendingApplication, r.sendingFacility].filter(Boolean).join(' / ') || 'an unnamed application';
    return verdictFor(o, `Port ${o.endpoint.port} acknowledged an HL7 test message over plain MLLP (${who}, HL7 ${r.version || '?'}, MSA ${r.ackCode ?? '-'}).`);
  }),
});
