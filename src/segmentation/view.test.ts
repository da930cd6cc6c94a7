import { describe, expect, it } from 'vitest';
import { checkScans, type SegmentationResult } from './check.js';
import { layoutDiagram } from './diagram.js';
import { parsePolicy } from './policy.js';
import { segmentationView } from './view.js';

const policy = parsePolicy(`version: 1
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom, hl7] }
  - { from: office, to: pacs, services: [https], hosts: [10.2.0.10] }
`);

const result = checkScans(
  policy,
  [
    { scanId: 's1', zoneLabel: 'office', sourceAddress: '10.3.0.9', startedAt: '2026-01-01T10:00:00Z', hosts: ['10.1.0.5', '10.2.0.10'] },
    { scanId: 's2', zoneLabel: 'imaging', sourceAddress: '10.1.0.99', startedAt: '2026-01-01T11:00:00Z', hosts: ['10.2.0.10', '192.0.2.25'] },
  ],
  [
    { scanId: 's1', host: '10.1.0.5', port: 104, protocol: 'tcp', alive: false },
    { scanId: 's1', host: '10.2.0.10', port: 443, protocol: 'tcp', alive: true },
    { scanId: 's2', host: '10.2.0.10', port: 104, protocol: 'tcp', alive: true },
    { scanId: 's2', host: '192.0.2.25', port: 25, protocol: 'tcp', alive: true },
  ],
);
const stored = (r: SegmentationResult) => ({ id: 'seg_1', at: '2026-01-01T12:00:00Z', source: 'scan' as const, site: 'Example', result: r });

describe('segmentation view (matrix for report and API)', () => {
  it('gives each zone pair its allowed services, observed ports, violation count and not-assessed reason', () => {
    const v = segmentationView(stored(result));
    expect(v.matrix).toHaveLength(12);
    const cell = (from: string, to: string) => v.matrix.find((c) => c.from === from && c.to === to)!;
    expect(cell('imaging', 'pacs')).toMatchObject({ status: 'allowed-only', allowedServices: ['dicom', 'hl7'], violations: 0, notAssessed: null });
    expect(cell('imaging', 'pacs').allowed).toEqual(['tcp/104', 'tcp/11112', 'tcp/4242', 'tcp/2575']);
    expect(cell('office', 'imaging')).toMatchObject({ status: 'violation', allowedServices: [], violations: 1, observed: [{ host: '10.1.0.5', port: 104, allowedBy: null }] });
    expect(cell('office', 'pacs')).toMatchObject({ status: 'allowed-only', allowedServices: ['https'], allowed: ['tcp/443 on 10.2.0.10', 'tcp/8443 on 10.2.0.10'] });
    expect(cell('imaging', 'outside')).toMatchObject({ status: 'violation', violations: 1 });
    expect(cell('pacs', 'office').notAssessed).toMatch(/no scan from a vantage in zone "pacs"/);
    expect(cell('office', 'outside').notAssessed).toBe('no host of zone "outside" was scanned from zone "office"');
    expect(cell('outside', 'pacs').notAssessed).toMatch(/no scan from the outside zone "outside"/);
    expect(v.notAssessed.map((n) => n.from)).not.toContain('outside');
  });

  it('drops the "no vantage in the outside zone" noise from checks stored before it was filtered at the source', () => {
    const legacy = { ...result, notAssessed: [...result.notAssessed, { from: 'outside', to: null, reason: 'no scan from a vantage in zone "outside" yet' }] };
    const v = segmentationView(stored(legacy));
    expect(v.notAssessed).toEqual(result.notAssessed);
    expect(v.matrix.find((c) => c.from === 'outside' && c.to === 'pacs')!.status).toBe('not-assessed');
  });

  it('lays out the diagram: a box per zone, an arrow per observed pair, inside the drawing', () => {
    const d = layoutDiagram(segmentationView(stored(result)));
    expect(d.boxes.map((b) => b.name)).toEqual(['imaging', 'pacs', 'office', 'outside']);
    expect(d.arrows.map((a) => `${a.from}>${a.to}:${a.status}:${a.label}`).sort()).toEqual(['imaging>outside:violation:tcp/25!', 'imaging>pacs:allowed:tcp/104', 'office>imaging:violation:tcp/104!', 'office>pacs:allowed:tcp/443']);
    for (const a of d.arrows) for (const p of [a.start, a.end]) expect(p.x > 0 && p.x < d.width && p.y > 0 && p.y < d.height).toBe(true);
  });
});
