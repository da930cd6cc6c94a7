/**
 * SBOMs through the API: who may store one for which devices, what a bad file gets, the list narrowed to a vendor's
 * devices, removal, the audit trail, and `reassess: true` raising the SBOM's CVEs at once on the scanned device and
 * on one no scan has reached (the real NVD record of DCMTK 3.6.0's CVE-2015-8979).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdxJson as cdx, DCMTK_360 as dcmtk } from '../../../test/documents.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { randomIds } from '../../core/clock.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { importFeeds } from '../../vuln/feeds/import.js';
import { loginAs, makeFixture, type Fixture } from '../testing/fixture.js';
import { UPLOAD_WORKER_FROM } from './device-documents.js';

let fx: Fixture;
const as: Record<string, Record<string, string>> = {};
const post = (who: string, payload: Record<string, unknown>) =>
  fx.app.inject({ method: 'POST', url: '/api/sboms', headers: as[who], payload });

beforeAll(async () => {
  fx = await makeFixture({ webRoot: null });
  for (const u of ['alice', 'bea', 'vic', 'siemens-fse']) as[u] = (await loginAs(fx.app, u)).headers;
});
afterAll(async () => fx.close());

describe('/api/sboms', () => {
  it('stores an SBOM for a model and names the assets it reaches; says why nothing was re-assessed without feeds', async () => {
    const r = await post('bea', { fileName: '/tmp/x/somatom.cdx.json', content: cdx([dcmtk]), model: 'siemens  SOMATOM', reassess: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      format: 'cyclonedx-json',
      specVersion: '1.5',
      components: 1,
      matchable: 1,
      assets: [{ id: fx.assets.siemens, name: 'CT-1' }],
      reassessment: { skipped: expect.stringMatching(/no vulnerability feed is imported/) },
    });
    const list = (await fx.app.inject({ url: '/api/sboms', headers: as.alice })).json().sboms;
    expect(list).toEqual([
      expect.objectContaining({
        id: r.json().id,
        scope: 'model',
        model: 'siemens  SOMATOM',
        file: 'somatom.cdx.json',
        components: 1,
        current: true,
        assets: 1,
      }),
    ]);
  });

  it("refuses a viewer, another vendor's devices, a bad file and a missing target, storing nothing", async () => {
    const before = (await fx.app.inject({ url: '/api/sboms', headers: as.alice })).json().sboms.length;
    expect((await post('vic', { fileName: 'a.json', content: cdx([dcmtk]), model: 'Siemens SOMATOM' })).statusCode).toBe(403);
    const ge = await post('siemens-fse', { fileName: 'a.json', content: cdx([dcmtk]), model: 'GE SIGNA' });
    expect(ge.statusCode).toBe(403);
    expect(ge.json().message).toBe('model "GE SIGNA" is not among your devices');
    expect((await post('siemens-fse', { fileName: 'a.json', content: cdx([dcmtk]), model: 'No Such Model' })).statusCode).toBe(403);
    const bad = await post('bea', {
      fileName: 'broken.json',
      content: '{"bomFormat": "CycloneDX", "components": [',
      model: 'Siemens SOMATOM',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^broken\.json: invalid JSON/);
    expect((await post('bea', { fileName: 'a.json', content: cdx([dcmtk]) })).json().message).toBe('give exactly one of model and assetId');
    expect((await fx.app.inject({ url: '/api/sboms', headers: as.alice })).json().sboms.length).toBe(before);
  });

  it('lets a vendor document its own devices and see only those; removal brings the previous SBOM back', async () => {
    const big = cdx(
      Array.from({ length: 3000 }, (_, i) => ({ name: `lib${i}`, version: '1.0', cpe: `cpe:2.3:a:siemens:lib${i}:1.0:*:*:*:*:*:*:*` })),
    );
    expect(big.length).toBeGreaterThan(64 * 1024); // past the API's default body limit
    const mine = await post('siemens-fse', { fileName: 'vendor.cdx.json', content: big, assetId: fx.assets.siemens });
    expect(mine.statusCode, mine.body).toBe(201);
    const geSbom = await post('alice', { fileName: 'signa.cdx.json', content: cdx([dcmtk]), model: 'ge  signa' });
    expect(geSbom.statusCode).toBe(201);
    const vendorList = (await fx.app.inject({ url: '/api/sboms', headers: as['siemens-fse'] })).json().sboms;
    expect(vendorList.map((s: { file: string }) => s.file).sort()).toEqual(['somatom.cdx.json', 'vendor.cdx.json']);
    expect((await fx.app.inject({ method: 'DELETE', url: `/api/sboms/${geSbom.json().id}`, headers: as['siemens-fse'] })).statusCode).toBe(
      404,
    );
    const again = await post('alice', { fileName: 'signa-2.cdx.json', content: cdx([dcmtk]), model: 'GE SIGNA' });
    const del = await fx.app.inject({ method: 'DELETE', url: `/api/sboms/${again.json().id}`, headers: as.alice });
    expect(del.json()).toEqual({ removed: again.json().id, current: geSbom.json().id });
    const audit = (await fx.app.inject({ url: '/api/audit-log', headers: as.alice })).json();
    const actions = JSON.stringify(audit);
    expect(actions).toContain('sbom.imported');
    expect(actions).toContain('sbom.removed');
  });

  it('reassess: true raises the SBOM’s CVEs on the devices of the model at once, scanned or not', async () => {
    await importFeeds(fx.store.db, [join(SHARED_DATA, 'vuln/nvd/records/CVE-2015-8979.json')], {
      clock: { now: () => new Date('2026-11-30T00:00:00Z') },
      workers: 0,
    });
    // A second CT of the model that no scan has reached yet: judged at the desk on the SBOM (and its inventory facts).
    const spare = new InventoryStore(fx.store.db, randomIds).upsert(
      { name: 'CT-2', manufacturer: 'Siemens', model: 'SOMATOM', site: 'north', addresses: ['10.0.0.7'] },
      'test',
      '2026-11-30T00:00:00.000Z',
    ).assetId;
    // A third, still in its crate: no address, so its findings are kept under its asset id.
    const crated = new InventoryStore(fx.store.db, randomIds).upsert(
      { name: 'CT-3', manufacturer: 'Siemens', model: 'SOMATOM', site: 'north', addresses: [] },
      'test',
      '2026-11-30T00:00:00.000Z',
    ).assetId;
    const r = await post('bea', { fileName: 'somatom-2.cdx.json', content: cdx([dcmtk]), model: 'Siemens SOMATOM', reassess: true });
    expect(r.json().reassessment).toMatchObject({ devices: 3, unprobed: 2, opened: 3 });
    const fs = (await fx.app.inject({ url: '/api/findings?limit=500', headers: as.alice }))
      .json()
      .items.filter((x: { cve: string | null }) => x.cve === 'CVE-2015-8979');
    expect(fs.map((f: { subject: string; state: string; host: string }) => [f.subject, f.state, f.host]).sort()).toEqual(
      [
        [fx.assets.siemens, 'open', '10.0.0.5'],
        [spare, 'open', '10.0.0.7'],
        [crated, 'open', crated],
      ].sort(),
    );
  });
});

describe('a large upload', () => {
  it('is read in a worker thread: the server keeps answering, and a broken one is still a 400 naming the file', async () => {
    const components = Array.from({ length: 100_000 }, (_, i) => ({
      name: `lib${i}`,
      version: '1.0',
      cpe: `cpe:2.3:a:siemens:lib${i}:1.0:*:*:*:*:*:*:*`,
    }));
    const content = cdx(components);
    expect(content.length).toBeGreaterThan(UPLOAD_WORKER_FROM);
    const started = performance.now();
    let done = false;
    const upload = post('bea', { fileName: 'image.cdx.json', content, model: 'Siemens SOMATOM' }).finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      expect((await fx.app.inject({ url: '/api/auth/me', headers: as.alice })).statusCode).toBe(200);
      latencies.push(performance.now() - t);
      // every 50 ms: the API allows a client 600 requests a minute, and a slow run must not meet that limit
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const r = await upload;
    const took = performance.now() - started;
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ components: 100_000, matchable: 100_000 });
    // Read on the serving thread, the parse alone (~1 s here) held every request; now they are answered meanwhile.
    expect(latencies.length, `${latencies.length} requests in ${took.toFixed(0)} ms`).toBeGreaterThan(5);
    expect(Math.max(...latencies), `${latencies.length} requests in ${took.toFixed(0)} ms`).toBeLessThan(Math.max(300, took / 4));
    const broken = await post('bea', { fileName: 'cut.cdx.json', content: content.slice(0, content.length / 2), model: 'Siemens SOMATOM' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: 'bad-sbom', message: expect.stringMatching(/^cut\.cdx\.json: invalid JSON/) });
  }, 60_000);
});
