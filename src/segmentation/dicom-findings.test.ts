import { describe, expect, it } from 'vitest';
import type { DicomAssociation } from '../traffic/dicom-passive.js';
import { checkScans } from './check.js';
import { cleartextDicomFromScans, cleartextDicomFromTraffic, duplicateAeTitles } from './dicom-findings.js';
import { parsePolicy } from './policy.js';

const policy = parsePolicy(`version: 1
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom, dicom-tls] }
`);

const assoc = (client: string, server: string, serverPort: number, callingAe: string, calledAe: string, startedAt: string, outcome: DicomAssociation['outcome'] = 'accepted'): DicomAssociation => ({
  client, clientPort: 40000, server, serverPort, startedAt, callingAe, calledAe,
  requestorImplementation: { classUid: '1.2.3', versionName: null }, acceptorImplementation: null,
  proposedSopClasses: [], acceptedSopClasses: [], outcome, reject: null, released: true, pdataBytes: 0,
});

describe('dicom-no-tls-between-zones', () => {
  it('from scans: a plain DICOM port open to another zone, allowed or not; TLS ports and same-zone hosts are not', () => {
    const scans = [
      { scanId: 's1', zoneLabel: 'imaging', sourceAddress: '10.1.0.9', startedAt: '2026-01-01T10:00:00Z', hosts: ['10.2.0.10', '10.1.0.5'] },
      { scanId: 's2', zoneLabel: 'office', sourceAddress: '10.3.0.9', startedAt: '2026-01-01T11:00:00Z', hosts: ['10.1.0.5'] },
    ];
    const open = (scanId: string, host: string, port: number) => ({ scanId, host, port, protocol: 'tcp' as const, alive: true });
    const r = checkScans(policy, scans, [open('s1', '10.2.0.10', 104), open('s1', '10.2.0.10', 2762), open('s1', '10.1.0.5', 104), open('s2', '10.1.0.5', 11112), open('s2', '10.1.0.5', 22)]);
    const f = cleartextDicomFromScans(r);
    expect(f.map((x) => [x.ruleId, x.fromZone, x.toZone, x.host, x.port])).toEqual([
      ['dicom-no-tls-between-zones', 'imaging', 'pacs', '10.2.0.10', 104],
      ['dicom-no-tls-between-zones', 'office', 'imaging', '10.1.0.5', 11112],
    ]);
    expect(f[0]!.evidence).toBe(
      'plain DICOM port tcp/104 of 10.2.0.10 in zone pacs is open to zone imaging, seen from vantage 10.1.0.9 (scan s1, 2026-01-01T10:00:00Z); the zone policy allows it, but nothing on this port is encrypted; DICOM over TLS uses port 2762',
    );
    expect(f[1]!.evidence).toContain('the zone policy does not allow it either');
  });

  it('from traffic: readable associations between zones, grouped per client zone and server port', () => {
    const f = cleartextDicomFromTraffic(policy, [
      assoc('10.1.0.5', '10.2.0.10', 104, 'CT1', 'PACS', '2026-01-01T10:00:02Z'),
      assoc('10.1.0.6', '10.2.0.10', 104, 'CT2', 'PACS', '2026-01-01T10:00:01Z', 'rejected'),
      assoc('10.1.0.5', '10.1.0.7', 104, 'CT1', 'WS', '2026-01-01T10:00:03Z'), // inside imaging: not between zones
      assoc('10.3.0.4', '10.2.0.10', 4242, 'VIEWER', 'PACS', '2026-01-01T10:00:04Z'),
    ]);
    expect(f.map((x) => [x.fromZone, x.toZone, x.host, x.port])).toEqual([
      ['imaging', 'pacs', '10.2.0.10', 104],
      ['office', 'pacs', '10.2.0.10', 4242],
    ]);
    expect(f[0]!.evidence).toBe(
      '2 DICOM association(s) from zone imaging to 10.2.0.10:104 in zone pacs were readable in the capture, so not encrypted: 10.1.0.6 (AE CT2) → AE PACS, rejected, 2026-01-01T10:00:01Z; 10.1.0.5 (AE CT1) → AE PACS, accepted, 2026-01-01T10:00:02Z',
    );
  });
});

describe('dicom-duplicate-ae-title', () => {
  it('one finding per host using a shared AE title, with distinct keys; unique titles give none', () => {
    const f = duplicateAeTitles(policy, [
      assoc('10.1.0.5', '10.2.0.10', 104, 'MOD1', 'PACS', '2026-01-01T10:00:00Z'),
      assoc('10.1.0.6', '10.2.0.10', 104, 'MOD1', 'PACS', '2026-01-01T10:01:00Z'),
      assoc('10.1.0.7', '10.2.0.10', 104, 'MOD3', 'PACS', '2026-01-01T10:02:00Z'),
    ]);
    expect(f.map((x) => [x.ruleId, x.host, x.fromZone, x.subject])).toEqual([
      ['dicom-duplicate-ae-title', '10.1.0.5', 'imaging', 'ae:MOD1>10.1.0.5'],
      ['dicom-duplicate-ae-title', '10.1.0.6', 'imaging', 'ae:MOD1>10.1.0.6'],
    ]);
    expect(f[0]!.evidence).toBe('AE title MOD1 is used by 10.1.0.5 (requestor in 1 association(s)) and also by 10.1.0.6 in the capture');
  });
});
