/**
 * Recorded VEX decisions on a scan's CVE findings: not affected makes an open finding a false positive; a revised
 * "affected" reopens only a false positive that VEX made, never a person's; SBOM findings resolve only when the
 * device's SBOMs were matched again without them.
 */
import { describe, expect, it } from 'vitest';
import { findingKey } from '../../core/finding.js';
import { SBOM_PROBE, type RuledVerdict } from '../store.js';
import { SqliteScanStore } from './scan-store.js';
import { aliveHost } from '../../core/testing/hosts.js';

const host = aliveHost('10.0.0.1', 'asset_A');
const cve = (id: string, decision?: RuledVerdict['decision']): RuledVerdict => ({
  ruleId: 'known-vulnerability',
  cve: id,
  component: 'dcmtk 3.6.0',
  port: null,
  title: id,
  severity: 'high',
  remediation: 'upgrade',
  evidence: 'listed in SBOM 1',
  observationIds: [],
  probeId: SBOM_PROBE,
  ...(decision ? { decision } : {}),
});
const NOT = { affected: false, justification: 'vulnerable_code_not_in_execute_path', note: 'not_affected — vex 1' };
const AFFECTED = { affected: true, note: 'affected — vex 2' };

describe('VEX decisions and SBOM findings in the finding store', () => {
  const store = SqliteScanStore.open(':memory:');
  const vantage = { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'x' };
  let n = 0;
  const commit = (verdicts: RuledVerdict[], softwareChecked = true) => {
    const id = `s${++n}`;
    store.createScan(
      { id, startedAt: `2026-01-0${n}T00:00:00Z`, source: 'scan', targets: [], vantage, profile: null, options: {}, hostsPlanned: 1 },
      1,
      null,
    );
    store.commitHost(id, { host, verdicts, scannedPorts: new Set(), vulnChecked: true, softwareChecked, at: `2026-01-0${n}T00:00:01Z` });
  };
  const state = (id: string) => store.finding(findingKey('asset_A', 'dcmtk 3.6.0', id))!.state;

  it("applies not affected, reopens on a revised statement, and leaves a person's false positive alone", () => {
    commit([cve('CVE-1', NOT), cve('CVE-2')]);
    expect([state('CVE-1'), state('CVE-2')]).toEqual(['false-positive', 'open']);
    expect(store.finding(findingKey('asset_A', 'dcmtk 3.6.0', 'CVE-1'))!.justification).toBe('vulnerable_code_not_in_execute_path');
    store.triage(
      findingKey('asset_A', 'dcmtk 3.6.0', 'CVE-2'),
      { type: 'false-positive', actor: 'biomed', justification: 'component_not_present' },
      '2026-01-01T12:00:00Z',
    );
    commit([cve('CVE-1', AFFECTED), cve('CVE-2', AFFECTED)]);
    expect([state('CVE-1'), state('CVE-2')]).toEqual(['open', 'false-positive']);
    expect(store.findingHistory(findingKey('asset_A', 'dcmtk 3.6.0', 'CVE-1')).at(-1)).toMatchObject({
      actor: 'vex',
      to: 'open',
      note: 'the decision now says affected — vex 2',
    });
  });

  it('resolves SBOM findings the SBOMs no longer give, only when they were matched', () => {
    commit([cve('CVE-2')], false); // the SBOMs could not be read: nothing concluded
    expect(state('CVE-1')).toBe('open');
    commit([cve('CVE-2')]);
    expect(state('CVE-1')).toBe('resolved');
    expect(store.findingHistory(findingKey('asset_A', 'dcmtk 3.6.0', 'CVE-1')).at(-1)!.note).toMatch(
      /SBOMs on file for this device no longer give CVE-1 for dcmtk 3.6.0, or the scan identified that product itself/,
    );
  });
});
