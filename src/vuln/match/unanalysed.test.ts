import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [`${SHARED_DATA}/vuln/nvd/records`], { clock: fixedClock('2026-11-30T00:00:00Z') });
});

describe('CVEs NVD has not analysed', () => {
  it('surface for review when their description names the product, never as matches', () => {
    const m = matchComponents(db, [{ id: 'd', kind: 'library', name: 'DCMTK', vendor: 'OFFIS', version: '3.6.8', cpes: ['cpe:2.3:a:offis:dcmtk:3.6.8:*:*:*:*:*:*:*'], source: 'sbom' }]);
    const leads = m.filter((x) => /not analysed/.test(x.evidence[0]!.notes.join(' ')));
    expect(leads.map((x) => x.cve)).toEqual(expect.arrayContaining(['CVE-2024-28130', 'CVE-2025-25472']));
    expect(leads.every((x) => x.confidence === 'review')).toBe(true);
    // analysed CVEs are not repeated as leads
    expect(leads.map((x) => x.cve)).not.toContain('CVE-2024-47796');
  });
  it('generic names are not searched', () => {
    const m = matchComponents(db, [{ id: 'w', kind: 'os', name: 'Windows', cpes: [], source: 'manual' }]);
    expect(m).toEqual([]);
  });
});
