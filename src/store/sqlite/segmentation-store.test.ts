import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteSegmentationStore, type ViolationRecord } from './segmentation-store.js';

const v: ViolationRecord = {
  ruleId: 'segmentation-office-to-imaging', severity: 'high', title: 't', remediation: 'r', fromZone: 'office', toZone: 'imaging', host: '10.1.0.5', port: 104, protocol: 'tcp', evidence: 'e',
};
const check = (id: string, at: string) => ({ id, at, source: 'scan' as const, site: null, inputs: [], result: {} });

describe('segmentation findings: triage and history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-segstore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a risk acceptance holds while the violation is seen, and reopens when it expires', () => {
    const store = SqliteSegmentationStore.open(join(dir, 'a.db'));
    try {
      store.recordCheck(check('c1', '2026-01-01T00:00:00Z'), [v], () => true);
      const key = store.findings()[0]!.key;
      store.triage(key, { type: 'accept-risk', actor: 'ana', reason: 'vendor VPN', approver: 'CISO', expiresAt: '2026-02-01T00:00:00Z' }, '2026-01-02T00:00:00Z');
      expect(store.recordCheck(check('c2', '2026-01-15T00:00:00Z'), [v], () => true)).toEqual([]);
      expect(store.finding(key)!.state).toBe('risk-accepted');
      // gone while accepted: a human decision, a check does not touch it
      expect(store.recordCheck(check('c3', '2026-01-20T00:00:00Z'), [], () => true)).toEqual([]);
      expect(store.recordCheck(check('c4', '2026-02-02T00:00:00Z'), [v], () => true)).toEqual([{ key, ruleId: v.ruleId, from: 'risk-accepted', to: 'open' }]);
      expect(store.history(key).map((h) => `${h.from}>${h.to} ${h.actor}`)).toEqual(['null>open radguard segmentation check', 'open>risk-accepted ana', 'risk-accepted>open radguard segmentation check']);
      expect(store.history(key)[2]!.note).toBe('acceptance expired 2026-02-01T00:00:00Z');
      expect(() => store.triage(key, { type: 'reopen', actor: 'ana' }, '2026-02-03T00:00:00Z')).toThrow(/cannot reopen a finding that is open/);
    } finally {
      store.close();
    }
  });

  it('a subject keeps findings of one host and port apart (one AE title each)', () => {
    const store = SqliteSegmentationStore.open(join(dir, 'b.db'));
    try {
      const ae = (title: string): ViolationRecord => ({ ...v, ruleId: 'dicom-duplicate-ae-title', port: 0, subject: `ae:${title}>10.1.0.5` });
      store.recordCheck({ ...check('c1', '2026-01-01T00:00:00Z'), source: 'traffic' }, [ae('A'), ae('B'), ae('A')], () => false);
      expect(store.findings().map((f) => f.ruleId)).toEqual(['dicom-duplicate-ae-title', 'dicom-duplicate-ae-title']);
    } finally {
      store.close();
    }
  });
});
