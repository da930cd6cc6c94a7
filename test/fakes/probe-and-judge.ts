/**
 * For the SMB/RDP/SNMP integration suites: runs probes against one endpoint in phase order (each sees the
 * observations of the ones before, as the scan engine does), applies the identifiers, and judges with the rules.
 */
import { fixedClock, sequentialIds } from '../../src/core/clock.js';
import type { Check } from '../../src/core/check.js';
import type { Endpoint } from '../../src/core/endpoint.js';
import type { Observation } from '../../src/core/observation.js';
import { identifyHost } from '../../src/identify/identified.js';
import { identifiers } from '../../src/identify/index.js';
import { DoNotProbeGuard } from '../../src/net/guard.js';
import { FAST_LIMITS } from '../../src/net/limits.js';
import { Net } from '../../src/net/net.js';
import type { Probe } from '../../src/probes/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';
import { rules } from '../../src/rules/index.js';
import type { HostFacts } from '../../src/rules/rule.js';

export interface Judged {
  readonly observations: Observation[];
  readonly checks: Check[];
  readonly findings: string[]; // rule ids, sorted, one per verdict
  readonly evidence: string[];
}

export async function probeAndJudge(target: Endpoint, probes: readonly Probe[], options: Record<string, object> = {}): Promise<Judged> {
  const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard() });
  const ids = sequentialIds();
  const clock = fixedClock('2026-11-30T12:00:00.000Z');
  const observations: Observation[] = [];
  const checks: Check[] = [];
  for (const probe of [...probes].sort((a, b) => (a.phase ?? 50) - (b.phase ?? 50))) {
    const ctx = { net, clock, options: { ...probe.defaults, ...(options[probe.id] ?? {}) }, host: { address: target.host, openPorts: [target.port], observations } };
    const r = await runProbe(probe, target, ctx, ids);
    observations.push(...r.observations);
    checks.push(r.check);
  }
  const identified = identifyHost(observations, identifiers, ids).observations;
  const facts: HostFacts = {
    asset: { assetId: null, address: target.host, mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
    ports: [],
    observations: [...observations, ...identified],
    checks,
  };
  const verdicts = rules.flatMap((r) => r.check(facts).map((v) => ({ id: r.id, evidence: v.evidence })));
  return {
    observations: [...observations, ...identified],
    checks,
    findings: verdicts.map((v) => v.id).sort(),
    evidence: verdicts.map((v) => `${v.id}: ${v.evidence}`),
  };
}
