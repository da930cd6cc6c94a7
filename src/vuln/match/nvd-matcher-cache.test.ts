/**
 * The matcher keeps parsed configurations between evaluations and trims them only before one. Trimming while an
 * evaluation had listed a cached configuration but not yet read it lost that configuration's matches silently:
 * with the tightest cache, every evaluation must give exactly what a roomy cache gives. Real record: BlueKeep
 * (CVE-2019-0708) names dozens of Siemens modalities, each as firmware on its hardware (one configuration each).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { VulnStore } from '../../store/sqlite/vuln-store.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import type { Component } from '../component.js';
import { importFeeds } from '../feeds/import.js';
import { memDb } from '../testdata/mem-db.js';
import type { Match } from './match.js';
import { NvdMatcher } from './nvd.matcher.js';

let store: VulnStore;
beforeAll(async () => {
  const db = memDb();
  await importFeeds(db, [`${SHARED_DATA}/vuln/nvd/records`], { clock: fixedClock('2026-11-30T00:00:00Z'), workers: 0 });
  store = new VulnStore(db);
});

/** A Siemens modality: its firmware (version VA10) on its hardware. */
const modality = (product: string): Component[] => [
  {
    id: `${product} firmware`,
    kind: 'firmware',
    name: product,
    version: 'VA10',
    cpes: [`cpe:2.3:o:siemens:${product}_firmware:va10:*:*:*:*:*:*:*`],
    source: 'sbom',
  },
  { id: `${product} hardware`, kind: 'device', name: product, cpes: [`cpe:2.3:h:siemens:${product}:-:*:*:*:*:*:*:*`], source: 'sbom' },
];
const keys = (ms: readonly Match[]) => ms.map((m) => `${m.component.id} ${m.cve} ${m.confidence} ${m.evidence.length}`).sort();

describe('the configuration caches of the NVD matcher', () => {
  it('a cache of one gives what a roomy cache gives, evaluation after evaluation', () => {
    const roomy = new NvdMatcher(store);
    const tight = new NvdMatcher(store, 1);
    // The second asset needs the first one's configuration (cached) and another (not yet read).
    for (const group of [modality('multix_pro'), [...modality('multix_pro'), ...modality('lantis')], modality('lantis')]) {
      const want = keys(roomy.match(group));
      expect(keys(tight.match(group))).toEqual(want);
      for (const c of group.filter((c) => c.kind === 'firmware')) expect(want).toContain(`${c.id} CVE-2019-0708 medium 1`);
    }
  });
});
