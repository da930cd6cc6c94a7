/**
 * VEX through the API: a vendor states about its own devices only, never site-wide; a bad document is refused naming
 * the file; a vendor's not_affected is a proposal the finding shows until a security analyst approves it, and
 * approving with `reassess: true` turns the device's finding into a false positive at once (the real NVD record of
 * DCMTK 3.6.0's CVE-2015-8979, reached through the model's SBOM), with the document and approver in its history.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVexJson } from '../../../test/documents.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { importFeeds } from '../../vuln/feeds/import.js';
import { hashPassword } from '../../auth/password.js';
import { loginAs, makeFixture, PASSWORD, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
const as: Record<string, Record<string, string>> = {};
const DCMTK = 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*';
const openVex = (status: string, justification?: string) =>
  openVexJson([{ cve: 'CVE-2015-8979', product: DCMTK, status, justification }], 'Siemens Healthineers PSIRT');
const post = (who: string, url: string, payload: Record<string, unknown>) =>
  fx.app.inject({ method: 'POST', url, headers: as[who], payload });

beforeAll(async () => {
  fx = await makeFixture({ webRoot: null });
  // An analyst of the south site only: the Siemens CT stands in the north.
  fx.api.addUser(
    {
      username: 'south-sam',
      passwordHash: await hashPassword(PASSWORD),
      role: 'security-analyst',
      scope: { manufacturer: null, site: 'south' },
      expiresAt: null,
      totpSecret: null,
    },
    '2026-11-01T08:00:00.000Z',
  );
  for (const u of ['alice', 'sam', 'bea', 'siemens-fse', 'south-sam']) as[u] = (await loginAs(fx.app, u)).headers;
  await importFeeds(fx.store.db, [join(SHARED_DATA, 'vuln/nvd/records/CVE-2015-8979.json')], {
    clock: { now: () => new Date('2026-11-30T00:00:00Z') },
    workers: 0,
  });
});
afterAll(async () => fx.close());

describe('POST /api/vex', () => {
  it('keeps a vendor to its own devices and a biomedical engineer out; refuses a bad document', async () => {
    const ge = await post('siemens-fse', '/api/vex', {
      fileName: 'v.json',
      content: openVex('not_affected', 'component_not_present'),
      model: 'GE SIGNA',
    });
    expect(ge.statusCode).toBe(403);
    const site = await post('siemens-fse', '/api/vex', { fileName: 'v.json', content: openVex('not_affected', 'component_not_present') });
    expect(site.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/site-wide VEX is not for a vendor account/) });
    expect((await post('bea', '/api/vex', { fileName: 'v.json', content: openVex('affected'), model: 'Siemens SOMATOM' })).statusCode).toBe(
      403,
    );
    const bad = await post('sam', '/api/vex', { fileName: '/upload/broken.json', content: '{"statements": [', model: 'Siemens SOMATOM' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^broken\.json: invalid JSON/);
    expect((await post('sam', '/api/vex', { fileName: 'v.json', content: openVex('affected'), model: 'X', assetId: 'y' })).statusCode).toBe(
      400,
    );
    // A security analyst may state for the whole site; re-assessing then covers every scanned device.
    const all = await post('sam', '/api/vex', { fileName: 'site.json', content: openVex('under_investigation'), reassess: true });
    expect(all.statusCode, all.body).toBe(201);
    expect(all.json()).toMatchObject({ scope: 'site', statements: 1, assets: 2, reassessment: { devices: 2 } });
  });

  it("a vendor's not_affected waits for the site's approval; approved and re-assessed, the finding is a false positive", async () => {
    const sbom = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: [{ type: 'library', 'bom-ref': 'd', name: 'dcmtk', version: '3.6.0', cpe: DCMTK }],
    });
    const up = await post('siemens-fse', '/api/sboms', {
      fileName: 'somatom.cdx.json',
      content: sbom,
      model: 'Siemens SOMATOM',
      reassess: true,
    });
    expect(up.json().reassessment).toMatchObject({ devices: 1, opened: 1 });
    const r = await post('siemens-fse', '/api/vex', {
      fileName: 'somatom.openvex.json',
      content: openVex('not_affected', 'vulnerable_code_not_in_execute_path'),
      model: 'Siemens SOMATOM',
      reassess: true,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      scope: 'model:Siemens SOMATOM',
      statements: 1,
      proposed: 1,
      decisions: [{ cve: 'CVE-2015-8979', status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
      assets: 1,
      reassessment: { devices: 1, falsePositive: 0 },
    });
    const finding = async () =>
      (await fx.app.inject({ url: '/api/findings?limit=500', headers: as.alice }))
        .json()
        .items.find((x: { cve: string | null }) => x.cve === 'CVE-2015-8979');
    // Still open, and saying what the vendor claims.
    let f = await finding();
    expect(f.state).toBe('open');
    const detail = async () =>
      JSON.stringify((await fx.app.inject({ url: `/api/findings/${encodeURIComponent(f.key)}`, headers: as.alice })).json());
    expect(await detail()).toMatch(/A vendor states not_affected \(vulnerable_code_not_in_execute_path\).*awaiting the site's approval/);

    // The vendor sees its proposal but cannot decide it; a biomedical engineer sees none; an analyst sees it.
    const list = async (who: string) => fx.app.inject({ url: '/api/vex/proposals', headers: as[who] });
    const proposal = { cve: 'CVE-2015-8979', identity: 'cpe:dicom:dcmtk', scope: 'model:siemens somatom' };
    expect((await list('siemens-fse')).json().items).toEqual([
      expect.objectContaining({ ...proposal, proposedBy: 'siemens-fse', status: 'not_affected' }),
    ]);
    expect((await list('bea')).statusCode).toBe(403);
    expect((await list('sam')).json().items).toHaveLength(1);
    expect((await list('south-sam')).json().items).toEqual([]);
    const south = await post('south-sam', '/api/vex/proposals/decide', { approve: true, items: [proposal] });
    expect(south.json()).toMatchObject({ error: 'forbidden', message: 'model:siemens somatom is not among your devices' });
    expect((await post('siemens-fse', '/api/vex/proposals/decide', { approve: true, items: [proposal] })).statusCode).toBe(403);

    const ok = await post('sam', '/api/vex/proposals/decide', {
      approve: true,
      items: [proposal, { ...proposal, cve: 'CVE-2099-0001' }],
      reassess: true,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ decided: [{ cve: 'CVE-2015-8979' }], reassessment: { devices: 1, falsePositive: 1 } });
    expect((await list('sam')).json().items).toEqual([]);
    f = await finding();
    expect(f.state).toBe('false-positive');
    expect(await detail()).toMatch(/vex.*not_affected \(vulnerable_code_not_in_execute_path\).*proposed by siemens-fse, approved by sam/);
    const audit = JSON.stringify((await fx.app.inject({ url: '/api/audit-log', headers: as.alice })).json());
    expect(audit).toContain('vex.recorded');
    expect(audit).toContain('vex.approved');

    // A later vendor statement the analyst rejects is dropped and changes nothing.
    const again = await post('siemens-fse', '/api/vex', {
      fileName: 'v2.json',
      content: openVex('not_affected', 'component_not_present'),
      model: 'Siemens SOMATOM',
    });
    expect(again.json()).toMatchObject({ proposed: 1 });
    const no = await post('sam', '/api/vex/proposals/decide', { approve: false, items: [proposal] });
    expect(no.json()).toMatchObject({ decided: [{ status: 'not_affected', justification: 'component_not_present' }], reassessment: null });
    expect((await list('sam')).json().items).toEqual([]);
    expect(JSON.stringify((await fx.app.inject({ url: '/api/audit-log', headers: as.alice })).json())).toContain('vex.rejected');
    // An "affected" statement from the vendor needs no approval: it only keeps findings in view.
    expect(
      (await post('siemens-fse', '/api/vex', { fileName: 'v3.json', content: openVex('affected'), model: 'Siemens SOMATOM' })).json(),
    ).toMatchObject({ proposed: 0 });
  });
});
