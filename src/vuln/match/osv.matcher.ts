/**
 * Matches a component's purl against OSV affected ranges: the purl type gives the OSV ecosystem, events are
 * walked in version order (introduced sets, fixed and last_affected clear), explicit `versions[]` always count.
 * Debian/Ubuntu use dpkg ordering, RPM distributions rpmvercmp, Alpine apk's, SEMVER ranges SemVer; GIT ranges
 * need the repository graph and are only used through `versions[]`. A version that cannot be ordered is a review,
 * not a guess. Distribution packages are looked up by their source package and release (os-package.ts).
 */
import { PackageURL } from 'packageurl-js';
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import type { Component } from '../component.js';
import type { OsvAffected, OsvRecord } from '../feeds/osv.feed.js';
import { compareVersions, type Scheme } from '../version/compare.js';
import type { Evidence, Match } from './match.js';
import { ecosystemRelease, packageVersion, purlRelease, sameRelease, sourcePackageOf } from './os-package.js';

const ECOSYSTEM: Record<string, string> = {
  npm: 'npm', pypi: 'PyPI', maven: 'Maven', golang: 'Go', cargo: 'crates.io', gem: 'RubyGems', nuget: 'NuGet',
  composer: 'Packagist', hex: 'Hex', pub: 'Pub', deb: 'Debian', apk: 'Alpine', rpm: 'Red Hat', swift: 'SwiftURL',
};
/** RPM distributions with OSV records of their own; other rpm namespaces are read against Red Hat's. */
const RPM_ECOSYSTEM: Record<string, string> = {
  almalinux: 'AlmaLinux', rocky: 'Rocky Linux', opensuse: 'openSUSE', suse: 'SUSE', sles: 'SUSE', mageia: 'Mageia', openeuler: 'openEuler',
};
const RPM_ECOSYSTEMS = /^(Red Hat|AlmaLinux|Rocky Linux|SUSE|openSUSE|Mageia|openEuler)(:|$)/;

interface PackageQuery {
  readonly ecosystem: string;
  /** The names to look up with the version each is judged at: the source package's first, then the binary's. */
  readonly lookups: readonly { readonly name: string; readonly version?: string; readonly viaSource?: string }[];
  readonly version?: string; // the binary's
  readonly distro?: string;
  readonly release?: string;
}

function packageOf(c: Component, purl: string): PackageQuery | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  let ecosystem = ECOSYSTEM[p.type];
  if (!ecosystem) return undefined;
  if (p.type === 'deb' && p.namespace === 'ubuntu') ecosystem = 'Ubuntu';
  if (p.type === 'rpm') ecosystem = RPM_ECOSYSTEM[p.namespace?.toLowerCase() ?? ''] ?? ecosystem;
  const named = p.type === 'maven' ? `${p.namespace}:${p.name}` : p.type === 'golang' || p.type === 'npm' || p.type === 'composer' ? (p.namespace ? `${p.namespace}/${p.name}` : p.name) : p.name;
  const name = p.type === 'pypi' ? named.toLowerCase().replace(/[-_.]+/g, '-') : named;
  const version = packageVersion(p) ?? c.version;
  const lookups: PackageQuery['lookups'][number][] = [];
  const source = p.type === 'deb' || p.type === 'apk' || p.type === 'rpm' ? sourcePackageOf(c, p) : undefined;
  if (source && source.name !== name) {
    const v = source.version ?? version;
    lookups.push({ name: source.name, version: v, viaSource: `${source.name}${v ? ` ${v}` : ''}` });
  }
  lookups.push({ name, version });
  return { ecosystem, lookups, version, distro: (p.qualifiers as Record<string, string> | undefined)?.distro, release: purlRelease(p) };
}

/**
 * The entries of a record for this package that apply to the purl's release: when the purl names one and the record
 * has per-release entries, only that release's (and release-less ones) count; a record for other releases only
 * does not concern it. Without a release in the purl, every entry counts.
 */
function entriesFor(rec: OsvRecord, ecosystem: string, name: string, release: string | undefined): OsvAffected[] {
  const mine = rec.affected.filter((a) => a.ecosystem.split(':')[0] === ecosystem && a.name === name);
  if (release === undefined) return mine;
  return mine.filter((a) => {
    const r = ecosystemRelease(a.ecosystem);
    return r === undefined || sameRelease(r, release);
  });
}

/** The CVEs a record is about: its aliases', else those of its `upstream` (a distribution's record of an upstream CVE). */
export const cvesOf = (rec: OsvRecord): string[] =>
  [rec.aliases, rec.upstream ?? []].map((l) => l.filter((x) => /^CVE-/.test(x))).find((l) => l.length) ?? [];

/** How an ecosystem's versions are ordered (ranges of type SEMVER are SemVer whatever the ecosystem). */
export const schemeOf = (ecosystem: string): Scheme =>
  /^(Debian|Ubuntu)(:|$)/.test(ecosystem) ? 'debian' : RPM_ECOSYSTEMS.test(ecosystem) ? 'rpm' : /^(Alpine|Wolfi|Chainguard)(:|$)/.test(ecosystem) ? 'apk' : 'generic';

/** The lowest `fixed` of an entry above this version: what to update to (a version in no range has none). */
export function nearestFix(a: OsvAffected, version: string): string | undefined {
  let best: string | undefined;
  for (const r of a.ranges) {
    if (r.type === 'GIT') continue;
    const scheme = r.type === 'SEMVER' ? 'semver' : schemeOf(a.ecosystem);
    for (const e of r.events)
      if (e.fixed !== undefined && compareVersions(e.fixed, version, scheme) === 1 && (best === undefined || compareVersions(e.fixed, best, scheme) === -1)) best = e.fixed;
  }
  return best;
}

/** true / false / undefined (cannot tell) for one affected entry. */
export function osvAffects(a: OsvAffected, version: string): boolean | undefined {
  if (a.versions.includes(version)) return true;
  const scheme = schemeOf(a.ecosystem);
  let unknown = false;
  for (const r of a.ranges) {
    if (r.type === 'GIT') continue;
    const cmp = (x: string) => {
      if (x === '0') return 1;
      const o = r.type === 'SEMVER' ? compareVersions(version, x, 'semver') : compareVersions(version, x, scheme);
      if (o === undefined) unknown = true;
      return o;
    };
    let affected = false;
    let ok = true;
    for (const e of r.events) {
      if (e.introduced !== undefined) {
        const o = cmp(e.introduced);
        if (o === undefined) ok = false;
        else if (o >= 0) affected = true;
      } else if (e.fixed !== undefined) {
        const o = cmp(e.fixed);
        if (o === undefined) ok = false;
        else if (o >= 0) affected = false;
      } else if (e.last_affected !== undefined) {
        const o = cmp(e.last_affected);
        if (o === undefined) ok = false;
        else if (o > 0) affected = false;
      } else if (e.limit !== undefined && e.limit !== '*') {
        const o = cmp(e.limit);
        if (o === undefined) ok = false;
        else if (o >= 0) affected = false;
      }
    }
    if (ok && affected) return true;
  }
  return unknown ? undefined : false;
}

export class OsvMatcher {
  constructor(private readonly store: VulnStore) {}

  match(c: Component): Match[] {
    if (!c.purl) return [];
    const pkg = packageOf(c, c.purl);
    if (!pkg) return [];
    const out = new Map<string, { -readonly [K in keyof Match]: Match[K] } & { evidence: Evidence[] }>();
    const judged = new Set<string>(); // records already judged under the source package's name
    for (const { name, version, viaSource } of pkg.lookups)
      for (const rec of this.store.osvByPackage(pkg.ecosystem, name)) {
        if (judged.has(rec.id)) continue;
        judged.add(rec.id);
        for (const a of entriesFor(rec, pkg.ecosystem, name, pkg.release)) {
          const hit = version ? osvAffects(a, version) : undefined;
          if (hit === false) continue;
          // A distribution's record tracks the upstream CVE it names in `upstream` (DEBIAN-CVE-…, UBUNTU-CVE-…, a DSA
          // listing several): under that CVE, KEV, EPSS and NVD's score apply, and the wire's match of it is the same.
          const cves = cvesOf(rec);
          const notes = [hit === undefined ? (version ? `cannot order ${version} against the OSV ranges` : 'component version unknown') : `version ${version} inside an affected range`];
          if (viaSource) notes.push(`built from source package ${viaSource}, which the advisory names`);
          if (a.ecosystem.includes(':') && pkg.distro === undefined) notes.push(`advisory is for ${a.ecosystem}; the purl names no distribution release`);
          const fixedIn = version ? nearestFix(a, version) : undefined;
          const evidence = { searched: c.purl, matched: `${a.ecosystem}/${a.name}`, advisory: rec.id, range: a.ranges.map((r) => r.events.map((e) => Object.entries(e).map(([k, v]) => `${k} ${v}`).join('')).join(', ')).join(' | ') || undefined, ...(fixedIn ? { fixedIn } : {}), notes };
          const confidence = hit === undefined ? 'review' : 'high';
          const remediation = fixedIn ? [`Update ${viaSource ? `the ${name} packages (${c.name})` : c.name} to ${fixedIn} or later (${a.ecosystem}, ${rec.id}).`] : undefined;
          for (const cve of cves.length ? cves : [rec.id]) {
            // Two records of one CVE (Debian's per-CVE record and its DSA) are one match citing both, the surer first.
            const had = out.get(cve);
            if (!had) out.set(cve, { component: { id: c.id, name: c.name, version: pkg.version }, cve, source: 'osv', confidence, evidence: [evidence], ...(remediation ? { remediation } : {}) });
            else if (had.confidence === 'review' && confidence === 'high') {
              had.confidence = 'high';
              had.evidence.unshift(evidence);
            } else had.evidence.push(evidence);
          }
          break;
        }
      }
    return [...out.values()];
  }
}
