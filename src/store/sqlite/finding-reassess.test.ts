/**
 * A desk re-assessment in the finding store: it opens and resolves CVE findings only; a CVE finding on a port the
 * latest scan did not identify, and every port or configuration finding, stay as the scans left them. SBOM
 * findings resolve only when the SBOMs were looked up; it never changes when or where a scan saw a finding.
 */
import { describe, expect, it } from 'vitest';
import { findingKey } from '../../core/finding.js';
import { SBOM_PROBE, type RuledVerdict } from '../store.js';
import { SqliteScanStore } from './scan-store.js';
import { aliveHost } from '../../core/testing/hosts.js';

const host = aliveHost('10.77.0.5', 'asset_B');
const verdict = (cve: string | undefined, port: number | null, component: string, sbom = false): RuledVerdict => ({
  ruleId: cve ? 'known-vulnerability' : 'telnet-enabled',
  ...(cve ? { cve } : {}),
  component,
  port,
  title: cve ?? 'telnet',
  severity: 'high',
  remediation: 'upgrade',
  evidence: 'e',
  observationIds: ['obs_1'],
  ...(sbom ? { probeId: SBOM_PROBE } : {}),
});

describe('desk re-assessment in the finding store', () => {
  const store = SqliteScanStore.open(':memory:');
  const vantage = { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'x' };
  store.createScan(
    { id: 's1', startedAt: '2026-01-01T00:00:00Z', source: 'scan', targets: [], vantage, profile: null, options: {}, hostsPlanned: 1 },
    1,
    null,
  );
  store.commitHost('s1', {
    host,
    verdicts: [
      verdict('CVE-A', 21, 'vsftpd 2.3.4'),
      verdict('CVE-B', 22, 'OpenSSH 7.4'),
      verdict(undefined, 23, 'telnetd'),
      verdict('CVE-C', null, 'dcmtk 3.6.0', true),
    ],
    scannedPorts: new Set([21, 22, 23]),
    vulnChecked: true,
    softwareChecked: true,
    at: '2026-01-01T00:00:01Z',
  });
  const key = (c: string, what: string) => findingKey('asset_B', what, c);
  const state = (k: string) => store.finding(k)!.state;
  const reassess = (verdicts: RuledVerdict[], softwareChecked: boolean, at: string) =>
    store.reassess({
      subject: 'asset_B',
      hosts: [{ address: host.address, scanId: 's1', verdicts, identifiedPorts: new Set([21]) }],
      softwareChecked,
      at,
      note: 'desk',
    });

  it('opens what the feeds now give and resolves, on identified ports only, what they no longer give', () => {
    const changes = reassess([verdict('CVE-D', 21, 'vsftpd 2.3.4')], false, '2026-02-01T00:00:00Z');
    expect(changes.map((c) => [c.key, c.from, c.to])).toEqual([
      [key('CVE-D', 'vsftpd 2.3.4'), null, 'open'],
      [key('CVE-A', 'vsftpd 2.3.4'), 'open', 'resolved'],
    ]);
    expect(state(key('CVE-B', 'OpenSSH 7.4'))).toBe('open'); // port 22 was not identified by the latest scan
    expect(state(key('telnet-enabled', 'telnetd'))).toBe('open'); // not a CVE finding: the scans' own
    expect(state(key('CVE-C', 'dcmtk 3.6.0'))).toBe('open'); // the SBOMs were not looked up
    const d = store.finding(key('CVE-D', 'vsftpd 2.3.4'))!;
    expect(d).toMatchObject({ firstSeen: '2026-02-01T00:00:00Z', host: host.address });
    expect(store.findingHistory(key('CVE-D', 'vsftpd 2.3.4'))[0]).toMatchObject({ actor: 'reassess', note: 'desk', scanId: 's1' });
  });

  it('resolves SBOM findings the SBOMs no longer give, and reopens what comes back, leaving the scan record alone', () => {
    reassess([verdict('CVE-D', 21, 'vsftpd 2.3.4')], true, '2026-02-02T00:00:00Z');
    expect(state(key('CVE-C', 'dcmtk 3.6.0'))).toBe('resolved');
    const before = store.finding(key('CVE-B', 'OpenSSH 7.4'))!;
    const back = reassess(
      [verdict('CVE-D', 21, 'vsftpd 2.3.4'), verdict('CVE-C', null, 'dcmtk 3.6.0', true)],
      true,
      '2026-02-03T00:00:00Z',
    );
    expect(back.map((c) => [c.key, c.from, c.to])).toEqual([[key('CVE-C', 'dcmtk 3.6.0'), 'resolved', 'open']]);
    expect(store.findingHistory(key('CVE-C', 'dcmtk 3.6.0')).at(-1)).toMatchObject({ actor: 'reassess', note: 'given again: desk' });
    expect(store.finding(key('CVE-B', 'OpenSSH 7.4'))).toEqual(before);
    expect(store.finding(key('CVE-D', 'vsftpd 2.3.4'))!.lastSeen).toBe('2026-02-01T00:00:00Z'); // a re-assessment sees nothing on the wire
  });
});
