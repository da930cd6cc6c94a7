/**
 * Distribution packages against distributions' OSV records, with the real Trivy and Syft SBOMs of one Debian 12
 * container image (shared/data/sbom/real-tool-output/cisa-sbom-generation), Red Hat's real OSV record
 * RHSA-2024:4546 and osv.dev's record of CVE-2018-5407 for Alpine's openssl. Debian's records name the source
 * package and give a fixed version per release; no such record is in shared/data, so the three below are built
 * from the OSV schema in the shape osv.dev serves Debian's (testdata/openssh-backport.ts). Their CVE ids
 * (CVE-2099-…) and fixed versions are made up for the test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import type { Component } from '../component.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents, patchList } from '../index.js';
import { readSbomFile } from '../sbom/read-sbom.js';
import { memDb } from '../testdata/mem-db.js';
import { debianRecord } from '../testdata/openssh-backport.js';
import { ecosystemRelease, packageVersion, parseUpstream, purlRelease } from './os-package.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-osv-distro-'));
let db: Db;
beforeAll(async () => {
  const records = [
    // Fixed in bookworm after the image's 3.0.13-1~deb12u1.
    debianRecord('CVE-2099-0001', 'openssl', { '11': undefined, '12': '3.0.14-1~deb12u1', '13': '3.3.1-1' }),
    // Fixed in bookworm by the image's very version, still open in bullseye.
    debianRecord('CVE-2099-0002', 'openssl', { '11': undefined, '12': '3.0.13-1~deb12u1' }),
    // util-linux, whose binary bsdutils carries an epoch of its own (1:2.38.1-5+deb12u1).
    debianRecord('CVE-2099-0003', 'util-linux', { '12': '2.38.1-5+deb12u2' }),
  ];
  for (const r of records) writeFileSync(join(dir, `${r.id}.json`), JSON.stringify(r));
  db = memDb();
  await importFeeds(
    db,
    [
      dir,
      join(SHARED_DATA, 'vuln/osv/redhat-osv/RHSA-2024_4546.json'),
      join(SHARED_DATA, 'vuln/osv/osv-schema-testdata/CVE-2018-5407.json'),
    ],
    { clock: fixedClock('2026-12-01T00:00:00Z') },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IMAGE = 'sbom/real-tool-output/cisa-sbom-generation';
const packagesOf = (file: string, names: readonly string[]): Component[] =>
  readSbomFile(join(SHARED_DATA, IMAGE, file)).components.filter((c) => names.includes(c.name) && c.purl?.startsWith('pkg:deb/'));
const cvesOf = (c: Component) =>
  matchComponents(db, [c])
    .map((m) => m.cve)
    .sort();

describe('Debian packages of a real image, by the source package that built them', () => {
  it.each([
    'trivy_container-sbom_cyclonedx.json',
    'trivy_container-sbom_spdx.json',
    'syft_container-sbom_cyclonedx.json',
    'syft_container-sbom_spdx.json',
  ])('%s: libssl3 and openssl get the bookworm CVE, bsdutils the util-linux one', (file) => {
    const pkgs = packagesOf(file, ['libssl3', 'openssl', 'bsdutils']);
    expect(pkgs.map((c) => c.name).sort()).toEqual(['bsdutils', 'libssl3', 'openssl']);
    for (const c of pkgs) expect(cvesOf(c), c.name).toEqual(c.name === 'bsdutils' ? ['CVE-2099-0003'] : ['CVE-2099-0001']);
    const libssl = matchComponents(
      db,
      pkgs.filter((c) => c.name === 'libssl3'),
    )[0]!;
    expect(libssl.confidence).toBe('high');
    expect(libssl.evidence[0]).toMatchObject({ matched: 'Debian:12/openssl', advisory: 'DEBIAN-CVE-2099-0001' });
    expect(libssl.evidence[0]!.notes).toContain('built from source package openssl 3.0.13-1~deb12u1, which the advisory names');
    expect(libssl.remediation).toEqual([
      'Update the openssl packages (libssl3) to 3.0.14-1~deb12u1 or later (Debian:12, DEBIAN-CVE-2099-0001).',
    ]);
  });

  it("names the distribution's fixed package in the patch list", () => {
    const [libssl] = packagesOf('trivy_container-sbom_cyclonedx.json', ['libssl3']);
    expect(patchList(matchComponents(db, [libssl!]))[0]!.upgradeTo).toEqual(['openssl >= 3.0.14-1~deb12u1 (Debian:12)']);
  });

  it("judges a binary with an epoch of its own at the source's version", () => {
    // bsdutils 1:2.38.1-5+deb12u1 read with its own epoch would look newer than util-linux's fix 2.38.1-5+deb12u2.
    const [bsdutils] = packagesOf('trivy_container-sbom_cyclonedx.json', ['bsdutils']);
    expect(packageVersion(PackageURL.fromString(bsdutils!.purl!))).toBe('1:2.38.1-5+deb12u1');
    expect(bsdutils!.sourcePackage).toEqual({ name: 'util-linux', version: '2.38.1-5+deb12u1' });
    expect(cvesOf(bsdutils!)).toEqual(['CVE-2099-0003']);
  });

  it('reads only the entries of the release the purl names', () => {
    const libssl = (distro: string | undefined, version: string): Component => ({
      id: `libssl ${distro}`,
      kind: 'library',
      name: 'libssl',
      version,
      cpes: [],
      source: 'sbom',
      purl: `pkg:deb/debian/libssl@${version}?upstream=openssl${distro ? `&distro=${distro}` : ''}`,
    });
    // Bookworm's fix of CVE-2099-0002 is this very version; bullseye's open entry does not concern it.
    expect(cvesOf(libssl('debian-12.6', '3.0.13-1~deb12u1'))).toEqual(['CVE-2099-0001']);
    expect(cvesOf(libssl('bookworm', '3.0.13-1~deb12u1'))).toEqual(['CVE-2099-0001']);
    // On bullseye both are open.
    expect(cvesOf(libssl('debian-11', '1.1.1w-0+deb11u1'))).toEqual(['CVE-2099-0001', 'CVE-2099-0002']);
    // Without a release every entry counts, and the evidence says the purl named none.
    const loose = matchComponents(db, [libssl(undefined, '3.0.13-1~deb12u1')]);
    expect(loose.map((m) => m.cve).sort()).toEqual(['CVE-2099-0001', 'CVE-2099-0002']);
    expect(loose[0]!.evidence[0]!.notes.join(' ')).toMatch(/names no distribution release/);
  });
});

describe("Red Hat's RHSA-2024:4546 (real OSV record, RPM versions with explicit epoch 0)", () => {
  const gitLfs = (version: string, distro: string): Component => ({
    id: `git-lfs ${version} ${distro}`,
    kind: 'application',
    name: 'git-lfs',
    version,
    cpes: [],
    source: 'sbom',
    purl: `pkg:rpm/redhat/git-lfs@${version}?arch=x86_64&distro=${distro}`,
  });
  it('orders by RPM rules: before the fix affected, the fix itself not', () => {
    expect(cvesOf(gitLfs('2.13.3-3.el8_6', 'rhel-8.6'))).toEqual(['CVE-2023-45288']);
    expect(cvesOf(gitLfs('2.13.3-3.el8_6.1', 'rhel-8.6'))).toEqual([]);
    expect(cvesOf(gitLfs('2.13.3-3.el8_6', 'rhel-8'))).toEqual(['CVE-2023-45288']);
  });
  it('names the fixed build in the patch list', () =>
    expect(patchList(matchComponents(db, [gitLfs('2.13.3-3.el8_6', 'rhel-8.6')]))[0]!.upgradeTo).toEqual([
      'git-lfs >= 0:2.13.3-3.el8_6.1 (Red Hat:rhel_aus:8.6::appstream)',
    ]));
  it('does not apply an advisory of RHEL 8.6 streams to RHEL 9', () => expect(cvesOf(gitLfs('2.13.3-3.el9', 'rhel-9.4'))).toEqual([]));
  it("judges a source RPM named by Syft's upstream qualifier at the binary's epoch", () => {
    const sub = (version: string, epoch: string): Component => ({
      id: `git-lfs-sub ${version}`,
      kind: 'application',
      name: 'git-lfs-sub',
      version,
      cpes: [],
      source: 'sbom',
      purl: `pkg:rpm/redhat/git-lfs-sub@${version}?arch=x86_64&epoch=${epoch}&upstream=git-lfs-${version}.src.rpm&distro=rhel-8.6`,
    });
    // Epoch 0, as the record writes it: before the fix. With epoch 1 every build is newer than 0:2.13.3-3.el8_6.1.
    expect(cvesOf(sub('2.13.3-3.el8_6', '0'))).toEqual(['CVE-2023-45288']);
    expect(cvesOf(sub('2.13.3-3.el8_6', '1'))).toEqual([]);
  });
});

describe("osv.dev's CVE-2018-5407 (real record: Alpine v3.3 to v3.8, fixed in 1.0.2q-r0)", () => {
  const apk = (name: string, version: string, qualifiers: string): Component => ({
    id: `${name} ${version} ${qualifiers}`,
    kind: 'library',
    name,
    version,
    cpes: [],
    source: 'sbom',
    purl: `pkg:apk/alpine/${name}@${version}?arch=x86_64&${qualifiers}`,
  });
  it('matches before the fix, by the source package too, and only on the releases the record lists', () => {
    expect(cvesOf(apk('openssl', '1.0.2p-r0', 'distro=alpine-3.8.1'))).toEqual(['CVE-2018-5407']);
    expect(cvesOf(apk('openssl', '1.0.2q-r0', 'distro=alpine-3.8.1'))).toEqual([]);
    expect(cvesOf(apk('libcrypto1.0', '1.0.2p-r0', 'upstream=openssl&distro=alpine-3.8.1'))).toEqual(['CVE-2018-5407']);
    expect(cvesOf(apk('openssl', '1.0.2p-r0', 'distro=alpine-3.19.1'))).toEqual([]);
  });
});

describe('reading what SBOM tools write', () => {
  it('parses upstream qualifiers and releases', () => {
    expect(parseUpstream('deb', 'util-linux@2.38.1-5+deb12u1')).toEqual({ name: 'util-linux', version: '2.38.1-5+deb12u1' });
    expect(parseUpstream('deb', 'gcc-12')).toEqual({ name: 'gcc-12' });
    expect(parseUpstream('rpm', 'openssl-3.0.7-27.el9.src.rpm')).toEqual({ name: 'openssl', version: '3.0.7-27.el9' });
    expect(purlRelease(PackageURL.fromString('pkg:apk/alpine/libcrypto3@3.1.4-r5?distro=alpine-3.19.1'))).toBe('3.19.1');
    expect(purlRelease(PackageURL.fromString('pkg:deb/debian/bash@5.2.15-2?distro=bookworm'))).toBe('12');
    expect(purlRelease(PackageURL.fromString('pkg:deb/debian/bash@5.2.15-2'))).toBeUndefined();
    expect(ecosystemRelease('Ubuntu:Pro:18.04:LTS')).toBe('18.04');
    expect(ecosystemRelease('Alpine:v3.18')).toBe('3.18');
    expect(ecosystemRelease('Red Hat:enterprise_linux:9::appstream')).toBe('9');
    expect(ecosystemRelease('Debian')).toBeUndefined();
  });
});
