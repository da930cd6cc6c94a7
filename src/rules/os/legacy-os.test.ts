import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import type { Observation } from '../../core/observation.js';
import { identifyHost } from '../../identify/identified.js';
import { identifiers } from '../../identify/index.js';
import bluekeep from '../rdp/bluekeep.rule.js';
import type { HostFacts } from '../rule.js';
import legacyOs from './legacy-os.rule.js';

const obs = (kind: string, data: unknown, port = 445, observedAt = '2026-11-30T12:00:00.000Z'): Observation => ({
  id: `${kind}-${port}`,
  endpoint: { host: '10.0.0.5', port, transport: 'tcp' },
  kind,
  probeId: kind.split('.')[0] + '.probe',
  observedAt,
  data,
});

function facts(raw: Observation[]): HostFacts {
  const { observations } = identifyHost(raw, identifiers, sequentialIds());
  return {
    asset: { assetId: null, address: '10.0.0.5', mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
    ports: [],
    observations: [...raw, ...observations],
    checks: [],
  };
}

const ntlm = (build: number, major = 6, minor = 1) => ({ osVersion: { major, minor, build, ntlmRevision: 15 }, netbiosComputer: 'CT01', dnsComputer: null });

describe('legacy-os', () => {
  it('fires once for Windows 7 seen over SMB and RDP, with both observations as evidence', () => {
    const v = legacyOs.check(facts([obs('smb.ntlm-info', ntlm(7601)), obs('rdp.ntlm-info', ntlm(7601), 3389)]));
    expect(v).toHaveLength(1);
    expect(v[0]!.port).toBeNull();
    expect(v[0]!.severity).toBeUndefined(); // the rule's high
    expect(v[0]!.evidence).toContain('Windows 7 SP1 (ended 2020-01-14)');
    expect(v[0]!.evidence).toContain('Windows Embedded POSReady 7 (ended 2021-10-12)');
    expect(v[0]!.observationIds).toHaveLength(2);
  });

  it('is medium when an edition sharing the build is still supported, silent when all are', () => {
    const partly = legacyOs.check(facts([obs('smb.ntlm-info', ntlm(17763, 10, 0))]));
    expect(partly[0]!.severity).toBe('medium');
    expect(partly[0]!.evidence).toContain('Windows Server 2019 (until 2029-01-09)');
    expect(legacyOs.check(facts([obs('smb.ntlm-info', ntlm(20348, 10, 0))]))).toEqual([]);
  });

  it('judges on the date of observation and never fires for Samba', () => {
    expect(legacyOs.check(facts([obs('smb.ntlm-info', ntlm(7601), 445, '2019-06-01T00:00:00.000Z')]))).toEqual([]);
    expect(legacyOs.check(facts([obs('smb.ntlm-info', ntlm(0)), obs('smb.native-os', { nativeOs: 'Windows 6.1', nativeLanMan: 'Samba 4.17.12-Debian' })]))).toEqual([]);
  });

  it('works from the Windows SNMP agent alone', () => {
    const v = legacyOs.check(facts([obs('snmp.community', { community: 'public', version: 'v2c', sysDescr: 'Hardware: x86 - Software: Windows 2000 Version 5.1 (Build 2600 Uniprocessor Free)', sysObjectID: null, sysName: null }, 161)]));
    expect(v[0]!.evidence).toMatch(/Windows XP \(ended 2014-04-08\)/);
  });
});

describe('bluekeep (fingerprint-based)', () => {
  const noNla = { standardRdp: 'accepted', tlsOnly: 'accepted', preferred: 'tls', nlaRequired: false, failures: [] };
  const nla = { standardRdp: 'refused', tlsOnly: 'refused', preferred: 'hybrid', nlaRequired: true, failures: ['HYBRID_REQUIRED_BY_SERVER'] };

  it('fires for RDP without NLA on Windows 7, naming the CVE and that the patch level is unknown', () => {
    const v = bluekeep.check(facts([obs('smb.ntlm-info', ntlm(7601)), obs('rdp.security', noNla, 3389)]));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ port: 3389, cve: 'CVE-2019-0708' });
    expect(v[0]!.evidence).toContain('cannot be seen');
  });

  it('stays silent with NLA required, on Windows 10, or with no OS fingerprint', () => {
    expect(bluekeep.check(facts([obs('smb.ntlm-info', ntlm(7601)), obs('rdp.security', nla, 3389)]))).toEqual([]);
    expect(bluekeep.check(facts([obs('smb.ntlm-info', ntlm(19045, 10, 0)), obs('rdp.security', noNla, 3389)]))).toEqual([]);
    expect(bluekeep.check(facts([obs('rdp.security', noNla, 3389)]))).toEqual([]);
  });
});
