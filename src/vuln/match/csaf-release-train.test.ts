/**
 * CSAF's `first_affected` and `last_affected` (CSAF 2.0 §3.2.3.9: "the first versions of the releases known to be
 * affected", "the last versions in a release train known to be affected") speak of more versions than the one they
 * name. No advisory in shared/data uses them, so the advisory below is built from the specification. The versions
 * on the affected side go to review (the release train is not named); the others stay unmatched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { csafDocument } from '../../../test/documents.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-csaf-train-'));
let db: Db;
const version = (v: string, id: string) => ({
  category: 'product_version',
  name: v,
  product: { name: `Acme Infusion Pump ${v}`, product_id: id },
});

beforeAll(async () => {
  const advisory = csafDocument(
    {
      category: 'csaf_security_advisory',
      id: 'ACME-2099-01',
      title: 'Acme Infusion Pump',
      publisher: 'Acme PSIRT',
      namespace: 'https://acme.example/psirt',
      date: '2099-01-01T00:00:00Z',
    },
    {
      branches: [
        {
          category: 'vendor',
          name: 'Acme Medical',
          branches: [
            {
              category: 'product_name',
              name: 'Infusion Pump',
              branches: [version('2.3.1', 'P1'), version('3.0', 'P2'), version('1.0', 'P3')],
            },
          ],
        },
      ],
    },
    [
      { cve: 'CVE-2099-2000', product_status: { last_affected: ['P1'] } },
      { cve: 'CVE-2099-2001', product_status: { first_affected: ['P2'] } },
      { cve: 'CVE-2099-2002', product_status: { known_affected: ['P3'] } },
    ],
  );
  writeFileSync(join(dir, 'acme-2099-01.json'), JSON.stringify(advisory));
  db = memDb();
  await importFeeds(db, [dir], { clock: fixedClock('2099-01-02T00:00:00Z') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const of = (v: string) =>
  Object.fromEntries(
    matchComponents(db, [{ id: 'd', kind: 'device', vendor: 'Acme', name: 'Infusion Pump', version: v, cpes: [], source: 'inventory' }], {
      bare: true,
    }).map((m) => [m.cve, m.confidence]),
  );

describe('first_affected and last_affected', () => {
  it('send the versions on their affected side to review, and match the version they name', () => {
    expect(of('2.2')).toEqual({ 'CVE-2099-2000': 'review' }); // before the last affected 2.3.1; before the first 3.0
    expect(of('2.3.1')).toEqual({ 'CVE-2099-2000': 'medium' });
    expect(of('2.9')).toEqual({}); // past the last affected, before the first
    expect(of('3.1')).toEqual({ 'CVE-2099-2001': 'review' });
    // known_affected names one version: 1.1 is not it, whichever side.
    expect(of('1.1')).toEqual({ 'CVE-2099-2000': 'review' });
  });

  it('say why in the evidence', () => {
    const [m] = matchComponents(
      db,
      [{ id: 'd', kind: 'device', vendor: 'Acme', name: 'Infusion Pump', version: '3.1', cpes: [], source: 'inventory' }],
      {
        bare: true,
      },
    );
    expect(m!.evidence[0]!.notes).toContain('advisory says first_affected 3.0: later versions of its release train are affected too');
  });
});
