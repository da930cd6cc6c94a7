import { describe, expect, it } from 'vitest';
import type { Observation } from '../core/observation.js';
import type { Match } from '../vuln/index.js';
import { componentsOf, verdictsFromMatches } from './vulns.js';

const ident = (id: string, port: number, product: string, version: string | undefined, cpe: string[], distribution?: string): Observation => ({
  id,
  endpoint: { host: '10.0.0.9', port, transport: 'tcp' },
  kind: 'identify.product',
  probeId: 'identify.x',
  observedAt: '2026-11-30T00:00:00Z',
  data: { port, kind: 'application', product, version, cpe, confidence: 'high', evidence: 'banner', from: 'o1', ...(distribution ? { distribution } : {}) },
});

describe('scan → vulnerability matching', () => {
  const obs = [
    ident('a', 22, 'OpenSSH', '9.2p1', ['cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*'], 'Debian-2+deb12u3'),
    ident('b', 22, 'OpenSSH', '9.2p1', ['cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*']), // same product twice: one component
    ident('c', 80, 'nginx', undefined, ['cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*']), // no version: nothing to match
    ident('d', 8042, 'Orthanc', '1.10.1', []), // no CPE: nothing to match
  ];

  it('takes one component per identified product and version with a CPE', () => {
    const cs = componentsOf('10.0.0.9', obs);
    expect(cs.map((c) => c.id)).toEqual(['10.0.0.9:22:OpenSSH 9.2p1']);
    expect(cs[0]).toMatchObject({ asset: '10.0.0.9', port: 22, distribution: 'Debian-2+deb12u3', source: 'fingerprint' });
  });

  it('turns matches into known-vulnerability verdicts: unscored stays medium, KEV is at least high, rejected dropped', () => {
    const cs = componentsOf('10.0.0.9', obs);
    const base = { component: { id: cs[0]!.id, name: 'OpenSSH', version: '9.2p1' }, source: 'nvd' as const, confidence: 'medium' as const, evidence: [{ searched: 'cpe:…openssh:9.2', matched: 'cpe:…openssh:*', range: '< 9.3p2', notes: [] }] };
    const matches: Match[] = [
      { ...base, cve: 'CVE-2023-38408', cvss: { version: '3.1', vector: 'x', score: 9.8, severity: 'critical', computed: true, alternatives: 0 } },
      { ...base, cve: 'CVE-2099-0001', cvss: 'unscored' },
      { ...base, cve: 'CVE-2099-0002', cvss: { version: '3.1', vector: 'x', score: 4.3, severity: 'medium', computed: true, alternatives: 0 }, kev: { cveID: 'CVE-2099-0002', dateAdded: '2026-01-01', ransomware: 'Known' } as never },
      { ...base, cve: 'CVE-2099-0003', rejected: true },
      { ...base, cve: 'CVE-2099-0004', confidence: 'review', cvss: { version: '4.0', vector: 'x', score: 9.2, severity: 'critical', computed: true, alternatives: 0 } },
    ];
    const v = verdictsFromMatches(matches, cs);
    expect(v.map((x) => [x.cve, x.severity])).toEqual([
      ['CVE-2023-38408', 'critical'],
      ['CVE-2099-0001', 'medium'],
      ['CVE-2099-0002', 'high'],
      ['CVE-2099-0004', 'info'],
    ]);
    expect(v[3]).toMatchObject({ ruleId: 'vulnerability-needs-review', title: 'CVE-2099-0004 may affect OpenSSH 9.2p1 (needs review)' });
    expect(v[0]).toMatchObject({ ruleId: 'known-vulnerability', port: 22, component: 'OpenSSH 9.2p1', observationIds: ['a'] });
    expect(v[0]!.evidence).toMatch(/fixes may be backported/);
    expect(v[1]!.evidence).toMatch(/unscored/);
    expect(v[2]!.evidence).toMatch(/CISA KEV since 2026-01-01, used by ransomware/);
  });

  it('one verdict per component and CVE: a review lead beside a match is cited in it, not a finding of its own', () => {
    const cs = componentsOf('10.0.0.9', obs);
    const component = { id: cs[0]!.id, name: 'OpenSSH', version: '9.2p1' };
    const lead: Match = { component, cve: 'CVE-2023-38408', source: 'nvd', confidence: 'review', evidence: [{ searched: 'openssh', matched: 'CVE description', notes: [] }] };
    const match: Match = { component, cve: 'CVE-2023-38408', source: 'osv', confidence: 'high', evidence: [{ searched: 'pkg:deb/debian/openssh-server@1:9.2p1-2', matched: 'Debian:12/openssh', notes: [] }] };
    const v = verdictsFromMatches([lead, match], cs);
    expect(v.map((x) => [x.ruleId, x.cve])).toEqual([['known-vulnerability', 'CVE-2023-38408']]);
    expect(v[0]!.evidence).toMatch(/matches CVE-2023-38408 \(osv, confidence high\)\. Searched pkg:deb.* Also nvd \(confidence review\): searched openssh; matched CVE description\./);
  });
});
