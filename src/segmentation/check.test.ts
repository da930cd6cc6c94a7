import { describe, expect, it } from 'vitest';
import type { Flow } from '../traffic/flow.js';
import { checkFlows, checkScans, type OpenPort, type VantageScan } from './check.js';
import { parsePolicy } from './policy.js';

const policy = parsePolicy(`version: 1
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom] }
  - { from: office, to: pacs, services: [https], hosts: [10.2.0.10] }
`);

const scan = (scanId: string, zoneLabel: string, startedAt: string, hosts: string[], sourceAddress: string | null = null): VantageScan => ({ scanId, zoneLabel, startedAt, hosts, sourceAddress });
const open = (scanId: string, host: string, port: number, alive = true): OpenPort => ({ scanId, host, port, protocol: 'tcp', alive });

describe('active segmentation check', () => {
  it('finds office → imaging and imaging → outside, not the allowed flows, and says which zone was not assessed', () => {
    const scans = [scan('s1', 'office', '2026-01-01T10:00:00Z', ['10.1.0.5', '10.2.0.10']), scan('s2', 'whatever', '2026-01-01T11:00:00Z', ['10.2.0.10', '192.0.2.25'], '10.1.0.99')];
    const ports = [open('s1', '10.1.0.5', 104, false), open('s1', '10.2.0.10', 443), open('s2', '10.2.0.10', 104), open('s2', '192.0.2.25', 25)];
    const r = checkScans(policy, scans, ports);
    expect(r.violations.map((v) => [v.ruleId, v.fromZone, v.host, v.port])).toEqual([
      ['segmentation-imaging-to-internet', 'imaging', '192.0.2.25', 25],
      ['segmentation-office-to-imaging', 'office', '10.1.0.5', 104],
    ]);
    expect(r.violations[1]!.evidence).toContain('open from vantage office (scan s1, 2026-01-01T10:00:00Z)');
    expect(r.violations[1]!.evidence).toContain('the policy allows nothing from office to imaging');
    expect(r.vantages.map((v) => v.zone)).toEqual(['office', 'imaging']); // s2 placed by its source address
    expect(r.matrix.find((c) => c.from === 'imaging' && c.to === 'pacs')).toMatchObject({ status: 'allowed-only', observed: [{ host: '10.2.0.10', port: 104, allowedBy: 0 }] });
    expect(r.notAssessed).toContainEqual(expect.objectContaining({ from: 'pacs', to: null }));
    expect(r.notAssessed).toContainEqual(expect.objectContaining({ from: 'office', to: 'outside' }));
    expect(r.matrix.find((c) => c.from === 'pacs' && c.to === 'imaging')!.status).toBe('not-assessed');
    // outside is never a vantage: not listed, but its row is still "not assessed", never "clean"
    expect(r.notAssessed.some((n) => n.from === 'outside')).toBe(false);
    expect(r.matrix.find((c) => c.from === 'outside' && c.to === 'pacs')!.status).toBe('not-assessed');
  });

  it('judges each (zone, host) by the newest scan from that zone: a port closed since is not a violation', () => {
    const scans = [scan('old', 'office', '2026-01-01T10:00:00Z', ['10.1.0.5']), scan('new', 'office', '2026-01-02T10:00:00Z', ['10.1.0.5'])];
    expect(checkScans(policy, scans, [open('old', '10.1.0.5', 104)]).violations).toEqual([]);
    expect(checkScans(policy, scans, [open('new', '10.1.0.5', 104)]).violations).toHaveLength(1);
  });

  it('a scan from an unknown zone is reported, not silently used', () => {
    const r = checkScans(policy, [scan('s', 'lab', '2026-01-01T10:00:00Z', ['10.1.0.5'])], [open('s', '10.1.0.5', 104)]);
    expect(r.violations).toEqual([]);
    expect(r.notAssessed[0]!.reason).toMatch(/zone "lab".*not in the policy/);
  });
});

describe('passive segmentation check', () => {
  const flow = (src: string, dst: string, dstPort: number): Flow => ({ src, dst, dstPort, protocol: 'tcp', bytes: 100, packets: 2, firstSeen: '2026-01-01T10:00:00Z', lastSeen: '2026-01-01T10:00:01Z', source: 'cap.pcap' });
  it('e-mail from imaging is imaging-email-traffic; web to outside is imaging-to-internet; other zones general', () => {
    const r = checkFlows(policy, [flow('10.1.0.5', '192.0.2.25', 25), flow('10.1.0.5', '192.0.2.80', 443), flow('10.1.0.5', '10.2.0.10', 104), flow('10.3.0.7', '10.2.0.11', 443), flow('10.2.0.10', '10.3.0.7', 445), flow('10.1.0.5', '10.1.0.6', 25)]);
    expect(r.violations.map((v) => [v.ruleId, v.host, v.port])).toEqual([
      ['imaging-email-traffic', '192.0.2.25', 25],
      ['segmentation-imaging-to-internet', '192.0.2.80', 443],
      ['segmentation-office-to-imaging', '10.2.0.11', 443],
      ['segmentation-violation', '10.3.0.7', 445],
    ]);
    expect(r.violations[0]!.evidence).toContain('10.1.0.5 → 192.0.2.25:25/tcp, 2 packet(s), 100 byte(s)');
    // no connection from the internet side is the good case, not a gap to list; its row still says not assessed
    expect(r.notAssessed.map((n) => n.from)).toEqual([]);
    expect(r.matrix.find((c) => c.from === 'outside' && c.to === 'pacs')!.status).toBe('not-assessed');
    expect(checkFlows(policy, [flow('10.1.0.5', '10.2.0.10', 104)]).notAssessed.map((n) => n.from)).toEqual(['pacs', 'office']);
  });
});
