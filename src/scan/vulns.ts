/**
 * After identification, a host's fingerprinted products (OpenSSH, nginx, Samba, DCMTK, Windows …) and the software
 * the inventory knows the device runs (the SBOMs of the asset and of its model) are matched against the offline
 * feeds, and every match becomes a `known-vulnerability` finding keyed by (subject, component, CVE) with the
 * match's evidence and its explained priority. Matches a human must review stay visible, flagged. A VEX or triage
 * decision that the device is not affected turns the finding into a false positive, with the decision as reason.
 */
import type { Severity } from '../core/severity.js';
import type { Observation } from '../core/observation.js';
import { identifiedProduct } from '../identify/identified.js';
import { SBOM_PROBE, type RuledVerdict } from '../store/store.js';
import type { Component, Match } from '../vuln/index.js';
import { aliasNames } from '../vuln/match/aliases.js';
import { textOf, tryParseCpe } from '../vuln/match/cpe.js';
import type { TriagedMatch } from '../vuln/vex/triage.js';

export const KNOWN_VULNERABILITY = 'known-vulnerability';
/** Leads a human must confirm (version not orderable, range text not parsed, NVD not analysed yet): never loud. */
export const VULNERABILITY_NEEDS_REVIEW = 'vulnerability-needs-review';

/** Software the inventory says a device runs: one stored SBOM of the asset or of its model. */
export interface KnownSoftware {
  readonly sbomId: number;
  /** Said in each finding's evidence, e.g. `SBOM 3 of model "Acme Imager 9" (imager.cdx.json, imported 2026-11-30)`. */
  readonly source: string;
  /** The model the SBOM was imported for: triage decisions recorded for that model apply. */
  readonly model?: string;
  readonly components: readonly Component[];
}

/** A component as a finding needs it: where it was seen (or the SBOM that lists it) and the observation to cite. */
export type HostComponent = Component & { port: number | null; observationId: string; listedIn?: string };

/**
 * The components of a device's SBOMs, cited by the inventory observation of the host. One SBOM is one asset key,
 * the same on every device of the model, so the matcher evaluates a model's SBOM once per scan.
 */
export function sbomComponents(software: readonly KnownSoftware[], observationId: string): HostComponent[] {
  return software.flatMap((s) =>
    s.components.map((c) => ({ ...c, id: `sbom-${s.sbomId}:${c.id}`, asset: `sbom-${s.sbomId}`, port: null, observationId, listedIn: s.source })),
  );
}

/**
 * The SBOM components a scan identified on the wire as well: the same vendor:product (any alias spelling) and
 * version. Their findings come from the wire's evidence (port, banner) only, so the device gets one finding per
 * vulnerability even when the SBOM names the product otherwise (`openssh` for `OpenSSH`).
 */
export function alsoOnWire(sbom: readonly Component[], wire: readonly Component[]): Set<string> {
  const keys = (c: Component): string[] =>
    c.cpes.flatMap((x) => {
      const p = tryParseCpe(x);
      const [v, n] = p ? [textOf(p[1]!)?.toLowerCase(), textOf(p[2]!)?.toLowerCase()] : []; // CPE names compare without case
      return v && n && c.version ? aliasNames(v, n).map((a) => `${a.vendor}:${a.product}@${c.version!.toLowerCase()}`) : [];
    });
  const seen = new Set(wire.flatMap(keys));
  return new Set(sbom.filter((c) => keys(c).some((k) => seen.has(k))).map((c) => c.id));
}

/** Components from a host's identify.product observations that carry a CPE (others cannot be matched by NVD). */
export function componentsOf(address: string, observations: readonly Observation[]): HostComponent[] {
  const seen = new Set<string>();
  const out: HostComponent[] = [];
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

/** How a finding's evidence says its CVE is in CISA KEV (summaries pick exploited findings out by it). */
export const IN_KEV = 'In CISA KEV since';

const SEVERITY: Record<string, Severity> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', none: 'info' };

/** Triage statuses that say the device is not affected: its finding becomes a false positive. */
const NOT_AFFECTED = new Set(['not_affected', 'false_positive']);
/** Statuses that take such a decision back (a revised VEX): a false positive made by VEX reopens. */
const STILL_AFFECTED = new Set(['affected', 'under_investigation']);

export function verdictsFromMatches(matches: readonly (Match | TriagedMatch)[], components: readonly HostComponent[]): RuledVerdict[] {
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
    const label = c.version ? `${c.name} ${c.version}` : c.name;
    const triage = 'triage' in m ? m.triage : undefined;
    const parts = [
      `${label}${c.port === null ? '' : ` on port ${c.port}`}${c.listedIn ? ` (listed in ${c.listedIn})` : ''} matches ${m.cve} (${m.source}, confidence ${m.confidence}${m.confidence === 'review' ? ': needs review' : ''}).`,
      e ? `Searched ${e.searched}; matched ${e.matched}${e.range ? ` ${e.range}` : ''}.` : '',
      cvss ? `CVSS ${cvss.version} ${cvss.score} (${cvss.severity}).` : 'No CVSS score in the feeds (unscored).',
      m.kev ? `${IN_KEV} ${m.kev.dateAdded}${m.kev.ransomware === 'Known' ? ', used by ransomware' : ''}.` : '',
      m.epss ? `EPSS ${m.epss.epss} (percentile ${m.epss.percentile}).` : '',
      c.distribution ? `Distribution build ${c.distribution}: fixes may be backported; check the vendor's tracker.` : '',
      m.priority ? `Priority ${m.priority.score}/100: ${m.priority.why.join('; ')}.` : '',
    ];
    out.push({
      ruleId: review ? VULNERABILITY_NEEDS_REVIEW : KNOWN_VULNERABILITY,
      title: review ? `${m.cve} may affect ${label} (needs review)` : `${m.cve} in ${label}`,
      port: c.port,
      component: label,
      cve: m.cve,
      severity,
      evidence: parts.filter(Boolean).join(' '),
      remediation: m.remediation?.length
        ? m.remediation.join(' ')
        : `Ask the vendor for the update that fixes ${m.cve} (practice 5: update software religiously); until then limit who can reach ${c.port === null ? 'the device' : `port ${c.port}`}.`,
      observationIds: c.observationId ? [c.observationId] : [], // a desk re-assessment of a device never scanned with its SBOMs cites none
      ...(c.listedIn ? { probeId: SBOM_PROBE } : {}),
      ...(triage && (NOT_AFFECTED.has(triage.status) || STILL_AFFECTED.has(triage.status))
        ? {
            decision: {
              affected: !NOT_AFFECTED.has(triage.status),
              justification: triage.justification,
              note: `${triage.status}${triage.justification ? ` (${triage.justification})` : ''}${triage.detail ? `: ${triage.detail}` : ''} — ${triage.source}, ${triage.scope}`,
            },
          }
        : {}),
    });
  }
  return out;
}
