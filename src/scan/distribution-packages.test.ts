/**
 * A Linux-based device's SBOM lists its distribution packages by purl alone (Trivy's output), and the scan
 * identifies some of the same software on the wire by CPE. The device must get one finding per vulnerability:
 * the OSV record of a Debian package names its CVE in `upstream` (DEBIAN-CVE-…), and the SBOM's match of a CVE the
 * wire product already has goes. The NVD record is real (CVE-2015-8979, DCMTK <= 3.6.0). No OSV record of Debian's
 * is in shared/data: the two below are built from the OSV schema (`upstream`, `Debian:N` ecosystems, ECOSYSTEM
 * ranges) in the shape osv.dev serves Debian's records; their fixed versions are made up for the test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../core/clock.js';
import type { Db } from '../store/sqlite/db.js';
import { importFeeds } from '../vuln/feeds/import.js';
import { matchComponents, type Component } from '../vuln/index.js';
import { memDb } from '../vuln/testdata/mem-db.js';
import { SHARED_DATA } from '../../test/shared-data.js';
import { purlProduct, wireSpeaksFor } from './vulns.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-deb-'));
let db: Db;
const osv = (id: string, upstream: string[], name: string, fixed: string, extra: Record<string, unknown> = {}) => ({
  schema_version: '1.7.0',
  id,
  modified: '2026-11-01T00:00:00Z',
  upstream,
  affected: [
    {
      package: { ecosystem: 'Debian:8', name, purl: `pkg:deb/debian/${name}?arch=source` },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
    },
  ],
  ...extra,
});

beforeAll(async () => {
  // Debian's per-CVE record, its security advisory naming the same CVE, and an advisory naming no CVE at all.
  writeFileSync(
    join(dir, 'DEBIAN-CVE-2015-8979.json'),
    JSON.stringify(osv('DEBIAN-CVE-2015-8979', ['CVE-2015-8979'], 'dcmtk', '3.6.1~20160216-1')),
  );
  writeFileSync(join(dir, 'DLA-9999-1.json'), JSON.stringify(osv('DLA-9999-1', ['CVE-2015-8979'], 'dcmtk', '3.6.0-15+deb8u1')));
  writeFileSync(join(dir, 'DEBIAN-TEMP-1.json'), JSON.stringify(osv('DEBIAN-TEMP-1', [], 'dcmtk', '3.6.1~20160216-1')));
  db = memDb();
  await importFeeds(db, [join(SHARED_DATA, 'vuln/nvd/records/CVE-2015-8979.json'), dir], { clock: fixedClock('2026-11-30T00:00:00Z') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sbomDcmtk: Component = {
  id: 'sbom-1:dcmtk',
  kind: 'library',
  name: 'dcmtk',
  version: '3.6.0-15',
  cpes: [],
  purl: 'pkg:deb/debian/dcmtk@3.6.0-15?arch=amd64&distro=debian-8',
  source: 'sbom',
  asset: 'sbom-1',
};
const wireDcmtk: Component = {
  id: '10.77.0.5:104:DCMTK 3.6.0',
  kind: 'application',
  name: 'DCMTK',
  version: '3.6.0',
  cpes: ['cpe:2.3:a:offis:dcmtk:3.6.0:*:*:*:*:*:*:*'],
  source: 'fingerprint',
  asset: '10.77.0.5',
};

describe('a Debian package known by purl alone', () => {
  it("is matched under the upstream CVE, with NVD's score and both Debian records as evidence", () => {
    const m = matchComponents(db, [sbomDcmtk]);
    expect(m.map((x) => x.cve).sort()).toEqual(['CVE-2015-8979', 'DEBIAN-TEMP-1']);
    const cve = m.find((x) => x.cve === 'CVE-2015-8979')!;
    expect(cve).toMatchObject({ source: 'osv', confidence: 'high', cvss: { version: '3.0', score: 7.5 } });
    expect(cve.evidence.map((e) => e.advisory)).toEqual(['DEBIAN-CVE-2015-8979', 'DLA-9999-1']);
    // Past Debian's fix (3.6.0-15+deb8u1), the advisory that fixed it no longer counts; the per-CVE record still does.
    const patched = matchComponents(db, [{ ...sbomDcmtk, purl: 'pkg:deb/debian/dcmtk@3.6.0-15+deb8u1?distro=debian-8' }]);
    expect(patched.find((x) => x.cve === 'CVE-2015-8979')!.evidence.map((e) => e.advisory)).toEqual(['DEBIAN-CVE-2015-8979']);
  });

  it('gives no second finding for a CVE the product identified on the wire has; keeps what the wire lacks', () => {
    const wire = matchComponents(db, [wireDcmtk]);
    expect(wire.map((x) => x.cve)).toEqual(['CVE-2015-8979']); // offis:dcmtk through the alias table
    const speaks = wireSpeaksFor([sbomDcmtk], [wireDcmtk], wire);
    const kept = matchComponents(db, [sbomDcmtk]).filter((m) => !speaks(m));
    expect(kept.map((x) => x.cve)).toEqual(['DEBIAN-TEMP-1']);
    // Syft adds a CPE made from the package name and full version, which names no NVD product: the purl decides.
    const syft = { ...sbomDcmtk, id: 'sbom-1:syft-dcmtk', cpes: ['cpe:2.3:a:dcmtk:dcmtk:3.6.0-15:*:*:*:*:*:*:*'] };
    const syftSpeaks = wireSpeaksFor([syft], [wireDcmtk], wire);
    expect(
      matchComponents(db, [syft])
        .filter((m) => !syftSpeaks(m))
        .map((x) => x.cve),
    ).toEqual(['DEBIAN-TEMP-1']);
    // Another upstream version on the wire is other software: the SBOM's CVE stays.
    const older = { ...wireDcmtk, id: 'w2', version: '3.5.4', cpes: ['cpe:2.3:a:offis:dcmtk:3.5.4:*:*:*:*:*:*:*'] };
    const olderSpeaks = wireSpeaksFor([sbomDcmtk], [older], matchComponents(db, [older]));
    expect(
      matchComponents(db, [sbomDcmtk])
        .filter((m) => !olderSpeaks(m))
        .map((x) => x.cve),
    ).toContain('CVE-2015-8979');
  });
});

describe('purlProduct', () => {
  it('names the product and upstream version of distribution packages', () => {
    expect(purlProduct({ purl: 'pkg:deb/debian/openssh-server@1:9.2p1-2+deb12u3?arch=amd64' })).toBe('openssh@9.2p1');
    expect(purlProduct({ purl: 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1' })).toBe('openssl@3.0.15');
    expect(purlProduct({ purl: 'pkg:apk/alpine/openssl@1.1.1-r0' })).toBe('openssl@1.1.1');
    expect(purlProduct({ purl: 'pkg:rpm/redhat/samba-common-tools@4.19.4-105.el9' })).toBe('samba@4.19.4');
    expect(purlProduct({ purl: 'pkg:deb/debian/libdcmtk17@3.6.7-9' })).toBe('dcmtk@3.6.7');
    // Not a distribution package: the version is the project's own.
    expect(purlProduct({ purl: 'pkg:npm/lodash@4.17.21-beta' })).toBe('lodash@4.17.21-beta');
    expect(purlProduct({ purl: 'pkg:deb/debian/nginx' })).toBeUndefined();
    expect(purlProduct({ purl: 'not a purl' })).toBeUndefined();
  });
  it('names the source package the SBOM or the purl says built a binary package', () => {
    // Syft: the source in the purl's `upstream` qualifier (a Debian source, a source RPM's file name).
    expect(purlProduct({ purl: 'pkg:deb/debian/libgssapi-krb5-2@1.20.1-2+deb12u1?arch=amd64&upstream=krb5&distro=debian-12' })).toBe(
      'krb5@1.20.1',
    );
    expect(
      purlProduct({ purl: 'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&upstream=openssl-3.0.7-27.el9.src.rpm&distro=rhel-9.4' }),
    ).toBe('openssl@3.0.7');
    // Trivy: the SBOM reader keeps its SrcName/SrcVersion; bsdutils' epoch is its own, not util-linux's.
    expect(
      purlProduct({
        purl: 'pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u1?arch=arm64&distro=debian-12.6&epoch=1',
        sourcePackage: { name: 'util-linux', version: '2.38.1-5+deb12u1' },
      }),
    ).toBe('util-linux@2.38.1');
  });
});
