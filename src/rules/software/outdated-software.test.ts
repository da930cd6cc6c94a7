/** outdated-software on plain identify.product observations. */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import type { Identification } from '../../identify/identifier.js';
import rule from './outdated-software.rule.js';

const ident = (id: string, data: Identification, at = '2026-11-30T12:00:00.000Z'): Observation => ({
  id,
  endpoint: { host: '10.0.0.5', port: data.port ?? 0, transport: 'tcp' },
  kind: 'identify.product',
  probeId: 'identify.x',
  observedAt: at,
  data: { ...data, from: `src-${id}` },
});
const facts = (observations: Observation[]) => ({
  asset: { assetId: null, address: '10.0.0.5', mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' },
  ports: [],
  observations,
  checks: [],
});
const openssh = (version: string, distribution?: string): Identification => ({
  port: 22, kind: 'application', product: 'OpenSSH', version, ...(distribution ? { distribution } : {}),
  cpe: [`cpe:2.3:a:openbsd:openssh:${version.replace(/p\d+$/, '')}:*:*:*:*:*:*:*`], confidence: 'high', evidence: 'SSH banner',
});

describe('outdated-software', () => {
  it('leaves DICOM toolkit versions to dicom-outdated-stack', () => {
    const dcmtk: Identification = { port: 4242, kind: 'application', product: 'DCMTK', version: '3.6.7', cpe: ['cpe:2.3:a:offis:dcmtk:3.6.7:*:*:*:*:*:*:*'], confidence: 'high', evidence: 'Implementation Class UID' };
    const source: Observation = { id: 'src-d', endpoint: { host: '10.0.0.5', port: 4242, transport: 'tcp' }, kind: 'dicom.association', probeId: 'dicom.associate', observedAt: '2026-11-30T12:00:00.000Z', data: {} };
    expect(rule.check(facts([source, ident('d', dcmtk)]))).toEqual([]);
    // the same identification from a non-DICOM source is judged
    expect(rule.check(facts([ident('d', dcmtk)]))).toHaveLength(1);
  });

  it('an aged Debian build: low, says the vendor may have backported fixes', () => {
    const v = rule.check(facts([ident('a', openssh('9.2p1', 'Debian-2+deb12u3'))]));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ port: 22, component: 'OpenSSH 9.2p1', severity: 'low', observationIds: ['a', 'src-a'] });
    expect(v[0]!.evidence).toMatch(/was released on|first released on 2023-02-02/);
    expect(v[0]!.evidence).toMatch(/may have backported fixes/);
    expect(v[0]!.evidence).toMatch(/the newest in our table is 10\.2 \(2025-10-10\)/);
  });

  it('an end-of-life line without a distribution build: medium, names the end date', () => {
    const v = rule.check(facts([ident('n', { port: 80, kind: 'application', product: 'nginx', version: '1.22.1', cpe: ['cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*'], confidence: 'high', evidence: 'Server header' })]));
    expect(v).toMatchObject([{ severity: 'medium', component: 'nginx 1.22.1' }]);
    expect(v[0]!.evidence).toContain('ended on 2023-04-11');
    expect(v[0]!.evidence).toContain('was released on 2022-10-19');
  });

  it('current versions, unknown products, OS rows and duplicates give nothing extra', () => {
    expect(rule.check(facts([ident('c', openssh('10.2p1'))]))).toEqual([]);
    expect(rule.check(facts([ident('u', { port: 1, kind: 'application', product: 'X', version: '1', cpe: ['cpe:2.3:a:acme:x:1:*:*:*:*:*:*:*'], confidence: 'low', evidence: '' })]))).toEqual([]);
    expect(rule.check(facts([ident('o', { port: null, kind: 'os', product: 'Debian', version: '12', cpe: [], confidence: 'medium', evidence: '' })]))).toEqual([]);
    expect(rule.check(facts([ident('d1', openssh('7.4')), ident('d2', openssh('7.4'))]))).toHaveLength(1);
  });

  it('one verdict for the same version on two ports, naming both', () => {
    const nginx = (port: number): Identification => ({ port, kind: 'application', product: 'nginx', version: '1.22.1', cpe: ['cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*'], confidence: 'high', evidence: 'Server header' });
    const v = rule.check(facts([ident('h80', nginx(80)), ident('h443', nginx(443))]));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ port: 80, observationIds: ['h80', 'src-h80', 'h443', 'src-h443'] });
    expect(v[0]!.evidence).toMatch(/^nginx 1\.22\.1 on ports 80, 443 was released/);
  });
});
