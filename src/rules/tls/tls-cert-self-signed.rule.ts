/** A self-signed certificate: clients cannot tell the device from an impostor without pinning it by hand. */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { tlsCertificate } from '../../probes/tls/observations.js';

export default defineRule({
  id: 'tls-cert-self-signed',
  title: 'Self-signed TLS certificate',
  severity: 'low',
  remediation:
    'Replace the self-signed certificate with one issued by the hospital\'s internal CA (with the device\'s name ' +
    'in subjectAltName), and distribute the CA to the clients, so they can verify the device instead of ' +
    'accepting whatever certificate they are shown.',
  check: perObservation(tlsCertificate, (o) =>
    o.data.selfSigned
      ? verdictFor(o, `Port ${o.endpoint.port} presents a self-signed certificate (subject and issuer ${o.data.subject}, SHA-256 ${o.data.sha256.slice(0, 16)}…).`)
      : undefined,
  ),
});
