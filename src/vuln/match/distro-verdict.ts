/**
 * What a distribution's own advisories say of an NVD match on software the distribution built. NVD judges the
 * upstream version (OpenSSH 9.2p1), but Debian and Ubuntu backport fixes without changing it: the build on the
 * wire (`OpenSSH_9.2p1 Debian-2+deb12u3`) or in the SBOM (`pkg:deb/debian/openssh-server@1:9.2p1-2+deb12u3`) may
 * carry the fix. When the distribution's OSV records cover the CVE for the package in the build's release, they
 * decide: fixed at or before this build, or not. Without such a record, the NVD match keeps its "fixes may be
 * backported" caveat.
 */
import { PackageURL } from 'packageurl-js';
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import type { Component } from '../component.js';
import type { OsvAffected, OsvRecord } from '../feeds/osv.feed.js';
import { textOf, tryParseCpe } from './cpe.js';
import { ecosystemRelease, packageVersion, purlRelease, releaseLine, sameRelease, sourcePackageOf } from './os-package.js';
import { cvesOf, nearestFix, osvAffects } from './osv.matcher.js';

export interface DistributionVerdict {
  /** The build carries the fix. */
  readonly fixed: boolean;
  /** The distribution's record that says so, and the ecosystem of the entry read (`Debian:12`). */
  readonly advisory: string;
  readonly ecosystem: string;
  /** The distribution's package, and the package and build judged (`openssh 1:9.2p1-2+deb12u3`). */
  readonly package: string;
  readonly build: string;
  /** The release's fixed version, when it has one. */
  readonly fixedIn?: string;
}

interface DistroBuild {
  readonly ecosystem: 'Debian' | 'Ubuntu';
  readonly name: string;
  readonly version: string;
  readonly release?: string;
}

/** Debian's (and Ubuntu's) source packages of products scans identify with a distribution build in their banner. */
const SOURCE_PACKAGE: Record<string, string> = {
  'openbsd:openssh': 'openssh',
  'samba:samba': 'samba',
  'apache:http_server': 'apache2',
  'f5:nginx': 'nginx',
  'nginx:nginx': 'nginx',
  'beasts:vsftpd': 'vsftpd',
  'isc:bind': 'bind9',
  'openssl:openssl': 'openssl',
  'offis:dcmtk': 'dcmtk',
};

/**
 * The distribution package and build a component is: from a deb purl (SBOM), or from a Debian or Ubuntu build in a
 * banner (`Debian-2+deb12u3` after OpenSSH 9.2p1 is openssh 9.2p1-2+deb12u3 of Debian 12, `Ubuntu-3ubuntu0.6`
 * after 8.9p1 is openssh 8.9p1-3ubuntu0.6; Samba's `Debian-4.19.5+dfsg-4` is the whole version). Undefined when
 * neither says.
 */
export function distroBuildOf(c: Component): DistroBuild | undefined {
  if (c.purl) {
    let p: PackageURL;
    try {
      p = PackageURL.fromString(c.purl);
    } catch {
      return undefined;
    }
    if (p.type !== 'deb') return undefined;
    const source = sourcePackageOf(c, p);
    const version = source?.version ?? packageVersion(p);
    if (!version) return undefined;
    const release = purlRelease(p);
    return {
      ecosystem: p.namespace === 'ubuntu' ? 'Ubuntu' : 'Debian',
      name: source?.name ?? p.name,
      version,
      ...(release ? { release } : {}),
    };
  }
  const [, distro, build] = /^(Debian|Ubuntu)-(\S+)$/.exec(c.distribution ?? '') ?? [];
  if (!distro || !build || !c.version) return undefined;
  const name = c.cpes
    .map((x) => tryParseCpe(x))
    .map((p) => p && SOURCE_PACKAGE[`${textOf(p[1]!)}:${textOf(p[2]!)}`.toLowerCase()])
    .find(Boolean);
  if (!name) return undefined;
  const version = build.startsWith(c.version) ? build : `${c.version}-${build}`;
  // Debian's stable updates say their release (`+deb12u3`); Ubuntu's (`3ubuntu0.6`) do not.
  const release = distro === 'Debian' ? /[+~]deb(\d+)u\d+/.exec(version)?.[1] : undefined;
  return { ecosystem: distro as DistroBuild['ecosystem'], name, version, ...(release ? { release } : {}) };
}

/** Banners never show the epoch (`1:` for openssh): a package's versions share it, so the record's is taken. */
function withEpoch(version: string, a: OsvAffected): string {
  if (/^\d+:/.test(version)) return version;
  for (const r of a.ranges)
    for (const e of r.events) {
      const epoch = /^(\d+):/.exec(e.fixed ?? e.introduced ?? e.last_affected ?? '')?.[1];
      if (epoch) return `${epoch}:${version}`;
    }
  return version;
}

const fixesOf = (a: OsvAffected): string[] => a.ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed !== undefined ? [e.fixed] : [])));
const fixOf = (a: OsvAffected): string | undefined => fixesOf(a)[0];
const cveOf = (rec: OsvRecord): string | undefined => cvesOf(rec)[0] ?? (/^CVE-/.test(rec.id) ? rec.id : undefined);

/**
 * The distribution's verdict on each of these CVEs for the component, where its records give one. In the build's
 * release the release's entry decides. With no release known, the releases whose fix is of the build's line are
 * the candidates (all of them when none has a fix), and only a verdict they all agree on counts. A record that
 * cannot order the build gives none; of two records on one CVE, "not fixed" wins.
 */
export function distributionVerdicts(store: VulnStore, c: Component, cves: ReadonlySet<string>): Map<string, DistributionVerdict> {
  const out = new Map<string, DistributionVerdict>();
  const b = distroBuildOf(c);
  if (!b || !cves.size) return out;
  for (const rec of store.osvByPackage(b.ecosystem, b.name)) {
    const cve = cveOf(rec);
    if (!cve || !cves.has(cve) || out.get(cve)?.fixed === false) continue;
    const ours = rec.affected.filter((a) => a.ecosystem.split(':')[0] === b.ecosystem && a.name === b.name);
    // A release updates one build of a package, so a build naming no release can be of those releases whose fix is
    // of its line (`9.2p1-2` is bookworm's openssh, fixed in `9.2p1-2+deb12u3`; `9.2p1-3`, of the same upstream
    // version, is not bookworm's, and bookworm's fix says nothing of it). Where no release has a fix, the
    // distribution has fixed it in no build: every release's entry judges it.
    const unfixedEverywhere = b.release === undefined && ours.every((a) => fixOf(a) === undefined);
    const entries = ours.filter((a) => {
      if (b.release !== undefined) {
        const r = ecosystemRelease(a.ecosystem);
        return r === undefined || sameRelease(r, b.release);
      }
      const fix = fixOf(a);
      return unfixedEverywhere || (fix !== undefined && releaseLine(fix) === releaseLine(b.version));
    });
    const judged = entries.map((a) => {
      const version = withEpoch(b.version, a);
      return { a, version, hit: osvAffects(a, version) };
    });
    if (!judged.length || judged.some((j) => j.hit === undefined)) continue;
    const affected = judged.filter((j) => j.hit);
    if (affected.length && affected.length < judged.length) continue; // releases disagree and the build names none
    const { a, version } = affected[0] ?? judged[0]!;
    // Not fixed: the nearest fix above the build, if any. Fixed: the fix it is at or past.
    const fixedIn = affected.length ? nearestFix(a, version) : fixesOf(a).at(-1);
    out.set(cve, {
      fixed: !affected.length,
      advisory: rec.id,
      // Unfixed everywhere, the build is judged by the distribution as a whole, not by a release it may not be of.
      ecosystem: unfixedEverywhere ? b.ecosystem : a.ecosystem,
      package: b.name,
      build: `${b.name} ${version}`,
      ...(fixedIn ? { fixedIn } : {}),
    });
  }
  return out;
}

/** What to do about a build the distribution has not fixed: its package update, or its tracker until there is one. */
export function distributionRemedy(d: DistributionVerdict): string {
  return d.fixedIn
    ? `Update the ${d.package} package to ${d.fixedIn} or later (${d.ecosystem}, ${d.advisory}).`
    : `${d.ecosystem} has no fixed ${d.package} package yet (${d.advisory}): follow its tracker, and limit who can reach the service until it has.`;
}

/** One line of evidence for a finding. */
export function distributionNote(d: DistributionVerdict): string {
  return d.fixed
    ? `${d.ecosystem} fixes it in ${d.fixedIn ?? 'an earlier build'} (${d.advisory}); this build, ${d.build}, carries the fix (backported).`
    : `${d.ecosystem} has ${d.fixedIn ? `fixed it only in ${d.fixedIn}` : 'not fixed it yet'} (${d.advisory}); this build, ${d.build}, is affected.`;
}
