/**
 * Software whose upstream line has reached end of life, or (where upstream supports only its newest release)
 * that is more than two years old with newer releases out. Judged from fingerprints alone (identify.product
 * observations) against the dated table in src/identify/lifecycle. A distribution build (Debian, Ubuntu, Red
 * Hat …) may carry backported fixes, so the evidence says so and the severity stays low for those.
 */
import type { Verdict } from '../../core/finding.js';
import type { Observation } from '../../core/observation.js';
import type { Identification } from '../../identify/identifier.js';
import { identifiedProduct } from '../../identify/identified.js';
import { lifecycleOf } from '../../identify/lifecycle/lookup.js';
import { defineRule, type HostFacts } from '../rule.js';

const YEAR = 365.25;
const years = (days: number): string => (days / YEAR).toFixed(1);

export default defineRule({
  id: 'outdated-software',
  title: 'Outdated software version',
  severity: 'medium',
  remediation:
    'Ask the device vendor for the supported software update (or, on systems you manage, upgrade to a ' +
    'maintained release). If the vendor ships a distribution build, check its security tracker for the fixes ' +
    'it has backported before treating the version as vulnerable. Record the version and the vendor\'s answer ' +
    'in the device\'s risk file.',
  check(facts: HostFacts): Verdict[] {
    // One verdict per product and version on the host: the same binary often serves several ports (80 and 443).
    const groups = new Map<string, Array<Observation<'identify.product', Identification & { readonly from: string }>>>();
    for (const o of facts.observations.filter(identifiedProduct.is)) {
      if (o.data.kind !== 'application' || !o.data.version) continue;
      // DICOM toolkit versions are judged by dicom-outdated-stack (standalone servers only: on a vendor modality
      // the hospital cannot patch the toolkit, and the vulnerability matcher speaks instead).
      if (facts.observations.find((x) => x.id === o.data.from)?.kind.startsWith('dicom.')) continue;
      const key = `${o.data.product}|${o.data.version}`;
      groups.set(key, [...(groups.get(key) ?? []), o]);
    }
    const out: Verdict[] = [];
    for (const group of groups.values()) {
      const o = group[0]!;
      const id = o.data;
      const at = new Date(o.observedAt);
      const lc = lifecycleOf(id.cpe, id.version!, at);
      if (!lc || lc.status === 'current') continue;
      const ports = [...new Set(group.map((g) => g.data.port).filter((p): p is number => p !== null))].sort((a, b) => a - b);
      const where = ports.length === 0 ? '' : ports.length === 1 ? ` on port ${ports[0]}` : ` on ports ${ports.join(', ')}`;
      const when = lc.releasedIs === 'exact' ? `was released on ${lc.released}` : lc.releasedIs === 'on-or-after'
        ? `was released on or after ${lc.released}` : `belongs to the ${lc.line.line} line first released on ${lc.released}`;
      const parts = [
        `${id.product} ${id.version}${where} ${when}, ${years(lc.ageDays)} years before this scan.`,
        lc.status === 'end-of-life'
          ? `Upstream support for the ${lc.line.line} line ended on ${lc.eol}.`
          : `Upstream supports only its newest release; the newest in our table is ${lc.newest.version} (${lc.newest.released}).`,
        id.distribution
          ? `This is a distribution build (${id.distribution}): the vendor may have backported fixes.`
          : 'No distribution build is named, so backported fixes are unlikely but possible in vendor firmware.',
        `Identified from: ${id.evidence}. Lifecycle source: ${lc.product.sources[0]} (compiled ${lc.product.compiled}).`,
      ];
      const source = facts.observations.find((x) => x.id === id.from);
      out.push({
        port: ports[0] ?? null,
        component: `${id.product} ${id.version}`,
        evidence: parts.join(' '),
        // A banner is weak evidence of what is patched: end of life is medium, mere age or a distribution build low.
        severity: id.distribution || lc.status === 'aged' ? 'low' : 'medium',
        observationIds: group.flatMap((g) => [g.id, g.data.from]),
        ...(source ? { probeId: source.probeId } : {}),
      });
    }
    return out;
  },
});
