/**
 * The patch-first list: per component, the most urgent finding first, and the version that leaves every
 * machine-readable affected range — the highest `versionEndExcluding`, or "above" the highest
 * `versionEndIncluding`, except the later versions NVD lists as affected too — plus the advisories' own remediation
 * text. Ranges in different version schemes are listed side by side rather than compared. For a distribution
 * package the distribution's fixed package is the target (its OSV records' fixed version; for an NVD match on its
 * build, ADR 0108), not the upstream release.
 */
import type { Match } from '../match/match.js';
import { schemeOf } from '../match/osv.matcher.js';
import { wildcard } from '../match/version-range.js';
import { compareVersions } from '../version/compare.js';
import { vendorProduct } from '../match/cpe.js';
import { affectedKey, type AffectedVersion } from '../match/index-entry.js';
import { rangeText } from '../match/nvd-config.js';

export interface PatchItem {
  readonly component: Match['component'];
  readonly priority: number;
  readonly cves: readonly string[];
  readonly kev: readonly string[];
  readonly upgradeTo: readonly string[]; // e.g. ['>= 3.6.7'], or several when schemes differ
  readonly remediation: readonly string[];
}

/** Per `CVE vendor:product`, every version NVD lists as affected (NvdMatcher.affectedVersions). */
export type AffectedVersions = ReadonlyMap<string, readonly AffectedVersion[]>;

const MAX_EXCEPT = 5;

/**
 * The target, and the versions above it that NVD still lists as affected for the component's CVEs: a later release
 * named on its own (EternalBlue: ACUSON SC2000 `>= 4.0, < 4.0e` and `5.0a`), or a later range. Upgrading to one of
 * them leaves the device affected, so the target says "except". A version listed at the target itself moves it past.
 */
function withExceptions(target: { v: string; incl: boolean }, ms: readonly Match[], affected: AffectedVersions): string {
  const listed: AffectedVersion[] = [];
  for (const m of ms)
    if (m.source === 'nvd')
      for (const e of m.evidence)
        for (const a of affected.get(affectedKey(m.cve, ...(vendorProduct(e.matched) ?? ['', '']))) ?? []) listed.push(a);
  const exact = (a: AffectedVersion) =>
    a.startIncl === undefined &&
    a.startExcl === undefined &&
    a.endIncl === undefined &&
    a.endExcl === undefined &&
    !['*', '-', '?'].includes(a.version);
  const incl = target.incl || listed.some((a) => exact(a) && compareVersions(a.version, target.v) === 0);
  // Only versions written like the target: Windows 10's "1607" beside "10.0.14393" orders, but is another scheme.
  const above = (v: string) => {
    const o = v.includes('.') === target.v.includes('.') ? compareVersions(v, target.v) : undefined;
    return o !== undefined && (incl ? o > 0 : o >= 0);
  };
  const except = new Set<string>();
  for (const a of listed) {
    const start = a.startIncl ?? a.startExcl;
    if (start !== undefined && above(start))
      except.add(
        rangeText({
          vulnerable: true,
          criteria: '',
          versionStartIncluding: a.startIncl,
          versionStartExcluding: a.startExcl,
          versionEndIncluding: a.endIncl,
          versionEndExcluding: a.endExcl,
        }),
      );
    else if (exact(a) && above(a.version)) except.add(a.version);
  }
  const list = [...except];
  const more = list.length > MAX_EXCEPT ? ` and ${list.length - MAX_EXCEPT} more` : '';
  return `${incl ? '>' : '>='} ${target.v}${list.length ? ` except ${list.slice(0, MAX_EXCEPT).join('; ')}${more}` : ''}`;
}

/** The versions that leave every affected range of these matches (of one component), as the patch list says them. */
export function upgradeTargets(ms: readonly Match[], affected: AffectedVersions = new Map()): string[] {
  const bounds: { v: string; incl: boolean }[] = [];
  const distro = new Set<string>();
  const packages = new Map<string, string>(); // 'Debian:12/openssl' → the highest fixed version its matches name
  for (const m of ms) {
    // A distribution build is patched by the distribution's package, not by the upstream release NVD names.
    if (m.distribution && !m.distribution.fixed) {
      const d = m.distribution;
      distro.add(d.fixedIn ? `${d.package} >= ${d.fixedIn} (${d.ecosystem})` : `no fixed ${d.package} package in ${d.ecosystem} yet`);
      continue;
    }
    for (const e of m.evidence) {
      // An OSV match's nearest fix for a package in an ecosystem (`Debian:12/openssl`).
      const fixed = m.source === 'osv' ? e.fixedIn : undefined;
      if (fixed) {
        const k = e.matched;
        const had = packages.get(k);
        const scheme = schemeOf(k.slice(0, k.lastIndexOf('/')));
        if (had === undefined || (compareVersions(fixed, had, scheme) ?? 0) > 0) packages.set(k, fixed);
        continue;
      }
      const ex = /< ([^,]+)$|< ([^,]+),/.exec(e.range ?? '');
      const inc = /<= ([^,]+)/.exec(e.range ?? '');
      const v = (inc ? inc[1]! : ex ? (ex[1] ?? ex[2])! : '').trim();
      // An advisory's wildcard bound: past `<= 12.2.x.x` is 12.3, past `< 3.x` is 3.
      const w = v ? wildcard(v) : undefined;
      if (w) bounds.push({ v: inc ? w.past : w.head, incl: false });
      else if (v) bounds.push({ v, incl: !!inc });
    }
  }
  const best: { v: string; incl: boolean }[] = [];
  for (const b of bounds) {
    const i = best.findIndex((x) => compareVersions(x.v, b.v) !== undefined);
    if (i < 0) best.push(b);
    else {
      const o = compareVersions(b.v, best[i]!.v)!;
      if (o > 0 || (o === 0 && b.incl)) best[i] = b;
    }
  }
  const fixedPackages = [...packages].map(([k, v]) => `${k.slice(k.lastIndexOf('/') + 1)} >= ${v} (${k.slice(0, k.lastIndexOf('/'))})`);
  return [...new Set([...distro, ...fixedPackages])].concat(best.map((b) => withExceptions(b, ms, affected)));
}

/** `affected`: what NVD lists as affected per CVE and product, so a target never lands on a release still affected. */
export function patchList(matches: readonly Match[], affected: AffectedVersions = new Map()): PatchItem[] {
  const byComp = new Map<string, Match[]>();
  for (const m of matches) {
    if (m.confidence === 'review') continue;
    const ms = byComp.get(m.component.id);
    if (ms) ms.push(m);
    else byComp.set(m.component.id, [m]);
  }
  return [...byComp.values()]
    .map((ms) => ({
      component: ms[0]!.component,
      priority: ms.reduce((max, m) => Math.max(max, m.priority?.score ?? 0), 0),
      cves: [...new Set(ms.map((m) => m.cve))],
      kev: [...new Set(ms.filter((m) => m.kev).map((m) => m.cve))],
      upgradeTo: upgradeTargets(ms, affected),
      remediation: [...new Set(ms.flatMap((m) => m.remediation ?? []))],
    }))
    .sort((a, b) => b.priority - a.priority || b.kev.length - a.kev.length);
}
