/**
 * A certificate with a key too small to resist factoring/discrete-log today (RSA/DSA under 2048 bits, EC under
 * 224) or signed with a broken hash (MD2, MD5, SHA-1), following NIST SP 800-131A.
 */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { tlsCertificate } from '../../probes/tls/observations.js';

export default defineRule({
  id: 'tls-weak-key',
  title: 'Weak TLS certificate key or signature',
  severity: 'medium',
  remediation:
    'Issue a new certificate for this port with an RSA key of at least 2048 bits (or ECDSA P-256) signed with ' +
    'SHA-256 or better, and retire the old key. On vendor devices that generate their own key, ask for the ' +
    'update that supports larger keys.',
  check: perObservation(tlsCertificate, (o) => {
    const d = o.data;
    const why: string[] = [];
    const bits = d.keyBits;
    if (bits !== null && /^(RSA|RSA-PSS|DSA|DH)$/.test(d.keyType) && bits < 2048) why.push(`a ${bits}-bit ${d.keyType} key`);
    if (bits !== null && d.keyType === 'EC' && bits < 224) why.push(`a ${bits}-bit EC key`);
    if (/^(md2|md5|sha1)With|ecdsa-with-SHA1|dsa-with-sha1/i.test(d.signatureAlgorithm)) why.push(`a ${d.signatureAlgorithm} signature`);
    if (!why.length) return undefined;
    const severe = (bits !== null && bits < 1024 && d.keyType !== 'EC') || /md2|md5/i.test(d.signatureAlgorithm);
    return verdictFor(o, `The certificate on port ${o.endpoint.port} (subject ${d.subject}) has ${why.join(' and ')}.`, {
      severity: severe ? 'high' : undefined,
    });
  }),
});
