/**
 * Shared by the hygiene integration suites: runs probes in phase order against one endpoint (each seeing the
 * observations of the ones before, as the scan engine does) and judges the result with rules.
 */
import { fixedClock, sequentialIds, type Clock } from '../../src/core/clock.js';
import type { Check } from '../../src/core/check.js';
import type { Observation } from '../../src/core/observation.js';
import { DoNotProbeGuard } from '../../src/net/guard.js';
import { FAST_LIMITS } from '../../src/net/limits.js';
import { Net } from '../../src/net/net.js';
import type { Probe } from '../../src/probes/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';
import type { Rule } from '../../src/rules/rule.js';
import { identifyHost } from '../../src/identify/identified.js';
import { identifiers } from '../../src/identify/index.js';
import type { Identification } from '../../src/identify/identifier.js';

export const SCAN_CLOCK: Clock = fixedClock('2026-11-30T12:00:00.000Z');

export const testNet = (): Net => new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard() });

export interface Probed {
  readonly observations: Observation[];
  readonly checks: Check[];
}

export async function probeAll(net: Net, host: string, port: number, probes: readonly Probe[]): Promise<Probed> {
  const ids = sequentialIds();
  const observations: Observation[] = [];
  const checks: Check[] = [];
  for (const probe of [...probes].sort((a, b) => (a.phase ?? 50) - (b.phase ?? 50))) {
    const ctx = { net, clock: SCAN_CLOCK, options: probe.defaults, host: { address: host, openPorts: [port], observations } };
    const r = await runProbe(probe, { host, port, transport: 'tcp' }, ctx, ids);
    observations.push(...r.observations);
    checks.push(r.check);
  }
  return { observations, checks };
}

/** Rule ids that fired, sorted, with duplicates kept (one per verdict). */
export function findings(rules: readonly Rule[], host: string, p: Probed): string[] {
  const facts = {
    asset: { assetId: null, address: host, mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' },
    ports: [],
    observations: p.observations,
    checks: p.checks,
  };
  return rules.flatMap((r) => r.check(facts).map(() => r.id)).sort();
}

export function evidence(rules: readonly Rule[], host: string, p: Probed): string[] {
  const facts = {
    asset: { assetId: null, address: host, mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' },
    ports: [],
    observations: p.observations,
    checks: p.checks,
  };
  return rules.flatMap((r) => r.check(facts).map((v) => `${r.id}: ${v.evidence}`));
}

/** Adds the identify.product observations the scan engine would derive, and returns them too. */
export function withIdentification(p: Probed): { probed: Probed; identified: Identification[] } {
  const { observations } = identifyHost(p.observations, identifiers, sequentialIds());
  return {
    probed: { observations: [...p.observations, ...observations], checks: p.checks },
    identified: observations.map((o) => o.data as Identification),
  };
}
