/**
 * The asset page's data: besides the inventory record, what the latest scan saw on each address (open ports,
 * checks that could not assess and why) and the asset's history; and the usual 404 for another vendor's device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { loginAs, makeFixture, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
let admin: Record<string, string>;
let vendor: Record<string, string>;

beforeAll(async () => {
  fx = await makeFixture({ webRoot: null });
  admin = (await loginAs(fx.app, 'sam')).headers;
  vendor = (await loginAs(fx.app, 'siemens-fse')).headers;
});
afterAll(async () => fx.close());

describe('GET /api/assets/{id} for the asset page', () => {
  it('adds the latest scan’s ports and unassessed checks per address, and the history', async () => {
    const r = await fx.app.inject({ url: `/api/assets/${fx.assets.siemens}`, headers: admin });
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a.services).toEqual([
      {
        scanId: fx.scanId,
        scannedAt: '2026-11-01T08:00:00.000Z',
        address: '10.0.0.5',
        ports: [{ port: 104, protocol: 'tcp', service: 'dicom', product: null, version: null }],
        notAssessed: [],
      },
    ]);
    expect(a.history.map((e: { kind: string }) => e.kind)).toContain('created');
  });

  it('lists a check that could not assess, with its reason', async () => {
    fx.store.createScan(
      {
        id: 'scan_b',
        startedAt: '2026-11-02T08:00:00.000Z',
        source: 'scan',
        targets: ['10.0.0.5'],
        vantage: { sourceAddress: null, interface: null, zone: 'imaging', hostname: 'test' },
        profile: 'default',
        options: {},
        hostsPlanned: 1,
      },
      process.pid,
      null,
    );
    fx.store.commitHost('scan_b', {
      host: {
        address: '10.0.0.5',
        assetId: fx.assets.siemens,
        mac: null,
        macVendor: null,
        hostnames: [],
        alive: true,
        aliveReason: 'syn-ack',
        ports: [
          { port: 104, protocol: 'tcp', state: 'open', service: 'dicom', product: null, version: null, cpe: [], reason: null, rttMs: 1 },
        ],
        checks: [
          {
            probeId: 'dicom.associate',
            host: '10.0.0.5',
            port: 104,
            status: 'timeout',
            detail: 'no A-ASSOCIATE answer within 5 s',
            durationMs: 5000,
          },
          { probeId: 'tls.handshake', host: '10.0.0.5', port: 104, status: 'not-applicable', durationMs: 3 },
        ],
        observations: [],
      },
      verdicts: [],
      scannedPorts: new Set([104]),
      at: '2026-11-02T08:00:00.000Z',
    });
    fx.store.finishScan('scan_b', 'complete', '2026-11-02T08:00:00.000Z');
    const a = (await fx.app.inject({ url: `/api/assets/${fx.assets.siemens}`, headers: admin })).json();
    expect(a.services[0].scanId).toBe('scan_b');
    expect(a.services[0].notAssessed).toEqual([
      { probeId: 'dicom.associate', port: 104, status: 'timeout', detail: 'no A-ASSOCIATE answer within 5 s' },
    ]);
  });

  it('lists the SBOMs on file for the asset and for its model (either spelling), not another model’s', async () => {
    const sboms = new SbomStore(fx.store.db);
    const add = (to: { model?: string; assetId?: string }, path: string) =>
      sboms.add({
        ...to,
        path,
        sha256: 'ab'.repeat(32),
        format: 'cyclonedx-json',
        specVersion: '1.5',
        importedAt: '2026-11-03T08:00:00.000Z',
        components: [
          {
            id: 'c1',
            kind: 'application',
            name: 'dcmtk',
            version: '3.6.0',
            cpes: ['cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*'],
            source: 'sbom',
          },
        ],
      });
    const model = add({ model: 'siemens  SOMATOM' }, '/srv/upload/somatom.cdx.json');
    const own = add({ assetId: fx.assets.siemens }, 'ct1.cdx.json');
    add({ model: 'GE Signa' }, 'signa.cdx.json');
    const a = (await fx.app.inject({ url: `/api/assets/${fx.assets.siemens}`, headers: admin })).json();
    expect(a.sboms).toEqual([
      {
        id: model,
        scope: 'model',
        model: 'siemens  SOMATOM',
        assetId: null,
        file: 'somatom.cdx.json',
        sha256: 'ab'.repeat(32),
        format: 'cyclonedx-json',
        specVersion: '1.5',
        importedAt: '2026-11-03T08:00:00.000Z',
        components: 1,
        current: true,
      },
      {
        id: own,
        scope: 'asset',
        model: null,
        assetId: fx.assets.siemens,
        file: 'ct1.cdx.json',
        sha256: 'ab'.repeat(32),
        format: 'cyclonedx-json',
        specVersion: '1.5',
        importedAt: '2026-11-03T08:00:00.000Z',
        components: 1,
        current: true,
      },
    ]);
  });

  it('a vendor reads its own device, and another vendor’s answers 404', async () => {
    expect((await fx.app.inject({ url: `/api/assets/${fx.assets.siemens}`, headers: vendor })).statusCode).toBe(200);
    const r = await fx.app.inject({ url: `/api/assets/${fx.assets.ge}`, headers: vendor });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('MR-1');
  });
});
