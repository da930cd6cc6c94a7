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
import { PackageURL } from 'packageurl-js';
import { aliasNames } from '../vuln/match/aliases.js';
import { vendorProduct } from '../vuln/match/cpe.js';
import { distributionNote, distributionRemedy } from '../vuln/match/distro-verdict.js';
import { packageVersion, sourcePackageOf, upstreamVersion } from '../vuln/match/os-package.js';
import type { TriagedMatch } from '../vuln/vex/triage.js';

export const KNOWN_VULNERABILITY = 'known-vulnerability';
/** Leads a human must confirm (version not orderable, range text not parsed, NVD not analysed yet): never loud. */
export const VULNERABILITY_NEEDS_REVIEW = 'vulnerability-needs-review';

/**
 * Software a device is known to run without a scan seeing it: one stored SBOM of the asset or of its model, or the
 * device itself as the inventory names it.
 */
export interface KnownSoftware {
  /** The asset key its components share (`sbom-3`): the same on every device that lists them, so matched once. */
  readonly key: string;
  /** Said in each finding's evidence, e.g. `SBOM 3 of model "Acme Imager 9" (imager.cdx.json, imported 2026-11-30)`. */
  readonly source: string;
  /** The model the SBOM was imported for: triage decisions recorded for that model apply. */
  readonly model?: string;
  readonly components: readonly Component[];
}

/** A component as a finding needs it: where it was seen (or the SBOM that lists it) and the observation to cite. */
export type HostComponent = Component & { port: number | null; observationId: string; listedIn?: string };

/**
 * The components of a device's SBOMs (and the device as the inventory names it), cited by the inventory observation
 * of the host. One SBOM is one asset key, the same on every device of the model, so the matcher evaluates a model's
 * SBOM once per scan.
 */
export function sbomComponents(software: readonly KnownSoftware[], observationId: string): HostComponent[] {
  return software.flatMap((s) => listedComponents(s).map((c) => ({ ...c, port: null, observationId, listedIn: s.source })));
}

/** Known software's components under the ids and asset key every device listing it shares (`sbom-3:c1`). */
export function listedComponents(s: KnownSoftware): Component[] {
  return s.components.map((c) => ({ ...c, id: `${s.key}:${c.id}`, asset: s.key }));
}

/**
 * What the scan identified on the wire speaks for the same software an SBOM lists: the SBOM's matches the wire
 * already gives are left out, so the device gets one finding per vulnerability. The same software is
 * - an entry of the same vendor:product (any alias spelling) and version by CPE: NVD gives both the same CVEs, so all
 *   of the entry's matches go, even when the SBOM spells the product otherwise (`openssh` for `OpenSSH`);
 * - an entry whose purl names the same product and upstream version (Trivy lists distribution packages by purl
 *   alone; Syft adds CPEs made from the package name, `libssl3:libssl3:3.0.13-1~deb12u1`, that match nothing):
 *   `pkg:deb/debian/openssh-server@1:9.2p1-2+deb12u3` is OpenSSH 9.2p1. Its matches of a CVE the wire product has
 *   go; the others (an advisory without a CVE, a CVE NVD does not give for the product) stay;
 * - an NVD match of an entry without a CPE (the device as the inventory names it) through the CPE NVD's names gave
 *   it, when the wire saw that vendor:product and version.
 * Returns the test an SBOM match fails when it goes.
 */
export function wireSpeaksFor(sbom: readonly Component[], wire: readonly Component[], wireMatches: readonly Match[]): (m: Match) => boolean {
  const seen = new Set(wire.flatMap(cpeKeys));
  const whole = new Set(sbom.filter((c) => cpeKeys(c).some((k) => seen.has(k))).map((c) => c.id));
  const cvesOf = new Map<string, Set<string>>(); // wire component → its CVEs
  for (const m of wireMatches) {
    const s = cvesOf.get(m.component.id);
    if (s) s.add(m.cve);
    else cvesOf.set(m.component.id, new Set([m.cve]));
  }
  const byProduct = new Map<string, Set<string>>(); // product@version → the CVEs the wire has for it
  for (const c of wire)
    for (const k of productKeys(c)) {
      const s = byProduct.get(k) ?? new Set<string>();
      for (const cve of cvesOf.get(c.id) ?? []) s.add(cve);
      byProduct.set(k, s);
    }
  const twinCves = new Map<string, Set<string>>(); // SBOM entry → the CVEs its wire twin has
  for (const c of sbom) {
    const k = c.purl ? purlProduct(c) : undefined;
    const cves = k && byProduct.get(k);
    if (cves) twinCves.set(c.id, cves);
  }
  // Callers filter the wire's own matches too: only a listed entry's can go.
  const listed = new Set(sbom.filter((c) => !c.cpes.length).map((c) => c.id));
  return (m) =>
    whole.has(m.component.id) || (twinCves.get(m.component.id)?.has(m.cve) ?? false) || (listed.has(m.component.id) && seen.has(searchedKey(m) ?? ''));
}

/**
 * vendor:product@version of the CPE an NVD match searched: for an entry without a CPE of its own (the device as the
 * inventory names it), the CPE NVD's names gave it (named-cpes.ts), which may be the very product the wire saw.
 */
function searchedKey(m: Match): string | undefined {
  const vp = m.source === 'nvd' && m.component.version ? vendorProduct(m.evidence[0]?.searched ?? '') : undefined;
  return vp && `${vp[0]}:${vp[1]}@${m.component.version!.toLowerCase()}`;
}

/** vendor:product@version of each CPE, in every alias spelling (CPE names compare without case). */
function cpeKeys(c: Component): string[] {
  return c.cpes.flatMap((x) => {
    const vp = vendorProduct(x);
    return vp && c.version ? aliasNames(vp[0], vp[1]).map((a) => `${a.vendor}:${a.product}@${c.version!.toLowerCase()}`) : [];
  });
}

/** product@version of each CPE, in every alias spelling: what a purl can be compared with (it names no vendor). */
function productKeys(c: Component): string[] {
  return cpeKeys(c).map((k) => k.slice(k.indexOf(':') + 1));
}

/** Distribution binary packages named after a library's soname rather than the project. */
const SONAME_PRODUCT: readonly [RegExp, string][] = [
  [/^lib(ssl|crypto)[\d.]*$/, 'openssl'],
  [/^libdcmtk[\d.]*$/, 'dcmtk'],
  [/^libsmbclient[\d.]*$|^libwbclient[\d.]*$/, 'samba'],
];
/** The role suffixes a project's binary packages carry (openssh-server, samba-common-bin, nginx-core). */
const ROLE_SUFFIX = /(-(server|client|sftp-server|bin|common|utils|tools|daemon|core|libs|light|full|extras))+$/;
const DISTRIBUTION_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm']);

/**
 * product@upstream-version a purl names: the source package the SBOM or the purl's `upstream` says built it, else
 * the package name without role suffix; for a distribution package the version without epoch and package revision
 * (`1:9.2p1-2+deb12u3` → `9.2p1`, `1.1.1-r0` → `1.1.1`). Undefined when the purl is malformed or has no version.
 */
export function purlProduct(c: Pick<Component, 'purl' | 'sourcePackage'>): string | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(c.purl ?? '');
  } catch {
    return undefined;
  }
  const source = DISTRIBUTION_TYPES.has(p.type) ? sourcePackageOf(c, p) : undefined;
  const raw = source?.version ?? packageVersion(p);
  if (!raw) return undefined;
  const name = (source?.name ?? p.name).toLowerCase();
  const product = SONAME_PRODUCT.find(([re]) => re.test(name))?.[1] ?? name.replace(ROLE_SUFFIX, '');
  const version = DISTRIBUTION_TYPES.has(p.type) ? upstreamVersion(raw.toLowerCase()) : raw.toLowerCase();
  return `${product}@${version}`;
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

/** A match left for review because no version is known is decided by the version, not by a person reading it. */
function unknownVersionStep(c: HostComponent): string {
  const where =
    c.source === 'inventory'
      ? "record the device's software version in the inventory (software_version)"
      : c.listedIn
        ? 'ask the manufacturer for an SBOM that gives it'
        : 'identify it (a credentialed check, or the vendor)';
  return `No version is known: ${where}, then radguard vulns reassess decides this match.`;
}

const RANK: Record<Match['confidence'], number> = { review: 0, low: 1, medium: 2, high: 3 };

/**
 * One finding per component and CVE. When several sources match it (CISA's advisory by name and NVD by CPE), the
 * strongest speaks, the others are cited beside it, and the vendor's remediation is kept whichever matched hardest.
 */
function bySameCve(matches: readonly (Match | TriagedMatch)[]): (Match | TriagedMatch)[][] {
  const groups = new Map<string, (Match | TriagedMatch)[]>();
  for (const m of matches) {
    if (m.rejected) continue;
    const k = `${m.component.id}\u0000${m.cve}`;
    const g = groups.get(k);
    if (g) g.push(m);
    else groups.set(k, [m]);
  }
  return [...groups.values()].map((g) => (g.length === 1 ? g : [...g].sort((a, b) => RANK[b.confidence] - RANK[a.confidence])));
}

/** "X; matched Y range in advisory Z": what was searched, and what matched it. */
const cited = (e: Match['evidence'][number]): string => `${e.searched}; matched ${e.matched}${e.range ? ` ${e.range}` : ''}${e.advisory ? ` in advisory ${e.advisory}` : ''}`;

export function verdictsFromMatches(matches: readonly (Match | TriagedMatch)[], components: readonly HostComponent[]): RuledVerdict[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  const out: RuledVerdict[] = [];
  for (const [m, ...also] of bySameCve(matches)) {
    if (!m) continue;
    const c = byId.get(m.component.id);
    if (!c) continue;
    const remediation = m.remediation?.length ? m.remediation : also.find((x) => x.remediation?.length)?.remediation;
    const upgradeTo = m.upgradeTo ?? also.find((x) => x.upgradeTo?.length)?.upgradeTo;
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
    const proposal = 'proposal' in m ? m.proposal : undefined;
    const parts = [
      `${label}${c.port === null ? '' : ` on port ${c.port}`}${c.listedIn ? ` (listed in ${c.listedIn})` : ''} matches ${m.cve} (${m.source}, confidence ${m.confidence}${m.confidence === 'review' ? ': needs review' : ''}).`,
      e ? `Searched ${cited(e)}.` : '',
      ...also.map((x) => `Also ${x.source} (confidence ${x.confidence})${x.evidence[0] ? `: searched ${cited(x.evidence[0])}` : ''}.`),
      cvss ? `CVSS ${cvss.version} ${cvss.score} (${cvss.severity}).` : 'No CVSS score in the feeds (unscored).',
      m.kev ? `${IN_KEV} ${m.kev.dateAdded}${m.kev.ransomware === 'Known' ? ', used by ransomware' : ''}.` : '',
      m.epss ? `EPSS ${m.epss.epss} (percentile ${m.epss.percentile}).` : '',
      m.distribution
        ? distributionNote(m.distribution)
        : c.distribution
          ? `Distribution build ${c.distribution}: fixes may be backported; check the vendor's tracker.`
          : '',
      review && !c.version ? unknownVersionStep(c) : '',
      m.priority ? `Priority ${m.priority.score}/100: ${m.priority.why.join('; ')}.` : '',
      proposal
        ? `A vendor states ${proposal.status}${proposal.justification ? ` (${proposal.justification})` : ''} (${proposal.source}, ${proposal.scope}): awaiting the site's approval (radguard vulns proposals).`
        : '',
    ];
    out.push({
      ruleId: review ? VULNERABILITY_NEEDS_REVIEW : KNOWN_VULNERABILITY,
      title: review ? `${m.cve} may affect ${label} (needs review)` : `${m.cve} in ${label}`,
      port: c.port,
      component: label,
      cve: m.cve,
      severity,
      evidence: parts.filter(Boolean).join(' '),
      remediation: m.distribution && !m.distribution.fixed
        ? distributionRemedy(m.distribution)
        : remediation?.length
          ? remediation.join(' ')
        : upgradeTo?.length
          ? `Update ${label} to ${upgradeTo.join(' or ')}: past every version the feeds list as affected by ${m.cve} (practice 5: update software religiously). Until then limit who can reach ${c.port === null ? 'the device' : `port ${c.port}`}.`
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
        : m.distribution
          ? // The distribution's advisory decides as a VEX statement would: a person's decision above still wins.
            { decision: { affected: !m.distribution.fixed, ...(m.distribution.fixed ? { justification: 'fixed in the distribution build' } : {}), note: distributionNote(m.distribution) } }
          : {}),
    });
  }
  return out;
}
