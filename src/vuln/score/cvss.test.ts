import { describe, expect, it } from 'vitest';
import { pickCvss } from './cvss.js';
import { prioritise } from './priority.js';

describe('CVSS choice and scoring', () => {
  it('takes the newest version and NVD Primary first, recomputing from the vector', () => {
    const s = pickCvss([
      { version: '3.1', vector: 'CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 7.5, source: 'ics-cert@hq.dhs.gov', type: 'Secondary' },
      { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, source: 'nvd@nist.gov', type: 'Primary' },
      { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5, source: 'nvd@nist.gov', type: 'Primary' },
    ]);
    expect(s).toMatchObject({ version: '3.1', score: 9.8, severity: 'critical', computed: true, source: 'nvd@nist.gov' });
    const v4 = pickCvss([{ version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', source: 'x', type: 'Secondary' }]);
    expect(v4).toMatchObject({ version: '4.0', score: 9.3 });
  });
  it('no metrics is unscored, not 0', () => expect(pickCvss([])).toBe('unscored'));
  it('explains the priority and says what is unknown', () => {
    const p = prioritise({ cvss: 'unscored', confidence: 'high', kev: { cve: 'CVE-1', vendorProject: 'v', product: 'p', name: 'n', dateAdded: '2022-02-10', ransomware: 'Known' } });
    expect(p.score).toBe(60);
    expect(p.why.join('\n')).toMatch(/unscored[\s\S]*KEV since 2022-02-10[\s\S]*ransomware[\s\S]*exposure: unknown[\s\S]*criticality: unknown/);
  });
});

describe('patch-first list', () => {
  it('names the version that leaves every range, per scheme, most urgent component first', async () => {
    const { patchList } = await import('./patch-list.js');
    const ev = (range: string) => ({ searched: 's', matched: 'm', range, notes: [] });
    const list = patchList([
      { component: { id: 'd', name: 'dcmtk', version: '3.6.0' }, cve: 'CVE-2022-2119', source: 'nvd', confidence: 'high', evidence: [ev('< 3.6.7')], priority: { score: 40, why: [] } },
      { component: { id: 'd', name: 'dcmtk', version: '3.6.0' }, cve: 'CVE-2025-9732', source: 'nvd', confidence: 'high', evidence: [ev('<= 3.6.9')], priority: { score: 30, why: [] } },
      { component: { id: 'x', name: 'xds', version: '3.5' }, cve: 'CVE-2021-32966', source: 'nvd', confidence: 'high', evidence: [ev('>= 2.5, <= 3.11'), ev('>= 2018-1, <= 2021-1')], priority: { score: 60, why: [] } },
    ]);
    expect(list.map((p) => p.component.id)).toEqual(['x', 'd']);
    expect(list[1]!.upgradeTo).toEqual(['> 3.6.9']);
    expect(list[0]!.upgradeTo).toEqual(['> 3.11', '> 2021-1']);
  });
});
