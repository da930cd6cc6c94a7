import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareSemver, compareVersions, splitDistributionBuild } from './compare.js';
import { compareDebian } from './debian.js';
import { compareRpm, rpmvercmp } from './rpm.js';
import { compareApk } from './apk.js';

describe('compareVersions (generic vendor scheme)', () => {
  const lt: Array<[string, string]> = [
    ['3.6.6', '3.6.7'],
    ['3.5', '3.11'], // string comparison gets this wrong
    ['4.0', '4.0e'],
    ['4.2.8', '4.2.8p18'],
    ['9.2', '9.2p1'],
    ['9.2p1', '9.3'],
    ['9.2p1', '9.2p2'],
    ['1.0.2', '1.0.2k'],
    ['1.0.2j', '1.0.2k'],
    ['1.0.2k', '1.0.3'],
    ['1.0rc1', '1.0'],
    ['1.0-beta', '1.0'],
    ['1.0-beta2', '1.0-rc1'],
    ['va10', 'vb10'],
    ['vb20a', 'vb20b'],
    ['r4.1l0', 'r4.1l1'],
    ['6.3v1l9', '6.3v1l10'],
    ['v3.0.28', '3.0.29'],
    ['2018-1', '2021-1'],
    ['2019a', '2019b'],
    ['1995', '2019b'],
    ['geh-1.0', 'geh-1.1'],
    ['v100r002c00spc200', 'v100r002c00spc300'],
    ['12.2.8.400', '12.2.8.410'],
  ];
  it.each(lt)('%s < %s', (a, b) => {
    expect(compareVersions(a, b)).toBe(-1);
    expect(compareVersions(b, a)).toBe(1);
  });
  it.each([
    ['1.0', '1.0.0'],
    ['V3.1', 'v3.1'],
    ['R4.1L1', 'r4.1l1'],
  ])('%s == %s', (a, b) => expect(compareVersions(a, b)).toBe(0));

  it.each([
    ['3.11', '2021-1'], // date-like vs dotted release: different schemes
    ['2.5', '2018-1'],
    ['r4.1l1', '4.2'],
    ['-', '1.0'],
    ['*', '1.0'],
    ['all versions', '1.0'],
    ['n/a', '1.0'],
    ['', '1.0'],
  ])('%s vs %s needs review', (a, b) => expect(compareVersions(a, b)).toBeUndefined());

  it('is antisymmetric and reflexive on arbitrary dotted versions', () => {
    const ver = fc
      .tuple(fc.array(fc.nat(50), { minLength: 1, maxLength: 4 }), fc.constantFrom('', 'a', 'p1', 'rc1', 'beta'))
      .map(([n, s]) => n.join('.') + s);
    fc.assert(
      fc.property(ver, ver, (a, b) => {
        const x = compareVersions(a, b);
        const y = compareVersions(b, a);
        expect(x).not.toBeUndefined();
        expect(x).toBe(y === 0 ? 0 : -y!);
        expect(compareVersions(a, a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Debian versions', () => {
  it.each([
    ['1:9.2p1-2+deb12u2', '1:9.2p1-2+deb12u3'],
    ['9.9', '1:1.0'],
    ['1.0~rc1', '1.0'],
    ['3.0.15-1~deb12u1', '3.0.15-1'],
    ['2.4.57-2', '2.4.62-1~deb12u1'],
    ['1.0a', '1.0+'],
  ])('%s < %s', (a, b) => {
    expect(compareDebian(a, b)).toBe(-1);
    expect(compareDebian(b, a)).toBe(1);
  });
  it('generic comparison switches to dpkg rules for two Debian versions', () =>
    expect(compareVersions('1:9.2p1-2+deb12u3', '9.9p1-1~deb13u1')).toBe(1));
});

/**
 * rpm's own cases (tests/rpmvercmp.at, the active RPMVERCMP lines): [a, b, rpmvercmp(a, b)]. Each is also checked
 * the other way round.
 */
const RPM_CASES: readonly (readonly [string, string, -1 | 0 | 1])[] = [
  ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0.1', '2.0.1', 0], ['2.0', '2.0.1', -1], ['2.0.1a', '2.0.1a', 0], ['2.0.1a', '2.0.1', 1],
  ['5.5p1', '5.5p1', 0], ['5.5p1', '5.5p2', -1], ['5.5p10', '5.5p10', 0], ['5.5p1', '5.5p10', -1], ['10xyz', '10.1xyz', -1],
  ['xyz10', 'xyz10', 0], ['xyz10', 'xyz10.1', -1], ['xyz.4', 'xyz.4', 0], ['xyz.4', '8', -1], ['xyz.4', '2', -1],
  ['5.5p2', '5.6p1', -1], ['5.6p1', '6.5p1', -1], ['6.0.rc1', '6.0', 1], ['10b2', '10a1', 1], ['10a2', '10b2', -1],
  ['1.0aa', '1.0aa', 0], ['1.0a', '1.0aa', -1], ['10.0001', '10.0001', 0], ['10.0001', '10.1', 0], ['10.0001', '10.0039', -1],
  ['4.999.9', '5.0', -1], ['20101121', '20101121', 0], ['20101121', '20101122', -1], ['2_0', '2_0', 0], ['2.0', '2_0', 0],
  ['a', 'a', 0], ['a+', 'a+', 0], ['a+', 'a_', 0], ['+a', '+a', 0], ['+a', '_a', 0], ['+_', '+_', 0], ['_+', '+_', 0], ['+', '_', 0],
  ['1.0~rc1', '1.0~rc1', 0], ['1.0~rc1', '1.0', -1], ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc1~git123', '1.0~rc1~git123', 0],
  ['1.0~rc1~git123', '1.0~rc1', -1], ['1.0^', '1.0^', 0], ['1.0^', '1.0', 1], ['1.0^git1', '1.0^git1', 0], ['1.0^git1', '1.0', 1],
  ['1.0^git1', '1.0^git2', -1], ['1.0^git1', '1.01', -1], ['1.0^20160101', '1.0^20160101', 0], ['1.0^20160101', '1.0.1', -1],
  ['1.0^20160101^git1', '1.0^20160101^git1', 0], ['1.0^20160102', '1.0^20160101^git1', 1], ['1.0~rc1^git1', '1.0~rc1^git1', 0],
  ['1.0~rc1^git1', '1.0~rc1', 1], ['1.0^git1~pre', '1.0^git1~pre', 0], ['1.0^git1', '1.0^git1~pre', 1],
];

describe("RPM versions (rpm's own rpmvercmp cases)", () => {
  it.each(RPM_CASES)('rpmvercmp(%s, %s) = %i', (a, b, order) => {
    expect(rpmvercmp(a, b)).toBe(order);
    expect(rpmvercmp(b, a)).toBe(order === 0 ? 0 : -order);
  });
  it('orders epoch, then version, then release', () => {
    expect(compareRpm('0:2.13.3-3.el8_6', '0:2.13.3-3.el8_6.1')).toBe(-1);
    expect(compareRpm('2.13.3-3.el8_6.1', '0:2.13.3-3.el8_6.1')).toBe(0);
    expect(compareRpm('1:1.0-1', '2.0-1')).toBe(1);
    expect(compareRpm('3.0.7-27.el9', '3.0.7-6.el9_2')).toBe(1);
    expect(compareVersions('3.0.7-27.el9', '1:3.0.7-28.el9', 'rpm')).toBe(-1);
  });
  it('cannot order what is not an RPM version', () => expect(compareRpm('3.0 beta', '3.0')).toBeUndefined());
});

describe('Alpine (apk) versions', () => {
  it('orders a chain of releases, suffixes and package releases', () => {
    const chain = ['1.2_alpha1', '1.2_alpha2', '1.2_beta', '1.2_rc1-r0', '1.2-r0', '1.2-r2', '1.2-r15', '1.2_git20230101', '1.2_p1-r0', '1.2a', '1.2.1', '1.10'];
    for (let i = 0; i + 1 < chain.length; i++)
      for (const later of chain.slice(i + 1)) {
        expect(compareApk(chain[i]!, later), `${chain[i]} < ${later}`).toBe(-1);
        expect(compareApk(later, chain[i]!), `${later} > ${chain[i]}`).toBe(1);
      }
  });
  it('reads letter releases and dated patch suffixes', () => {
    expect(compareApk('1.0.2q-r0', '1.0.2p-r3')).toBe(1);
    expect(compareApk('6.4_p20231125-r0', '6.4_p20230506-r0')).toBe(1);
    expect(compareApk('3.0.12-r4', '3.0.12-r4')).toBe(0);
    expect(compareVersions('1.2.3_p1-r0', '1.2.3-r0', 'apk')).toBe(1);
    // Later numbers with a leading zero compare as strings (apk-tools' test/unit/version.data).
    expect(compareApk('4.5.14', '4.09-r1')).toBe(1);
    expect(compareApk('8.2.0015', '8.2.002')).toBe(-1);
  });
  it('cannot order what is not an apk version', () => {
    expect(compareApk('1.2_foo1', '1.2')).toBeUndefined();
    expect(compareApk('v1.2', '1.2')).toBeUndefined();
  });
});

describe('SemVer', () => {
  it('orders pre-releases per the spec', () => {
    const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 0; i + 1 < chain.length; i++) expect(compareSemver(chain[i]!, chain[i + 1]!)).toBe(-1);
  });
});

describe('splitDistributionBuild', () => {
  it.each([
    ['1:9.2p1-2+deb12u3', '9.2p1', '2+deb12u3'],
    ['3.0.15-1~deb12u1', '3.0.15', '1~deb12u1'],
    ['2.4.6-97.el7', '2.4.6', '97.el7'],
    ['8.9p1-3ubuntu0.10', '8.9p1', '3ubuntu0.10'],
  ])('%s → %s', (v, up, build) => expect(splitDistributionBuild(v)).toEqual({ upstream: up, build }));
  it('leaves vendor versions alone', () => expect(splitDistributionBuild('2018-1')).toEqual({ upstream: '2018-1' }));
});
