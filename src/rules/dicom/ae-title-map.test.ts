import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import { aeTitleMap } from './ae-title-map.js';

const obs = (host: string, port: number, kind: string, data: unknown): Observation => ({
  id: `${host}${port}${kind}`, kind, probeId: 'dicom.associate', observedAt: '', endpoint: { host, port, transport: 'tcp' }, data,
});
const policy = (ae: string | null, source: string | null, tls = false) => ({ acceptedCalledAe: ae, acceptedCalledAeSource: source, tls });

describe('AE-title map', () => {
  it('maps AE ↔ host ↔ port ↔ role and flags an AE title used by two nodes', () => {
    const m = aeTitleMap([
      obs('10.0.0.1', 4242, 'dicom.ae-policy', policy('ORTHANC', 'guessed')),
      obs('10.0.0.1', 4242, 'dicom.services', { roles: ['archive'] }),
      obs('10.0.0.2', 4242, 'dicom.ae-policy', policy('ORTHANC', 'guessed')),
      obs('10.0.0.3', 104, 'dicom.ae-policy', policy('CT_SCANNER', 'user')),
      obs('10.0.0.4', 104, 'dicom.ae-policy', policy('NOSUCHAE-123456', 'random')),
      obs('10.0.0.5', 104, 'dicom.ae-policy', policy(null, null)),
    ]);
    expect(m.entries).toEqual([
      { ae: 'ORTHANC', host: '10.0.0.1', port: 4242, tls: false, source: 'guessed', roles: ['archive'] },
      { ae: 'ORTHANC', host: '10.0.0.2', port: 4242, tls: false, source: 'guessed', roles: [] },
      { ae: 'CT_SCANNER', host: '10.0.0.3', port: 104, tls: false, source: 'user', roles: [] },
    ]);
    expect(m.duplicates).toEqual([{ ae: 'ORTHANC', endpoints: ['10.0.0.1:4242', '10.0.0.2:4242'] }]);
  });

  it('the same node on its plaintext and TLS port is not a duplicate', () => {
    const m = aeTitleMap([
      obs('10.0.0.1', 4242, 'dicom.ae-policy', policy('PACS', 'user')),
      obs('10.0.0.1', 2762, 'dicom.ae-policy', policy('PACS', 'user', true)),
    ]);
    expect(m.duplicates).toEqual([]);
  });
});
