import { describe, expect, it } from 'vitest';
import { findingKey } from '../../core/finding.js';
import type { HostRecord } from '../../core/scan.js';
import { moveFindings } from './finding-subject.js';
import { SqliteScanStore } from './scan-store.js';

const host = (address: string, assetId: string): HostRecord => ({
  address, assetId, mac: null, macVendor: null, hostnames: [], alive: true, aliveReason: 'tcp-open 23', ports: [], checks: [], observations: [],
});
const verdict = (ruleId: string, port: number) => ({ ruleId, port, title: ruleId, severity: 'high' as const, remediation: 'fix it', evidence: `${ruleId} on ${port}`, observationIds: [] });

describe('moving findings to another subject (asset merge)', () => {
  it('re-keys findings, keeps history and occurrences, and lets an existing finding keep its state', () => {
    const store = SqliteScanStore.open(':memory:');
    const vantage = { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'x' };
    store.createScan({ id: 's1', startedAt: '2026-01-01T00:00:00Z', source: 'scan', targets: [], vantage, profile: null, options: {}, hostsPlanned: 2 }, 1, null);
    store.commitHost('s1', { host: host('10.0.0.1', 'asset_A'), verdicts: [verdict('insecure-telnet', 23)], scannedPorts: new Set([23]), at: '2026-01-01T00:00:01Z' });
    store.commitHost('s1', { host: host('10.0.0.2', 'asset_B'), verdicts: [verdict('insecure-telnet', 23), verdict('ftp-anonymous', 21)], scannedPorts: new Set([21, 23]), at: '2026-01-01T00:00:02Z' });
    const a = findingKey('asset_A', 23, 'insecure-telnet');
    store.triage(a, { type: 'start-remediation', actor: 'biomed' }, '2026-01-02T00:00:00Z');

    expect(moveFindings(store.db, 'asset_B', 'asset_A', '2026-01-03T00:00:00Z')).toBe(2);
    expect(store.findings().map((f) => [f.subject, f.ruleId, f.state])).toEqual(
      expect.arrayContaining([
        ['asset_A', 'insecure-telnet', 'in-remediation'], // the survivor's decision stands
        ['asset_A', 'ftp-anonymous', 'open'],
      ]),
    );
    expect(store.findings()).toHaveLength(2);
    const ftp = findingKey('asset_A', 21, 'ftp-anonymous');
    expect(store.findingHistory(ftp).map((h) => h.to)).toEqual(['open', 'open']);
    expect(store.findingHistory(ftp).at(-1)!.note).toMatch(/moved from subject asset_B to asset_A/);
    expect(store.scanFindings('s1').map((f) => f.key).sort()).toEqual([a, ftp].sort());
    store.close();
  });
});
