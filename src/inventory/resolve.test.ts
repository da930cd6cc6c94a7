import { describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds } from '../core/clock.js';
import type { Observation } from '../core/observation.js';
import type { DeclaredFacts } from '../rules/inventory/declared.js';
import { openDb } from '../store/sqlite/db.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import { inventoryResolver } from './resolve.js';

const obs = (kind: string, port: number, data: unknown): Observation => ({ id: `o_${kind}_${port}`, endpoint: { host: '10.0.0.9', port, transport: 'tcp' }, kind, probeId: 'dicom.associate', observedAt: '2026-11-30T09:00:00Z', data });

describe('inventory resolver (ScanDeps.resolveAsset)', () => {
  const setup = () => {
    const ids = sequentialIds();
    const store = new InventoryStore(openDb(':memory:'), ids);
    return { store, resolve: inventoryResolver(store, { clock: fixedClock('2026-11-30T09:00:00Z'), ids, horizonDays: 400 }) };
  };

  it('creates an asset for an unknown live device, learns its AE title and DICOM role, and declares the facts', () => {
    const { store, resolve } = setup();
    const observations = [
      obs('dicom.association', 104, { outcome: 'accepted', calledAe: 'RANDOMX', calledAeSource: 'random' }),
      obs('dicom.association', 104, { outcome: 'accepted', calledAe: 'PACS1 ', calledAeSource: 'user' }),
      obs('dicom.services', 104, { calledAe: 'PACS1', roles: ['archive'], accepted: ['ct-storage', 'study-root-find'] }),
    ];
    const r = resolve({ address: '10.0.0.9', mac: '02:00:00:00:00:09', hostnames: [], observations, alive: true } )!;
    expect(store.get(r.assetId)).toMatchObject({ origin: 'scan', role: 'pacs', roleSource: 'inferred-dicom', aeTitles: ['PACS1'], macs: ['02:00:00:00:00:09'] });
    const declared = r.observations!.find((o) => o.kind === 'inventory.declared')!.data as DeclaredFacts;
    expect(declared).toMatchObject({ role: 'pacs', roleSource: 'inferred-dicom', declaredPorts: null, profile: { name: 'pacs', ports: [104, 11112, 2762, 443] }, roleEvidencePorts: [104], horizonDays: 400 });
    expect(declared.roleEvidence).toMatch(/DICOM SCP on port 104 accepted ct-storage, study-root-find \(archive\)/);
  });

  it('links an imported asset and declares its model ports and support ends; a declared role wins', () => {
    const { store, resolve } = setup();
    store.upsertModel({ manufacturer: 'Examplex', model: 'M3', ports: [{ port: 104, protocol: 'tcp' }], portsSource: 'mds2:x.xlsx', endOfSupport: '2027-06-30' }, '2026-01-01T00:00:00Z');
    const id = store.upsert({ serial: 'S1', addresses: ['10.0.0.9'], manufacturer: 'Examplex', model: 'M3', role: 'MG', os: 'Windows 7 SP1', criticality: 'life-critical', zone: 'modalities' }, 'import', '2026-01-01T00:00:00Z').assetId;
    const observations = [obs('dicom.services', 104, { roles: ['store-only-scp'], accepted: ['ct-storage'] })];
    const r = resolve({ address: '10.0.0.9', mac: null, hostnames: [], observations, alive: true } )!;
    expect(r).toMatchObject({ assetId: id, criticality: 'life-critical', zone: 'modalities' });
    const d = r.observations!.find((o) => o.kind === 'inventory.declared')!.data as DeclaredFacts;
    expect(d).toMatchObject({ role: 'MG', roleSource: 'declared', declaredPorts: [{ port: 104, protocol: 'tcp' }], declaredPortsSource: 'mds2:x.xlsx' });
    expect(d.supportEnds).toEqual([
      { what: 'device', date: '2027-06-30', source: 'model catalog' },
      { what: 'Windows 7 SP1', date: '2020-01-14', source: expect.stringContaining('learn.microsoft.com') },
    ]);
  });

  it('a dead address creates nothing and declares nothing, but still links a known asset', () => {
    const { store, resolve } = setup();
    const observations: Observation[] = [];
    expect(resolve({ address: '10.0.0.50', mac: null, hostnames: [], observations, alive: false })).toBeNull();
    expect(store.count()).toBe(0);
    const id = store.upsert({ name: 'US-2', addresses: ['10.0.0.51'] }, 'import', '2026-01-01T00:00:00Z').assetId;
    expect(resolve({ address: '10.0.0.51', mac: null, hostnames: [], observations, alive: false })?.assetId).toBe(id);
    expect(observations).toEqual([]);
  });
});
