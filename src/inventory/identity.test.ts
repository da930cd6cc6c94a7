import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../core/clock.js';
import { openDb } from '../store/sqlite/db.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';

const fresh = () => new InventoryStore(openDb(':memory:'), sequentialIds());
const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-02-01T00:00:00.000Z';
const T3 = '2026-03-01T00:00:00.000Z';

describe('identity resolution', () => {
  it('links a rescan by MAC even when the address changed, and keeps both addresses', () => {
    const s = fresh();
    const a = s.upsert({ macs: ['00-1B-63-84-45-E6'], addresses: ['10.0.0.5'] }, 'scan', T1, 'scan');
    const b = s.upsert({ macs: ['001b.6384.45e6'], addresses: ['10.0.0.9'] }, 'scan', T2, 'scan');
    expect(b.created).toBe(false);
    expect(b.assetId).toBe(a.assetId);
    expect(b.decision.matchedBy).toBe('mac');
    expect(s.get(a.assetId)!.addresses).toEqual(['10.0.0.9', '10.0.0.5']);
  });

  it('address reuse: a different MAC at a known address is a new device, and the address moves with history', () => {
    const s = fresh();
    const old = s.upsert({ name: 'US-1', macs: ['00:00:00:00:00:01'], addresses: ['10.0.0.5'] }, 'import', T1).assetId;
    const r = s.upsert({ macs: ['00:00:00:00:00:02'], addresses: ['10.0.0.5'] }, 'scan:2', T2, 'scan');
    expect(r.created).toBe(true);
    expect(r.assetId).not.toBe(old);
    expect(r.decision.moves).toEqual([{ from: old, kind: 'address', value: '10.0.0.5' }]);
    expect(s.get(old)!.addresses).toEqual([]);
    expect(s.get(r.assetId)!.addresses).toEqual(['10.0.0.5']);
    expect(s.events(old).map((e) => [e.kind, e.detail])).toContainEqual([
      'address-moved-out',
      { kind: 'address', value: '10.0.0.5', to: r.assetId },
    ]);
    expect(s.identifierHistory(old).find((i) => i.kind === 'address')).toMatchObject({ value: '10.0.0.5', firstSeen: T1, endedAt: T2 });
    // the old device comes back elsewhere: still itself, by MAC
    const back = s.upsert({ macs: ['00:00:00:00:00:01'], addresses: ['10.0.0.7'] }, 'scan:3', T3, 'scan');
    expect(back.assetId).toBe(old);
    expect(s.find('10.0.0.5')!.id).toBe(r.assetId);
  });

  it('an address without a known MAC on either side stays the same asset (routed scans see no MAC)', () => {
    const s = fresh();
    const a = s.upsert({ name: 'CT-1', addresses: ['10.0.0.5'] }, 'import', T1).assetId;
    expect(s.upsert({ addresses: ['10.0.0.5'], macs: ['00:00:00:00:00:03'] }, 'scan', T2, 'scan').assetId).toBe(a);
    expect(s.get(a)!.macs).toEqual(['00:00:00:00:00:03']);
  });

  it('MAC change: a replaced network card on a device known by hostname keeps the asset and adds the MAC', () => {
    const s = fresh();
    const a = s.upsert({ hostnames: ['CT1.rad.example.'], macs: ['00:00:00:00:00:01'], addresses: ['10.0.0.5'] }, 'import', T1).assetId;
    const r = s.upsert({ hostnames: ['ct1.rad.example'], macs: ['00:00:00:00:00:0a'], addresses: ['10.0.0.5'] }, 'scan', T2, 'scan');
    expect(r.assetId).toBe(a);
    expect(r.decision.matchedBy).toBe('hostname');
    expect([...s.get(a)!.macs].sort()).toEqual(['00:00:00:00:00:01', '00:00:00:00:00:0a']);
    expect(s.events(a).some((e) => e.kind === 'identifier-added' && e.detail.value === '00:00:00:00:00:0a')).toBe(true);
  });

  it('merges a scan-discovered duplicate into the imported asset when an import names both identifiers', () => {
    const s = fresh();
    const imported = s.upsert({ name: 'MR-1', serial: 'sn 42', criticality: 'high' }, 'import:cmms', T1).assetId;
    const scanned = s.upsert({ macs: ['00:00:00:00:00:05'], addresses: ['10.0.0.8'], aeTitles: ['MR1'] }, 'scan', T2, 'scan').assetId;
    expect(scanned).not.toBe(imported);
    const r = s.upsert({ serial: 'SN42', macs: ['00:00:00:00:00:05'] }, 'import:cmdb', T3);
    expect(r.assetId).toBe(imported);
    expect(r.decision.merge).toEqual([scanned]);
    expect(s.get(scanned)).toBeNull();
    const merged = s.get(imported)!;
    expect(merged).toMatchObject({ name: 'MR-1', serial: 'SN42', criticality: 'high', addresses: ['10.0.0.8'], aeTitles: ['MR1'] });
    expect(s.events(imported).map((e) => e.kind)).toContain('merged');
    expect(s.count()).toBe(1);
  });

  it('does not merge two devices whose serials differ: only the shared identifier moves', () => {
    const s = fresh();
    const a = s.upsert({ serial: 'AAA1', hostnames: ['ws1'] }, 'import', T1).assetId;
    const b = s.upsert({ serial: 'BBB2', macs: ['00:00:00:00:00:07'] }, 'import', T1).assetId;
    const r = s.upsert({ serial: 'AAA1', macs: ['00:00:00:00:00:07'] }, 'import', T2);
    expect(r.assetId).toBe(a);
    expect(r.decision.merge).toEqual([]);
    expect(s.get(b)!.macs).toEqual([]);
    expect(s.get(a)!.macs).toEqual(['00:00:00:00:00:07']);
  });

  it('a declared role is not overwritten by an inference; an inference fills an empty role', () => {
    const s = fresh();
    const a = s.upsert({ addresses: ['10.0.0.2'], role: 'MG' }, 'import', T1).assetId;
    s.upsert({ addresses: ['10.0.0.2'], role: 'pacs', roleSource: 'inferred-dicom' }, 'scan', T2, 'scan');
    expect(s.get(a)).toMatchObject({ role: 'MG', roleSource: 'declared' });
    const b = s.upsert({ addresses: ['10.0.0.3'], role: 'dicom-node', roleSource: 'inferred-dicom' }, 'scan', T2, 'scan').assetId;
    expect(s.get(b)).toMatchObject({ role: 'dicom-node', roleSource: 'inferred-dicom' });
  });

  it('records field changes in the history with before and after', () => {
    const s = fresh();
    const a = s.upsert({ serial: 'X1', softwareVersion: 'VB10' }, 'import:1', T1).assetId;
    s.upsert({ serial: 'X1', softwareVersion: 'VB20' }, 'import:2', T2);
    const upd = s.events(a).find((e) => e.kind === 'updated')!;
    expect(upd).toMatchObject({ at: T2, source: 'import:2', detail: { software_version: { from: 'VB10', to: 'VB20' } } });
  });
});
