/**
 * What an operating-system package's purl and SBOM entry say for distribution advisories. Debian's, Ubuntu's and
 * Alpine's OSV records name the source package (`openssl`), while an SBOM lists binary packages (`libssl3`); the
 * SBOM tools say which source built each: Syft in the purl's `upstream` qualifier, Trivy in its
 * `aquasecurity:trivy:Src*` properties (CycloneDX) or `sourceInfo` (SPDX), which the SBOM readers keep as
 * `sourcePackage`. A record's `affected` entries are per release (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.18`),
 * each with its own fixed version; the purl's `distro` qualifier (`debian-12.6`, `ubuntu-22.04`) says which applies.
 */
import type { PackageURL } from 'packageurl-js';
import type { Component, SourcePackage } from '../component.js';

const qualifier = (p: PackageURL, k: string): string | undefined => (p.qualifiers as Record<string, string> | undefined)?.[k] || undefined;

/**
 * The purl's version as the distribution writes it: the `epoch` qualifier (Trivy writes `bsdutils@2.38.1-5?epoch=1`
 * for `1:2.38.1-5`) goes in front, or a fixed version with an epoch would look newer than every installed one.
 */
export function packageVersion(p: PackageURL): string | undefined {
  if (!p.version) return undefined;
  const epoch = qualifier(p, 'epoch');
  return epoch && /^\d+$/.test(epoch) && !/^\d+:/.test(p.version) ? `${epoch}:${p.version}` : p.version;
}

/** A distribution version's upstream part: no epoch, no package revision (`1:9.2p1-2+deb12u3` → `9.2p1`, `1.1.1-r0` → `1.1.1`). */
export function upstreamVersion(v: string): string {
  const s = v.replace(/^\d+:/, '');
  const dash = s.lastIndexOf('-');
  return dash > 0 ? s.slice(0, dash) : s;
}

/**
 * The release build a Debian or Ubuntu version descends from: its stable, security or rebuild suffix taken off
 * (`1:9.2p1-2+deb12u3` → `9.2p1-2`, `1:8.9p1-3ubuntu0.11` → `8.9p1-3`, `9.6p1-3ubuntu13.6` → `9.6p1-3ubuntu13`,
 * `9.2p1-2+b1` → `9.2p1-2`). Builds of one line are of one release; builds of one upstream version may be of several.
 */
export function releaseLine(v: string): string {
  const s = v.replace(/^\d+:/, '');
  const dash = s.lastIndexOf('-');
  if (dash <= 0) return s;
  const revision = s
    .slice(dash + 1)
    .replace(/[+~]deb\d+u\d+.*$/, '')
    .replace(/\+b\d+$/, '')
    .replace(/ubuntu0\.\d+.*$/, '') // `3ubuntu0.11` updates Debian's `3`
    .replace(/(ubuntu\d+)\.\d+.*$/, '$1'); // `3ubuntu13.6` updates `3ubuntu13`
  return `${s.slice(0, dash)}-${revision}`;
}

/**
 * Syft's `upstream` qualifier: `util-linux@2.38.1-5+deb12u1` or `gcc-12` for a deb or apk, the source RPM's file
 * name (`openssl-3.0.7-27.el9.src.rpm`) for an rpm.
 */
export function parseUpstream(type: string, value: string): SourcePackage | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (type === 'rpm') {
    const m = /^(.+)-([^-]+)-([^-]+?)(?:\.(?:no)?src\.rpm)?$/.exec(v);
    return m ? { name: m[1]!, version: `${m[2]}-${m[3]}` } : { name: v };
  }
  const at = v.indexOf('@');
  return at > 0 ? { name: v.slice(0, at), version: v.slice(at + 1) || undefined } : { name: v };
}

/** The source package a component was built from: as its SBOM entry said, else from the purl's `upstream`. */
export function sourcePackageOf(c: Pick<Component, 'sourcePackage'>, p: PackageURL): SourcePackage | undefined {
  if (c.sourcePackage) return c.sourcePackage;
  const up = qualifier(p, 'upstream');
  const source = up ? parseUpstream(p.type, up) : undefined;
  // A source RPM's file name has no epoch, and an RPM's packages share their spec file's: the binary's applies.
  // (Debian binaries may carry epochs of their own: bsdutils 1:2.38.1-5 is built from util-linux 2.38.1-5.)
  const epoch =
    p.type === 'rpm' && source?.version && !/^\d+:/.test(source.version) ? /^(\d+):/.exec(packageVersion(p) ?? '')?.[1] : undefined;
  return epoch ? { ...source!, version: `${epoch}:${source!.version}` } : source;
}

/** Releases named by code name in `distro` qualifiers (Syft writes `debian-12`, some tools `bookworm`). */
const CODENAMES: Record<string, string> = {
  trixie: '13',
  bookworm: '12',
  bullseye: '11',
  buster: '10',
  stretch: '9',
  jessie: '8',
  noble: '24.04',
  jammy: '22.04',
  focal: '20.04',
  bionic: '18.04',
  xenial: '16.04',
};

/** The release a purl's `distro` qualifier names (`debian-12.6` → `12.6`, `alpine-3.19.1` → `3.19.1`). */
export function purlRelease(p: PackageURL): string | undefined {
  const d = qualifier(p, 'distro')?.toLowerCase();
  if (!d) return undefined;
  return /(\d+(?:\.\d+)*)$/.exec(d)?.[1] ?? CODENAMES[d.replace(/^[a-z]+-/, '')];
}

/** The release an OSV ecosystem names (`Debian:12` → `12`, `Alpine:v3.18` → `3.18`, `Red Hat:rhel_aus:8.6::appstream` → `8.6`). */
export function ecosystemRelease(ecosystem: string): string | undefined {
  for (const s of ecosystem.split(':').slice(1)) {
    const m = /^v?(\d+(?:\.\d+)*)$/.exec(s);
    if (m) return m[1];
  }
  return undefined;
}

/** One release names the other: equal, or one is the other's point release (`12` and `12.6`). */
export const sameRelease = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
