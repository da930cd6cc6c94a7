/**
 * Matches a component's purl against OSV affected ranges: the purl type gives the OSV ecosystem, events are
 * walked in version order (introduced sets, fixed and last_affected clear), explicit `versions[]` always count.
 * Debian/Ubuntu use dpkg ordering, SEMVER ranges SemVer; GIT ranges need the repository graph and are only
 * used through `versions[]`. A version that cannot be ordered is a review, not a guess.
 */
import { PackageURL } from 'packageurl-js';
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import type { Component } from '../component.js';
import type { OsvAffected } from '../feeds/osv.feed.js';
import { compareVersions, type Scheme } from '../version/compare.js';
import type { Evidence, Match } from './match.js';

const ECOSYSTEM: Record<string, string> = {
  npm: 'npm', pypi: 'PyPI', maven: 'Maven', golang: 'Go', cargo: 'crates.io', gem: 'RubyGems', nuget: 'NuGet',
  composer: 'Packagist', hex: 'Hex', pub: 'Pub', deb: 'Debian', apk: 'Alpine', rpm: 'Red Hat', swift: 'SwiftURL',
};

function packageOf(purl: string): { ecosystem: string; name: string; version?: string; distro?: string } | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  let ecosystem = ECOSYSTEM[p.type];
  if (!ecosystem) return undefined;
  if (p.type === 'deb' && p.namespace === 'ubuntu') ecosystem = 'Ubuntu';
  const name = p.type === 'maven' ? `${p.namespace}:${p.name}` : p.type === 'golang' || p.type === 'npm' || p.type === 'composer' ? (p.namespace ? `${p.namespace}/${p.name}` : p.name) : p.name;
  return { ecosystem, name: p.type === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name, version: p.version ?? undefined, distro: (p.qualifiers as Record<string, string> | undefined)?.distro };
}

/** true / false / undefined (cannot tell) for one affected entry. */
export function osvAffects(a: OsvAffected, version: string): boolean | undefined {
  if (a.versions.includes(version)) return true;
  const scheme: Scheme = /^(Debian|Ubuntu)/.test(a.ecosystem) ? 'debian' : 'generic';
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
    const pkg = packageOf(c.purl);
    if (!pkg) return [];
    const version = pkg.version ?? c.version;
    const out = new Map<string, { -readonly [K in keyof Match]: Match[K] } & { evidence: Evidence[] }>();
    for (const rec of this.store.osvByPackage(pkg.ecosystem, pkg.name)) {
      for (const a of rec.affected) {
        if (a.ecosystem.split(':')[0] !== pkg.ecosystem || a.name !== pkg.name) continue;
        const hit = version ? osvAffects(a, version) : undefined;
        if (hit === false) continue;
        // A distribution's record tracks the upstream CVE it names in `upstream` (DEBIAN-CVE-…, UBUNTU-CVE-…, a DSA
        // listing several): under that CVE, KEV, EPSS and NVD's score apply, and the wire's match of it is the same.
        const cves = [rec.aliases, rec.upstream ?? []].map((l) => l.filter((x) => /^CVE-/.test(x))).find((l) => l.length) ?? [];
        const notes = [hit === undefined ? (version ? `cannot order ${version} against the OSV ranges` : 'component version unknown') : `version ${version} inside an affected range`];
        if (a.ecosystem.includes(':') && pkg.distro === undefined) notes.push(`advisory is for ${a.ecosystem}; the purl names no distribution release`);
        const evidence = { searched: c.purl, matched: `${a.ecosystem}/${a.name}`, advisory: rec.id, range: a.ranges.map((r) => r.events.map((e) => Object.entries(e).map(([k, v]) => `${k} ${v}`).join('')).join(', ')).join(' | ') || undefined, notes };
        const confidence = hit === undefined ? 'review' : 'high';
        for (const cve of cves.length ? cves : [rec.id]) {
          // Two records of one CVE (Debian's per-CVE record and its DSA) are one match citing both, the surer first.
          const had = out.get(cve);
          if (!had) out.set(cve, { component: { id: c.id, name: c.name, version }, cve, source: 'osv', confidence, evidence: [evidence] });
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
