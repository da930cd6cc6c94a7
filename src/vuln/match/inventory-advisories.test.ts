/**
 * A device as the inventory names it (manufacturer, model, software version, spelled as a maintenance system
 * spells them) against CISA's real medical advisories, which name products by vendor and product name only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { migrate, openDb } from '../../store/sqlite/db.js';
import { migrations } from '../../store/sqlite/migrations/index.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents, patchList, type Component } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { inventoryDevice as device } from '../testdata/inventory-device.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { vendorKeys } from './vendor-names.js';

const CSAF = `${SHARED_DATA}/vuln/csaf/cisa-icsma`;
const clock = fixedClock('2026-12-01T00:00:00Z');
let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [CSAF], { clock });
});

/** Advisory tracking ids and confidences of the device's matches. */
const advisories = (c: Component) =>
  [...new Set(matchComponents(db, [c], { bare: true }).map((m) => `${m.evidence[0]!.advisory!.split(' ')[0]} ${m.confidence}`))].sort();

describe("the company's name as inventories spell it", () => {
  it("is reduced the way CISA's spelling is: whole, abbreviation in brackets, without legal form and trading words", () => {
    expect(vendorKeys('Becton, Dickinson and Company (BD)')).toEqual([
      'bectondickinsonandcompanybd',
      'bd',
      'bectondickinsonandcompany',
      'bectondickinson',
    ]);
    expect(vendorKeys('Philips Medical Systems Nederland B.V.')).toEqual(['philipsmedicalsystemsnederlandbv', 'philips']);
    expect(vendorKeys('GE Medical Systems')).toEqual(['gemedicalsystems', 'ge']);
    expect(vendorKeys('FUJIFILM Corporation')).toEqual(['fujifilmcorporation', 'fujifilm']);
    expect(vendorKeys('Medical Systems')).toEqual(['medicalsystems', 'medical']); // never reduced to nothing
  });

  it('names each company of a joint advisory, and a company written with or without its accents', () => {
    expect(vendorKeys('Hillrom and ELI, Baxter International Inc.')).toEqual(expect.arrayContaining(['hillrom', 'eli', 'baxter']));
    expect(vendorKeys('ENEA, Green Hills Software, ITRON, IP Infusion, and Wind River')).toEqual(
      expect.arrayContaining(['enea', 'greenhillssoftware', 'itron', 'ipinfusion', 'windriver']),
    );
    expect(vendorKeys('Silex Technology and GE Healthcare')).toEqual(expect.arrayContaining(['silex', 'ge']));
    // One company whose name has a comma or an "and": not taken apart.
    expect(vendorKeys('SOOIL Developments Co, Ltd.')).toEqual(['sooildevelopmentscoltd', 'sooildevelopments']);
    expect(vendorKeys('Natus Medical, Inc. (Natus)')).toEqual(['natusmedicalincnatus', 'natus', 'natusmedicalinc']);
    expect(vendorKeys('Dräger')).toEqual(['drager', 'draeger']);
    expect(vendorKeys('Draeger')).toEqual(['draeger']);
  });
});

describe('an inventory device against the CISA medical advisories', () => {
  it('is matched by manufacturer and model, and its software version against the range text', () => {
    // ICSMA-21-187-01: Philips Vue PACS <= 12.2.x.x (a loose bound: low); ICSMA-24-200-01: < 12.2.8.410.
    expect(advisories(device('Philips Healthcare', 'Vue PACS', '12.1.6'))).toEqual(['ICSMA-21-187-01 low', 'ICSMA-24-200-01 medium']);
    expect(advisories(device('Philips Healthcare', 'Vue PACS', '12.2.8.410'))).toEqual(['ICSMA-21-187-01 low']);
    expect(advisories(device('Philips Healthcare', 'Vue PACS', '12.3.0'))).toEqual([]);
    // The version that leaves both: past "<= 12.2.x.x" is 12.3, which is also past 12.2.8.410.
    expect(patchList(matchComponents(db, [device('Philips Healthcare', 'Vue PACS', '12.1.6')]))[0]!.upgradeTo).toEqual(['>= 12.3']);
    // The model as CMMS exports often write it, with the manufacturer in front.
    expect(advisories(device('Philips', 'Philips Vue PACS', '12.1.6'))).toEqual(['ICSMA-21-187-01 low', 'ICSMA-24-200-01 medium']);
    // ICSMA-20-170-06: BD Alaris PC Unit 9.13 | 9.19 | 9.33 | 12.1 (one product version naming four), under
    // "Becton, Dickinson and Company (BD)".
    expect(advisories(device('BD', 'Alaris PC Unit', '9.19'))).toContain('ICSMA-20-170-06 medium');
    expect(advisories(device('Becton Dickinson', 'Alaris PC Unit', '9.19'))).toContain('ICSMA-20-170-06 medium');
    expect(advisories(device('BD', 'Alaris PC Unit', '9.20'))).not.toContain('ICSMA-20-170-06 medium');
    // ICSMA-20-343-01: GE Healthcare Optima MR360 SV20.1 | SV23.0; ICSMA-18-037-02: all versions.
    expect(advisories(device('GE Medical Systems', 'Optima MR360', 'SV23.0'))).toEqual([
      'ICSMA-18-037-02 medium',
      'ICSMA-20-343-01 medium',
    ]);
    expect(advisories(device('GE Medical Systems', 'Optima MR360', 'SV24.0'))).toEqual(['ICSMA-18-037-02 medium']);
    // ICSMA-18-312-01: Philips IntelliSpace PACS, all versions.
    expect(advisories(device('Philips Medical Systems Nederland B.V.', 'IntelliSpace PACS', '4.4.5'))).toContain('ICSMA-18-312-01 medium');
  });

  it('needs review when the inventory gives no software version for a range', () => {
    expect(advisories(device('Philips', 'Vue PACS'))).toEqual(['ICSMA-21-187-01 review', 'ICSMA-24-200-01 review']);
  });

  it('is not matched for another manufacturer of a like-named product, or another product of the manufacturer', () => {
    expect(advisories(device('Agfa HealthCare', 'Vue PACS', '12.1.6'))).toEqual([]);
    expect(advisories(device('Philips', 'Azurion', '2.1'))).toEqual([]);
  });

  it('of a company CISA names jointly with others, or with an umlaut the inventory writes out', () => {
    // ICSMA-22-167-01 is filed under "Hillrom and ELI, Baxter International Inc.": ELI 380 <= 2.6.0.
    expect(advisories(device('Baxter', 'Welch Allyn ELI 380', '2.5.0'))).toContain('ICSMA-22-167-01 low'); // a prefix of CISA's name
    // "ELI 380" is in "Welch Allyn ELI 380 Resting Electrocardiograph", brand first: every word of it.
    expect(advisories(device('Hillrom', 'ELI 380', '2.5.0'))).toContain('ICSMA-22-167-01 low');
    expect(advisories(device('Hillrom', 'ELI 380', '2.7.0'))).not.toContain('ICSMA-22-167-01 low');
    // ICSMA-18-128-01, "Silex Technology and GE Healthcare": GEH-500 <= 1.54 (integrated into GE MobileLink).
    expect(advisories(device('GE Healthcare', 'GEH-500', '1.50'))).toContain('ICSMA-18-128-01 low');
    // ICSMA-19-022-01: "Dräger" Infinity Delta, all versions.
    expect(advisories(device('Draeger', 'Infinity Delta', 'VF10'))).toContain('ICSMA-19-022-01 medium');
    expect(advisories(device('Drager Medical GmbH', 'Infinity Delta', 'VF10'))).toContain('ICSMA-19-022-01 medium');
  });
});

describe('a store of advisories imported before the name keys', () => {
  it('has their keys made again by migration 0112, so a re-import of unchanged files is not needed', async () => {
    const old = openDb(':memory:', { migrations: migrations.filter((m) => m.id < '0112') });
    await importFeeds(old, [`${CSAF}/2020/icsma-20-170-06.json`], { clock });
    // As the import wrote them before: the whole folded name only.
    old.exec("DELETE FROM vuln_csaf_vendor WHERE vendor_key <> 'bectondickinsonandcompanybd'");
    const pumps = () => matchComponents(old, [device('BD', 'Alaris PC Unit', '9.19')], { bare: true }).length;
    expect(pumps()).toBe(0);
    expect(migrate(old, migrations)).toContain('0112-vuln-csaf-vendor-keys');
    expect(pumps()).toBeGreaterThan(0);
  });

  it('has the keys of joint advisories and accents made by migration 0113', async () => {
    const old = openDb(':memory:', { migrations: migrations.filter((m) => m.id < '0113') });
    await importFeeds(old, [`${CSAF}/2019/icsma-19-022-01.json`, `${CSAF}/2022/icsma-22-167-01.json`], { clock });
    // As 0112's keys were: "Dräger" folded without its letter, the joint vendor as one company.
    old.exec(
      "DELETE FROM vuln_csaf_vendor WHERE vendor_key IN ('drager', 'draeger', 'hillrom', 'eli', 'baxter', 'baxterinternationalinc')",
    );
    const found = () =>
      matchComponents(old, [device('Draeger', 'Infinity Delta', 'VF10'), device('Hillrom', 'ELI 380', '2.5.0')], { bare: true }).length;
    expect(found()).toBe(0);
    expect(migrate(old, migrations)).toContain('0113-vuln-csaf-vendor-parts');
    expect(found()).toBeGreaterThan(1);
  });
});
