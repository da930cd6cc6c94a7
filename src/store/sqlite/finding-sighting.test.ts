/**
 * A finding seen again: a rescan that gives it as it was moves only its sighting (last seen, scan, cited
 * observations), and one that gives it otherwise (new evidence, severity, address) rewrites those too. The narrow
 * update must read the same as the full one in every list the API serves (they sort by severity, host, last seen).
 */
import { describe, expect, it } from 'vitest';
import { aliveHost } from '../../core/testing/hosts.js';
import { SqliteScanStore } from './scan-store.js';

const vantage = { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'x' };
const verdict = (evidence: string, severity: 'high' | 'critical' = 'high', observationIds: string[] = []) => ({
  ruleId: 'insecure-telnet',
  port: 23,
  title: 'Telnet',
  severity,
  remediation: 'turn it off',
  evidence,
  observationIds,
});

describe('a finding seen again', () => {
  it('moves only its sighting when unchanged, and everything that changed otherwise', () => {
    const store = SqliteScanStore.open(':memory:');
    const scan = (id: string, at: string, address: string, v: ReturnType<typeof verdict>) => {
      store.createScan({ id, startedAt: at, source: 'scan', targets: [], vantage, profile: null, options: {}, hostsPlanned: 1 }, 1, null);
      store.commitHost(id, { host: aliveHost(address, 'asset_A'), verdicts: [v], scannedPorts: new Set([23]), at });
      store.finishScan(id, 'complete', at);
    };
    const only = () => {
      const [f] = store.findings();
      return {
        severity: f!.severity,
        evidence: f!.evidence,
        host: f!.host,
        lastSeen: f!.lastSeen,
        firstSeen: f!.firstSeen,
        observationIds: f!.observationIds,
      };
    };
    scan('s1', '2026-01-01T00:00:00Z', '10.77.0.1', verdict('banner A', 'high', ['o1']));
    scan('s2', '2026-01-02T00:00:00Z', '10.77.0.1', verdict('banner A', 'high', ['o2']));
    expect(only()).toEqual({
      severity: 'high',
      evidence: 'banner A',
      host: '10.77.0.1',
      lastSeen: '2026-01-02T00:00:00Z',
      firstSeen: '2026-01-01T00:00:00Z',
      observationIds: ['o2'],
    });
    expect(store.db.prepare('SELECT last_scan_id FROM findings').pluck().get()).toBe('s2');
    scan('s3', '2026-01-03T00:00:00Z', '10.77.0.1', verdict('banner B', 'critical', ['o3']));
    expect(only()).toMatchObject({ severity: 'critical', evidence: 'banner B', lastSeen: '2026-01-03T00:00:00Z' });
    scan('s4', '2026-01-04T00:00:00Z', '10.77.0.9', verdict('banner B', 'critical', ['o4'])); // the device moved address
    expect(only()).toMatchObject({ host: '10.77.0.9', lastSeen: '2026-01-04T00:00:00Z', observationIds: ['o4'] });
    // The lists the API sorts by severity and last seen read the new values through their indexes.
    expect(
      store.db
        .prepare('SELECT last_scan_id FROM findings INDEXED BY api_findings_by_severity_state WHERE severity = ?')
        .pluck()
        .all('critical'),
    ).toEqual(['s4']);
    expect(store.db.prepare('SELECT host FROM findings INDEXED BY api_findings_by_host WHERE host = ?').pluck().all('10.77.0.9')).toEqual([
      '10.77.0.9',
    ]);
    store.close();
  });
});
