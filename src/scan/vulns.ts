/**
 * After identification, a host's fingerprinted products (OpenSSH, nginx, Samba, DCMTK, Windows …) are matched
 * against the offline feeds, and every match becomes a `known-vulnerability` finding keyed by (subject, component,
 * CVE) with the match's evidence and its explained priority. Matches a human must review stay visible, flagged.
 */
import type { Severity } from '../core/severity.js';
import type { Observation } from '../core/observation.js';
import { identifiedProduct } from '../identify/identified.js';
import type { RuledVerdict } from '../store/store.js';
import type { Component, Match } from '../vuln/index.js';

export const KNOWN_VULNERABILITY = 'known-vulnerability';
/** Leads a human must confirm (version not orderable, range text not parsed, NVD not analysed yet): never loud. */
export const VULNERABILITY_NEEDS_REVIEW = 'vulnerability-needs-review';

/** Components from a host's identify.product observations that carry a CPE (others cannot be matched by NVD). */
export function componentsOf(address: string, observations: readonly Observation[]): Array<Component & { port: number | null; observationId: string }> {
  const seen = new Set<string>();
  const out: Array<Component & { port: number | null; observationId: string }> = [];
  for (const o of observations.filter(identifiedProduct.is)) {
    const d = o.data;
    if (d.cpe.length === 0 || !d.version) continue;
    const id = `${address}:${d.port ?? 'host'}:${d.product} ${d.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      id,
      kind: d.kind === 'os' ? 'os' : d.kind === 'firmware' ? 'firmware' : d.kind === 'device' ? 'device' : 'application',
      name: d.product,
      ...(d.vendor ? { vendor: d.vendor } : {}),
      version: d.version,
      cpes: d.cpe,
      source: 'fingerprint',
      asset: address,
      ...(d.distribution ? { distribution: d.distribution } : {}),
      port: d.port,
      observationId: o.id,
    });
  }
  return out;
}

const SEVERITY: Record<string, Severity> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', none: 'info' };

export function verdictsFromMatches(
  matches: readonly Match[],
  components: ReadonlyArray<Component & { port: number | null; observationId: string }>,
): RuledVerdict[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  const out: RuledVerdict[] = [];
  for (const m of matches) {
    if (m.rejected) continue;
    const c = byId.get(m.component.id);
    if (!c) continue;
    const cvss = m.cvss && m.cvss !== 'unscored' ? m.cvss : null;
    const review = m.confidence === 'review';
    // Unscored is not zero: it stays medium until someone scores it. KEV entries are exploited: at least high.
    // A lead that needs review is info until a human confirms it, whatever its CVSS.
    let severity: Severity = cvss ? (SEVERITY[cvss.severity] ?? 'medium') : 'medium';
    if (m.kev && (severity === 'medium' || severity === 'low' || severity === 'info')) severity = 'high';
    if (review) severity = 'info';
    const e = m.evidence[0];
    const parts = [
      `${c.name} ${c.version}${c.port === null ? '' : ` on port ${c.port}`} matches ${m.cve} (${m.source}, confidence ${m.confidence}${m.confidence === 'review' ? ': needs review' : ''}).`,
      e ? `Searched ${e.searched}; matched ${e.matched}${e.range ? ` ${e.range}` : ''}.` : '',
      cvss ? `CVSS ${cvss.version} ${cvss.score} (${cvss.severity}).` : 'No CVSS score in the feeds (unscored).',
      m.kev ? `In CISA KEV since ${m.kev.dateAdded}${m.kev.ransomware === 'Known' ? ', used by ransomware' : ''}.` : '',
      m.epss ? `EPSS ${m.epss.epss} (percentile ${m.epss.percentile}).` : '',
      c.distribution ? `Distribution build ${c.distribution}: fixes may be backported; check the vendor's tracker.` : '',
      m.priority ? `Priority ${m.priority.score}/100: ${m.priority.why.join('; ')}.` : '',
    ];
    out.push({
      ruleId: review ? VULNERABILITY_NEEDS_REVIEW : KNOWN_VULNERABILITY,
      title: review ? `${m.cve} may affect ${c.name} ${c.version} (needs review)` : `${m.cve} in ${c.name} ${c.version}`,
      port: c.port,
      component: `${c.name} ${c.version}`,
      cve: m.cve,
      severity,
      evidence: parts.filter(Boolean).join(' '),
      remediation: m.remediation?.length
        ? m.remediation.join(' ')
        : `Ask the vendor for the update that fixes ${m.cve} (practice 5: update software religiously); until then limit who can reach port ${c.port ?? 'the service'}.`,
      observationIds: [c.observationId],
    });
  }
  return out;
}
