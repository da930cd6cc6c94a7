/**
 * GET /api/segmentation per role: every staff role reads the newest check's matrix, violations, gaps and SVG;
 * vendor-service is refused (a whole-network view, see the route's header); anonymous is 401. Before any check it
 * says so instead of showing an empty, "clean" matrix.
 */
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFlows } from '../../segmentation/check.js';
import { parsePolicy } from '../../segmentation/policy.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';

const policy = parsePolicy(`version: 1
site: Example General
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.0.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom] }
`);
const flow = (src: string, dst: string, dstPort: number) => ({ src, dst, dstPort, protocol: 'tcp' as const, bytes: 10, packets: 1, firstSeen: '2026-11-02T10:00:00Z', lastSeen: '2026-11-02T10:00:01Z', source: 'cap.pcap' });

let fx: Fixture;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  fx = await makeFixture();
  for (const [role, user] of Object.entries(ROLE_USERS)) headers[role] = (await loginAs(fx.app, user)).headers;
});
afterAll(async () => fx.close());

const get = (url: string, role?: string) => fx.app.inject({ url, headers: role ? headers[role] : {} });

describe('GET /api/segmentation', () => {
  it('before any check: 200, no matrix, and a reason instead of a clean verdict', async () => {
    const r = await get('/api/segmentation', 'viewer');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ checkId: null, matrix: [], violations: [], svg: null });
    expect(r.json().notAssessed[0].reason).toMatch(/no zone policy has been verified yet/);
  });

  it('staff roles read the newest check with matrix, violations, gaps and the SVG; vendors 403; anonymous 401', async () => {
    const seg = SqliteSegmentationStore.open(`${fx.dir}/rg.db`);
    const result = checkFlows(policy, [flow('10.0.0.5', '10.2.0.10', 104), flow('10.0.0.5', '192.0.2.25', 25), flow('10.3.0.7', '10.0.0.5', 104)]);
    seg.recordCheck({ id: 'seg_t1', at: '2026-11-02T11:00:00.000Z', source: 'traffic', site: policy.site, inputs: ['cap.pcap'], result }, result.violations, () => false);
    seg.close();
    for (const role of ['admin', 'security-analyst', 'biomedical-engineer', 'viewer']) {
      const r = await get('/api/segmentation', role);
      expect(r.statusCode, role).toBe(200);
      const body = r.json();
      expect(body).toMatchObject({ checkId: 'seg_t1', source: 'traffic', site: 'Example General' });
      expect(body.matrix).toHaveLength(12);
      expect(body.matrix.find((c: { from: string; to: string }) => c.from === 'office' && c.to === 'imaging')).toMatchObject({
        status: 'violation',
        violations: 1,
        allowed: [],
        allowedServices: [],
        observed: [{ host: '10.0.0.5', port: 104, protocol: 'tcp', allowedBy: null }],
        notAssessed: null,
      });
      expect(body.matrix.find((c: { from: string; to: string }) => c.from === 'imaging' && c.to === 'pacs')).toMatchObject({ status: 'allowed-only', allowedServices: ['dicom'] });
      expect(body.violations.map((v: { ruleId: string; host: string; port: number }) => `${v.ruleId} ${v.host}:${v.port}`)).toEqual([
        'imaging-email-traffic 192.0.2.25:25',
        'segmentation-office-to-imaging 10.0.0.5:104',
      ]);
      expect(body.violations[0].sightings[0]).toMatchObject({ kind: 'traffic', ref: 'cap.pcap', vantage: '10.0.0.5' });
      expect(body.notAssessed.map((n: { from: string }) => n.from)).toEqual(['pacs']); // outside is not listed as a gap
      expect(XMLValidator.validate(body.svg)).toBe(true);
      expect(body.svg).toContain('data-from="office" data-to="imaging" data-status="violation"');
    }
    const vendor = await get('/api/segmentation', 'vendor-service');
    expect(vendor.statusCode).toBe(403);
    expect(vendor.body).not.toContain('10.0.0.5');
    expect((await get('/api/segmentation')).statusCode).toBe(401);
  });

  it('?source= picks the newest check of that source; a bad source is 400', async () => {
    const seg = SqliteSegmentationStore.open(`${fx.dir}/rg.db`);
    seg.recordCheck({ id: 'seg_s1', at: '2026-11-01T09:00:00.000Z', source: 'scan', site: null, inputs: [], result: { ...checkFlows(policy, []), source: 'scan', vantages: [] } }, [], () => false);
    seg.close();
    expect((await get('/api/segmentation', 'viewer')).json().checkId).toBe('seg_t1'); // newest of either
    expect((await get('/api/segmentation?source=scan', 'viewer')).json().checkId).toBe('seg_s1');
    expect((await get('/api/segmentation?source=traffic', 'viewer')).json().checkId).toBe('seg_t1');
    expect((await get('/api/segmentation?source=netflow', 'viewer')).statusCode).toBe(400);
  });
});
