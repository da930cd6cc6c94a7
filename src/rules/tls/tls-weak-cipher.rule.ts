/**
 * A TLS port that agrees to a weak cipher suite: NULL, EXPORT, anonymous, RC4, DES, 3DES (Sweet32), RC2, IDEA.
 * Node's OpenSSL cannot offer most of these, so the evidence usually comes from the hand-built legacy hello.
 */
import { defineRule, type HostFacts } from '../rule.js';
import { tlsLegacy, tlsVersions } from '../../probes/tls/observations.js';
import type { Verdict } from '../../core/finding.js';
import { cipherWeakness, isBroken } from './weak-ciphers.js';

export default defineRule({
  id: 'tls-weak-cipher',
  title: 'Weak TLS cipher suite accepted',
  severity: 'medium',
  remediation:
    'Remove RC4, DES/3DES, EXPORT, NULL and anonymous suites from the server\'s cipher list (nginx/Apache: ' +
    'use the Mozilla "intermediate" list; Windows: disable them in SCHANNEL or with IIS Crypto). On a vendor ' +
    'device, ask for the update; until then limit the port to the systems that need it.',
  check(facts: HostFacts): Verdict[] {
    const ports = new Map<number, { suites: string[]; ids: string[]; broken: boolean; probeId: string }>();
    const add = (port: number, suite: string, id: string, probeId: string) => {
      const w = cipherWeakness(suite);
      if (!w) return;
      const p = ports.get(port) ?? { suites: [], ids: [], broken: false, probeId };
      if (!p.suites.includes(suite)) p.suites.push(suite);
      if (!p.ids.includes(id)) p.ids.push(id);
      p.broken ||= isBroken(w);
      ports.set(port, p);
    };
    for (const o of facts.observations.filter(tlsLegacy.is))
      for (const offer of o.data.offers)
        if (offer.outcome === 'server-hello' && offer.cipher) add(o.endpoint.port, offer.cipher, o.id, o.probeId);
    for (const o of facts.observations.filter(tlsVersions.is))
      for (const r of o.data.results) if (r.accepted && r.cipher) add(o.endpoint.port, r.cipher, o.id, o.probeId);
    return [...ports].map(([port, p]) => ({
      port,
      evidence: `Port ${port} agreed to ${p.suites.join(', ')} when offered.`,
      severity: p.broken ? 'high' : 'medium',
      observationIds: p.ids,
      probeId: p.probeId,
    }));
  },
});
