import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import rule from './snmp-default-community.rule.js';

const o = (community: string): Observation => ({
  id: `o-${community}`,
  endpoint: { host: '10.0.0.9', port: 161, transport: 'udp' },
  kind: 'snmp.community',
  probeId: 'snmp.community',
  observedAt: '2026-11-30T12:00:00Z',
  data: { community, version: 'v2c', sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT', sysObjectID: null, sysName: null },
});
const facts = (observations: Observation[]) => ({
  asset: { assetId: null, address: '10.0.0.9', mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' },
  ports: [],
  observations,
  checks: [],
});

describe('snmp-default-community', () => {
  it('one verdict per port; "private" raises it to high', () => {
    const v = rule.check(facts([o('public'), o('private')]));
    expect(v).toHaveLength(1);
    expect(v[0]!.severity).toBe('high');
    expect(v[0]!.evidence).toContain('communities "public" (v2c) and "private" (v2c), revealing sysDescr "HP ETHERNET MULTI-ENVIRONMENT"');
    expect(rule.check(facts([o('public')]))[0]!.severity).toBeUndefined();
    expect(rule.check(facts([]))).toEqual([]);
  });
});
