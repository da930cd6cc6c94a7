/**
 * A TLS port that still accepts SSLv3, TLS 1.0 or TLS 1.1 (deprecated by RFC 8996; POODLE/BEAST-era). Reads
 * both the Node handshakes (tls.versions) and the hand-built SSLv3 hello (tls.legacy).
 */
import { defineRule, type HostFacts } from '../rule.js';
import { tlsLegacy, tlsVersions } from '../../probes/tls/observations.js';
import type { Verdict } from '../../core/finding.js';

export default defineRule({
  id: 'tls-legacy-version',
  title: 'Legacy SSL/TLS version accepted (SSLv3, TLS 1.0 or 1.1)',
  severity: 'medium',
  remediation:
    'Allow only TLS 1.2 and 1.3 on this port (nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol ' +
    '-all +TLSv1.2 +TLSv1.3; Windows: disable SSL 3.0/TLS 1.0/1.1 in SCHANNEL). On a vendor device, ask for the ' +
    'update that does; until then limit the port to the systems that need it.',
  check(facts: HostFacts): Verdict[] {
    const ports = new Map<number, { versions: string[]; ids: string[]; probeId: string }>();
    const add = (port: number, version: string, id: string, probeId: string) => {
      const p = ports.get(port) ?? { versions: [], ids: [], probeId };
      if (!p.versions.includes(version)) p.versions.push(version);
      if (!p.ids.includes(id)) p.ids.push(id);
      ports.set(port, p);
    };
    for (const o of facts.observations.filter(tlsLegacy.is))
      for (const offer of o.data.offers)
        if (offer.outcome === 'server-hello' && offer.version === 'SSLv3') add(o.endpoint.port, 'SSLv3', o.id, o.probeId);
    for (const o of facts.observations.filter(tlsVersions.is))
      for (const r of o.data.results)
        if (r.accepted && (r.version === 'TLSv1' || r.version === 'TLSv1.1')) add(o.endpoint.port, r.version, o.id, o.probeId);
    return [...ports].map(([port, p]) => {
      const order = ['SSLv3', 'TLSv1', 'TLSv1.1'];
      const versions = p.versions.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      return {
        port,
        evidence: `Port ${port} completed a handshake (or sent a ServerHello) with ${versions.join(', ')}.`,
        severity: versions.includes('SSLv3') ? 'high' : 'medium',
        observationIds: p.ids,
        probeId: versions.includes('SSLv3') ? 'tls.legacy-hello' : 'tls.versions',
      };
    });
  },
});
