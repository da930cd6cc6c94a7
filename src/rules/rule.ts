/**
 * A rule judges everything known about one host in one scan (`HostFacts`) and returns one verdict per affected
 * port or component. Seeing the whole host lets a rule compare observations (two AE-title tests) and notice
 * absences (a declared port that is closed). Rule ids are stable forever: users filter and suppress by them.
 */
import type { AssetFacts } from '../core/asset.js';
import type { Check } from '../core/check.js';
import type { Verdict } from '../core/finding.js';
import type { Observation, ObservationSpec } from '../core/observation.js';
import type { Severity } from '../core/severity.js';

export interface PortFact {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly state: 'open' | 'closed' | 'filtered';
  readonly service: string | null;
}

export interface HostFacts {
  readonly asset: AssetFacts;
  readonly ports: readonly PortFact[];
  readonly observations: readonly Observation[];
  readonly checks: readonly Check[];
}

export interface Rule {
  readonly id: string; // kebab-case, stable forever
  readonly title: string;
  readonly severity: Severity;
  /** Concrete, in the words of the five practices where it fits: what to change, where. */
  readonly remediation: string;
  check(facts: HostFacts): readonly Verdict[];
}

export const defineRule = (rule: Rule): Rule => rule;

/** Sugar for the common case: judge each observation of one kind on its own. */
export const perObservation =
  <K extends string, D>(
    spec: ObservationSpec<K, D>,
    judge: (o: Observation<K, D>, facts: HostFacts) => Verdict | undefined,
  ) =>
  (facts: HostFacts): readonly Verdict[] =>
    facts.observations.filter(spec.is).flatMap((o) => judge(o, facts) ?? []);

/** A verdict pointing at one observation, with the probe that must run again to clear it. */
export const verdictFor = (o: Observation, evidence: string, extra: Partial<Verdict> = {}): Verdict => ({
  port: o.endpoint.port,
  evidence,
  observationIds: [o.id],
  probeId: o.probeId,
  ...extra,
});
