/**
 * NVD matches on distribution builds, decided by the distribution's own records: OpenSSH 9.2p1 as Debian 12 builds
 * it, identified on the wire (`Debian-2+deb12u3`) or listed in an SBOM. No OpenSSH record and no Debian OSV record is
 * in shared/data: the two NVD records and two OSV records below are built from the NVD 2.0 and OSV schemas in the
 * shapes NVD and osv.dev serve. Their CVE ids (CVE-2099-…) and versions are made up for the test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import type { Component } from '../component.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents, patchList } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { writeOpenSshFeeds } from '../testdata/openssh-backport.js';
import { stillAffected } from '../vex/triage.js';
import { distributionNote, distroBuildOf } from './distro-verdict.js';
import { releaseLine } from './os-package.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-backport-'));
let db: Db;

beforeAll(async () => {
  writeOpenSshFeeds(dir, writeFileSync);
  db = memDb();
  await importFeeds(db, [dir], { clock: fixedClock('2099-01-04T00:00:00Z') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wire = (distribution: string): Component => ({
  id: `22 ${distribution}`,
  kind: 'application',
  name: 'OpenSSH',
  version: '9.2p1',
  cpes: ['cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*'],
  source: 'fingerprint',
  distribution,
});
const ubuntu = (distribution: string): Component => ({
  ...wire(distribution),
  version: '8.9p1',
  cpes: ['cpe:2.3:a:openbsd:openssh:8.9:p1:*:*:*:*:*:*'],
});
const verdicts = (c: Component) =>
  Object.fromEntries(
    matchComponents(db, [c])
      .filter((m) => m.source === 'nvd')
      .map((m) => [
        m.cve,
        m.distribution
          ? `${m.distribution.fixed ? 'fixed' : 'affected'} (${m.distribution.ecosystem}, ${m.distribution.build})`
          : 'no verdict',
      ]),
  );

describe("Debian's records decide NVD matches on Debian's builds", () => {
  it('reads the build a banner names: the package, its version, its release', () => {
    expect(distroBuildOf(wire('Debian-2+deb12u3'))).toEqual({
      ecosystem: 'Debian',
      name: 'openssh',
      version: '9.2p1-2+deb12u3',
      release: '12',
    });
    expect(
      distroBuildOf({ ...wire('Debian-4.19.5+dfsg-4'), version: '4.19.5', cpes: ['cpe:2.3:a:samba:samba:4.19.5:*:*:*:*:*:*:*'] }),
    ).toEqual({ ecosystem: 'Debian', name: 'samba', version: '4.19.5+dfsg-4' });
    expect(distroBuildOf(ubuntu('Ubuntu-3ubuntu0.6'))).toEqual({ ecosystem: 'Ubuntu', name: 'openssh', version: '8.9p1-3ubuntu0.6' });
    expect(distroBuildOf(wire('Debian'))).toBeUndefined();
  });

  it('a backported fix: the build that carries it is fixed, the one before it is not, at the epoch the record uses', () => {
    expect(verdicts(wire('Debian-2+deb12u3'))).toEqual({
      'CVE-2099-1000': 'fixed (Debian:12, openssh 1:9.2p1-2+deb12u3)',
      'CVE-2099-1001': 'affected (Debian:12, openssh 9.2p1-2+deb12u3)',
    });
    expect(verdicts(wire('Debian-2+deb12u2'))['CVE-2099-1000']).toBe('affected (Debian:12, openssh 1:9.2p1-2+deb12u2)');
    const [fixed] = matchComponents(db, [wire('Debian-2+deb12u3')]).filter((m) => m.cve === 'CVE-2099-1000');
    expect(fixed!.distribution).toMatchObject({ fixed: true, advisory: 'DEBIAN-CVE-2099-1000', fixedIn: '1:9.2p1-2+deb12u3' });
  });

  it("puts the distribution's package, not the upstream release, in the patch list", () => {
    const [item] = patchList(matchComponents(db, [wire('Debian-2+deb12u2')]));
    expect(item!.upgradeTo).toEqual(['openssh >= 1:9.2p1-2+deb12u3 (Debian:12)', 'no fixed openssh package in Debian:12 yet']);
    // Where the build has the fix, that match is not to patch (as `vulns match` filters); without a verdict, NVD's
    // upstream bound stays.
    expect(patchList(matchComponents(db, [wire('Debian-2+deb12u3')]).filter(stillAffected))[0]!.upgradeTo).toEqual([
      'no fixed openssh package in Debian:12 yet',
    ]);
    expect(patchList(matchComponents(db, [wire('Debian')]))[0]!.upgradeTo).toEqual(['>= 9.8p1']);
  });

  it("without a release in the build, the releases whose fix is of the build's line decide", () => {
    // Only bookworm fixed 1000 in a 9.2p1 build: its entry decides. 1001 Debian has fixed in no release, so in no
    // build: whatever release the build is of, it is affected (no fix to read the package's epoch from).
    expect(verdicts(wire('Debian-2'))).toEqual({
      'CVE-2099-1000': 'affected (Debian:12, openssh 1:9.2p1-2)',
      'CVE-2099-1001': 'affected (Debian, openssh 9.2p1-2)',
    });
    expect(verdicts(wire('Debian-3'))['CVE-2099-1001']).toBe('affected (Debian, openssh 9.2p1-3)');
    const open = matchComponents(db, [wire('Debian-3')]).find((m) => m.cve === 'CVE-2099-1001')!;
    expect(distributionNote(open.distribution!)).toBe(
      'Debian has not fixed it yet (DEBIAN-CVE-2099-1001); this build, openssh 9.2p1-3, is affected.',
    );
    // Ubuntu's builds never name their release: 8.9p1 is 22.04's OpenSSH.
    expect(verdicts(ubuntu('Ubuntu-3ubuntu0.10'))).toEqual({
      'CVE-2099-1000': 'affected (Ubuntu:22.04:LTS, openssh 1:8.9p1-3ubuntu0.10)',
      'CVE-2099-1001': 'no verdict',
    });
    expect(verdicts(ubuntu('Ubuntu-3ubuntu0.11'))['CVE-2099-1000']).toBe('fixed (Ubuntu:22.04:LTS, openssh 1:8.9p1-3ubuntu0.11)');
  });

  it('without a release, a build of another line than the fix (same upstream version, another release) gets no verdict', () => {
    // 9.2p1-3 (testing, say) is no bookworm build: bookworm's fix in 9.2p1-2+deb12u3 says nothing of it, though
    // dpkg orders it above. Nor is 8.9p1-3ubuntu1.1 a build of 22.04's line 8.9p1-3.
    expect(verdicts(wire('Debian-3'))['CVE-2099-1000']).toBe('no verdict');
    expect(verdicts(ubuntu('Ubuntu-3ubuntu1.1'))['CVE-2099-1000']).toBe('no verdict');
    // Builds of the fix's own line are judged, a binary rebuild (+b1) too.
    expect(verdicts(wire('Debian-2+b1'))['CVE-2099-1000']).toBe('affected (Debian:12, openssh 1:9.2p1-2+b1)');
    expect(
      [
        '1:9.2p1-2+deb12u3',
        '3.0.14-1~deb12u1',
        '1:8.9p1-3ubuntu0.11',
        '1:7.6p1-4ubuntu0.7+esm2',
        '9.6p1-3ubuntu13.6',
        '4.19.5+dfsg-4',
        'native1.2',
      ].map(releaseLine),
    ).toEqual(['9.2p1-2', '3.0.14-1', '8.9p1-3', '7.6p1-4', '9.6p1-3ubuntu13', '4.19.5+dfsg-4', 'native1.2']);
  });

  it('a build no record speaks of keeps NVD\'s "may be backported" caveat', () => {
    expect(verdicts({ ...wire('Ubuntu-0ubuntu1'), version: '9.0p1', cpes: ['cpe:2.3:a:openbsd:openssh:9.0:p1:*:*:*:*:*:*'] })).toEqual({
      'CVE-2099-1000': 'no verdict',
      'CVE-2099-1001': 'no verdict',
    });
    expect(verdicts(wire('Debian'))).toEqual({ 'CVE-2099-1000': 'no verdict', 'CVE-2099-1001': 'no verdict' });
  });

  it('an SBOM entry of the Debian package: by its source package and release', () => {
    const sbom: Component = {
      id: 'sbom:openssh-server',
      kind: 'application',
      name: 'openssh-server',
      version: '1:9.2p1-2+deb12u3',
      source: 'sbom',
      cpes: ['cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*'],
      purl: 'pkg:deb/debian/openssh-server@1:9.2p1-2%2Bdeb12u3?arch=amd64&upstream=openssh&distro=debian-12',
    };
    expect(verdicts(sbom)).toEqual({
      'CVE-2099-1000': 'fixed (Debian:12, openssh 1:9.2p1-2+deb12u3)',
      'CVE-2099-1001': 'affected (Debian:12, openssh 1:9.2p1-2+deb12u3)',
    });
  });
});
