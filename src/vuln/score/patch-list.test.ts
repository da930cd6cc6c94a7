import { describe, expect, it } from 'vitest';
import type { AffectedVersion } from '../match/index-entry.js';
import type { Match } from '../match/match.js';
import { patchList } from './patch-list.js';

const CRITERIA = 'cpe:2.3:o:acme:imager_firmware:*:*:*:*:*:*:*:*';
const match = (cve: string, range: string): Match => ({
  component: { id: 'c', name: 'Imager', version: '4.1' },
  cve,
  source: 'nvd',
  confidence: 'high',
  evidence: [{ searched: 'cpe:2.3:o:acme:imager_firmware:4.1:*:*:*:*:*:*:*', matched: CRITERIA, range, notes: [] }],
});
const exact = (version: string): AffectedVersion => ({ version });

describe('the patch-first target', () => {
  it('passes every range, and names the later versions NVD still lists as affected', () => {
    const affected = new Map<string, AffectedVersion[]>([
      ['CVE-1 acme:imager_firmware', [{ version: '*', endExcl: '4.2' }, exact('5.0a'), exact('3.9')]],
      [
        'CVE-2 acme:imager_firmware',
        [
          { version: '*', endIncl: '4.3' },
          { version: '*', startIncl: '6.0', endExcl: '6.2' },
          { version: '*', startIncl: '2.0', endExcl: '3.0' },
        ],
      ],
    ]);
    const [item] = patchList([match('CVE-1', '< 4.2'), match('CVE-2', '<= 4.3')], affected);
    // 3.9 and the 2.x range are below the target: passing them is not the question.
    expect(item!.upgradeTo).toEqual(['> 4.3 except 5.0a; >= 6.0, < 6.2']);
  });

  it('without what NVD lists (or nothing above the target) it is the bound alone', () => {
    expect(patchList([match('CVE-1', '< 4.2')])[0]!.upgradeTo).toEqual(['>= 4.2']);
    const below = new Map([['CVE-1 acme:imager_firmware', [exact('4.0'), { version: '*', endExcl: '4.2' }]]]);
    expect(patchList([match('CVE-1', '< 4.2')], below)[0]!.upgradeTo).toEqual(['>= 4.2']);
  });

  it('a version listed at the target itself moves the target past it', () => {
    const at = new Map([['CVE-1 acme:imager_firmware', [{ version: '*', endExcl: '4.2' }, exact('4.2'), exact('4.5')]]]);
    expect(patchList([match('CVE-1', '< 4.2')], at)[0]!.upgradeTo).toEqual(['> 4.2 except 4.5']);
  });

  it('leaves out versions written another way, and counts what it does not list', () => {
    const many = new Map([
      [
        'CVE-1 acme:imager_firmware',
        [{ version: '*', endExcl: '4.2' }, ...['1607', '20h2', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6'].map(exact)],
      ],
    ]);
    expect(patchList([match('CVE-1', '< 4.2')], many)[0]!.upgradeTo).toEqual(['>= 4.2 except 5.1; 5.2; 5.3; 5.4; 5.5 and 1 more']);
  });
});
