import { describe, expect, it } from 'vitest';
import identifier, { identifyImplementation } from './implementation.identifier.js';
import { fingerprintTable, matchField } from './implementations.js';

describe('DICOM implementation fingerprints', () => {
  it.each(fingerprintTable().flatMap((e) => e.examples.map((x) => [e.id, e.field, x.value, x.version] as const)))(
    '%s matches its example %s=%s',
    (id, field, value, version) => {
      const m = matchField(field, value);
      expect(m?.entry.id).toBe(id);
      expect(m?.version ?? undefined).toBe(version);
    },
  );

  it('every entry names a source and a valid regex; ids are unique', () => {
    const t = fingerprintTable();
    expect(new Set(t.map((e) => e.id)).size).toBe(t.length);
    for (const e of t) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(() => new RegExp(e.pattern)).not.toThrow();
    }
  });

  it('DCMTK 3.6.7 from both fields: high confidence with an NVD CPE', () => {
    expect(identifyImplementation({ classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367' }, 104)).toEqual([
      expect.objectContaining({ product: 'DCMTK', version: '3.6.7', confidence: 'high', cpe: ['cpe:2.3:a:offis:dcmtk:3.6.7:*:*:*:*:*:*:*'] }),
    ]);
  });

  it('Orthanc needs a second clue; then both DCMTK and Orthanc are reported', () => {
    const o = {
      id: 'obs_1', kind: 'dicom.query', probeId: 'dicom.query', observedAt: '',
      endpoint: { host: '10.0.0.1', port: 4242, transport: 'tcp' as const },
      data: { service: 'study-root-find', outcome: 'denied', implementation: { classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367' } },
    };
    expect(identifier.identify(o).map((i) => i.product)).toEqual(['DCMTK', 'Orthanc']);
    expect(identifier.identify({ ...o, data: { ...o.data, outcome: 'refused' } }).map((i) => i.product)).toEqual(['DCMTK']);
  });

  it('vendor root plus toolkit version name: "vendor device on MergeCOM-3 4.10"', () => {
    const [id] = identifyImplementation({ classUid: '1.2.840.113619.6.286', versionName: 'MergeCOM3_410' }, 104);
    expect(id).toMatchObject({ product: 'GE Healthcare device on MergeCOM-3 toolkit 4.10', vendor: 'GE Healthcare', deviceType: 'modality' });
  });

  it('unknown UIDs are kept for curation with low confidence', () => {
    expect(identifyImplementation({ classUid: '1.2.3.4.5', versionName: 'ACME_1' }, 104)).toEqual([
      expect.objectContaining({ product: 'unknown DICOM implementation', confidence: 'low', evidence: expect.stringContaining('1.2.3.4.5') }),
    ]);
  });
});
