import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import rdpNoNla from './rdp-no-nla.rule.js';

const facts = (data: unknown) => ({
  asset: { assetId: null, address: '10.0.0.5', mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' },
  ports: [],
  observations: [{ id: 'o1', endpoint: { host: '10.0.0.5', port: 3389, transport: 'tcp' }, kind: 'rdp.security', probeId: 'rdp.security', observedAt: '2026-11-30T12:00:00Z', data } as Observation],
  checks: [],
});

describe('rdp-no-nla', () => {
  it('names each way in without NLA', () => {
    const v = rdpNoNla.check(facts({ standardRdp: 'accepted', tlsOnly: 'accepted', preferred: 'tls', nlaRequired: false, failures: [] }));
    expect(v[0]!.evidence).toMatch(/standard RDP security .* and TLS without NLA/);
    expect(rdpNoNla.check(facts({ standardRdp: 'refused', tlsOnly: 'accepted', preferred: 'tls', nlaRequired: false, failures: ['SSL_REQUIRED_BY_SERVER'] }))[0]!.evidence).not.toContain('standard RDP');
  });

  it('is silent when NLA is required or nothing answered', () => {
    expect(rdpNoNla.check(facts({ standardRdp: 'refused', tlsOnly: 'refused', preferred: 'hybrid', nlaRequired: true, failures: [] }))).toEqual([]);
    expect(rdpNoNla.check(facts({ standardRdp: 'no-answer', tlsOnly: 'no-answer', preferred: 'hybrid', nlaRequired: false, failures: [] }))).toEqual([]);
  });
});
