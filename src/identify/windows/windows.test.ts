import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import samba, { SAMBA_EXAMPLES, sambaFromLanMan } from './samba.identifier.js';
import { EXAMPLES, supportState, WINDOWS_BUILDS, windowsBuild } from './windows-builds.js';
import windows, { parseNativeOs } from './windows.identifier.js';

const obs = (kind: string, data: unknown, port = 445): Observation => ({
  id: 'o1',
  endpoint: { host: '10.0.0.5', port, transport: 'tcp' },
  kind,
  probeId: 'test',
  observedAt: '2026-11-30T12:00:00.000Z',
  data,
});

describe('Windows build table', () => {
  it.each(EXAMPLES)('$version on $date is $family, $state', (ex) => {
    const [a, b, c] = ex.version.split('.').map(Number);
    const row = windowsBuild(a!, b!, c!)!;
    expect(row.family).toBe(ex.family);
    expect(supportState(row, new Date(ex.date)).state).toBe(ex.state);
  });

  it('has one row per build, valid dates and CPE 2.3 names', () => {
    const keys = WINDOWS_BUILDS.map((w) => `${w.major}.${w.minor}.${w.build}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const w of WINDOWS_BUILDS) {
      expect(w.cpe).toMatch(/^cpe:2\.3:o:microsoft:[a-z0-9_.]+:[^:]+(:[^:]+){7}$/);
      for (const e of w.editions) expect(Number.isNaN(Date.parse(e.endOfSupport))).toBe(false);
    }
  });
});

describe('windows-version identifier', () => {
  it('names Windows from the NTLM version fields', () => {
    const [id] = windows.identify(obs('smb.ntlm-info', { osVersion: { major: 10, minor: 0, build: 17763, ntlmRevision: 15 }, dnsComputer: 'mr-console.rad.local' }));
    expect(id).toMatchObject({ kind: 'os', vendor: 'Microsoft', version: '10.0.17763', product: 'Windows 10 1809 / Server 2019', confidence: 'high', port: null });
    expect(id!.evidence).toContain('mr-console.rad.local');
  });

  it('ignores Samba (NTLM build 0, NativeLanMan "Samba …") and reports unknown builds at low confidence', () => {
    expect(windows.identify(obs('smb.ntlm-info', { osVersion: { major: 6, minor: 1, build: 0, ntlmRevision: 15 } }))).toEqual([]);
    expect(windows.identify(obs('smb.native-os', { nativeOs: 'Windows 6.1', nativeLanMan: 'Samba 4.17.12-Debian' }))).toEqual([]);
    expect(windows.identify(obs('rdp.ntlm-info', { osVersion: { major: 10, minor: 0, build: 99999, ntlmRevision: 15 } }))[0]).toMatchObject({ product: 'Windows NT 10.0', confidence: 'low' });
  });

  it.each([
    ['Windows 5.1', '5.1.2600'],
    ['Windows 5.0', '5.0.2195'],
    ['Windows Server 2003 3790 Service Pack 2', '5.2.3790'],
    ['Windows 7 Professional 7601 Service Pack 1', '6.1.7601'],
    ['Windows Server 2016 Standard 14393', '10.0.14393'],
  ])('reads NativeOS "%s" as %s', (nativeOs, version) => {
    const v = parseNativeOs(nativeOs)!;
    expect(`${v.major}.${v.minor}.${v.build}`).toBe(version);
  });
});

describe('samba-version identifier', () => {
  it.each(SAMBA_EXAMPLES)('$nativeLanMan → $version', (ex) => {
    expect(sambaFromLanMan(ex.nativeLanMan)).toEqual(ex.distribution ? { version: ex.version, distribution: ex.distribution } : { version: ex.version });
  });

  it('emits Samba with its CPE and keeps the distribution apart', () => {
    const [id] = samba.identify(obs('smb.native-os', { nativeOs: 'Windows 6.1', nativeLanMan: 'Samba 4.17.12-Debian' }));
    expect(id).toMatchObject({ port: 445, product: 'Samba', version: '4.17.12', distribution: 'Debian', cpe: ['cpe:2.3:a:samba:samba:4.17.12:*:*:*:*:*:*:*'] });
    expect(samba.identify(obs('smb.ntlm-info', { osVersion: { major: 6, minor: 1, build: 0 } }))[0]).toMatchObject({ product: 'Samba', confidence: 'low' });
    expect(samba.identify(obs('smb.ntlm-info', { osVersion: { major: 6, minor: 1, build: 7601 } }))).toEqual([]);
  });
});
