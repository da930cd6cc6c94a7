/** Builds HostFacts from plain observation data for rule tests (fixed clock, sequential ids). */
import type { Observation, ObservationSpec } from '../../src/core/observation.js';
import type { HostFacts } from '../../src/rules/rule.js';

let n = 0;
export function obs<K extends string, D>(spec: ObservationSpec<K, D>, data: D, port = 443, probeId = 'x.y'): Observation<K, D> {
  return { id: `obs_${++n}`, endpoint: { host: '10.1.2.3', port, transport: 'tcp' }, kind: spec.kind, probeId, observedAt: '2026-11-30T12:00:00.000Z', data };
}
export const hostFacts = (observations: Observation[]): HostFacts => ({
  asset: { assetId: null, address: '10.1.2.3', mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
  ports: [],
  observations,
  checks: [],
});
