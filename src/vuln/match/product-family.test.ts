/**
 * Devices of product lines and model lists CISA names in one product name, against the real advisories. Labelled by
 * hand from the names themselves: "LOGIQ, not including LOGIQ 100 Pro" covers a LOGIQ E10 and not a LOGIQ 100 Pro;
 * "Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50" covers an Avalon FM30 and not an FM10. Before product
 * families were read, none of the devices labelled "covered" below was matched to its advisory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { inventoryDevice } from '../testdata/inventory-device.js';
import { deviceName, memberOf, nameWords } from './product-family.js';
import { vendorKeys } from './vendor-names.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [`${SHARED_DATA}/vuln/csaf/cisa-icsma`], { clock: fixedClock('2026-12-01T00:00:00Z') });
});

/** The advisories that name the device (any confidence: a version the text cannot order still names it). */
const advisoriesOf = (vendor: string, name: string, version?: string): string[] => [
  ...new Set(
    matchComponents(db, [inventoryDevice(vendor, name, version)], { bare: true }).map((m) => m.evidence[0]!.advisory!.split(' ')[0]!),
  ),
];

describe('advisory product names that name several models', () => {
  it('spells out lists of models', () => {
    expect(nameWords('IntelliVue MP monitors MX800/700/600 ((865240/41/42) WLAN')).toEqual(
      expect.arrayContaining(['intellivue', 'mx800', 'mx700', 'mx600', '865240', '865241', '865242', 'wlan']),
    );
    expect(nameWords('IntelliVue MP monitors MP20-MP90 (M8001A/2A/3A/10A) WLAN')).toEqual(
      expect.arrayContaining(['m8001a', 'm8002a', 'm8003a', 'm8010a']),
    );
    expect(nameWords('Monitors MP Series (includingMP2/X2/MP30)')).toEqual(expect.arrayContaining(['mp2', 'x2', 'mp30']));
    expect(nameWords('Avalon Fetal/Maternal Monitors')).toEqual(['avalon', 'fetal', 'maternal', 'monitors']);
  });

  it('reads a device without the words of its company', () => {
    expect(deviceName('Philips IntelliVue MX700', 'Philips Healthcare')).toEqual({
      fold: 'intellivuemx700',
      words: ['intellivue', 'mx700'],
      code: 'mx700',
    });
  });

  it.each([
    ['LOGIQ, not including LOGIQ 100 Pro', 'LOGIQ E10', 'member of the product line'],
    ['LOGIQ, not including LOGIQ 100 Pro', 'LOGIQ 100 Pro', undefined],
    ['LOGIQ, not including LOGIQ 100 Pro', 'LOGIQ', undefined], // the line's own name is matched as a name
    ['Venue, not including Venue 40 R1-3 and Venue 50 R4-5', 'Venue Go', 'member of the product line'],
    ['Venue, not including Venue 40 R1-3 and Venue 50 R4-5', 'Venue 40', undefined],
    ['Venue, not including Venue 40 R1-3 and Venue 50 R4-5', 'Venue 50 R4', undefined],
    ['Vivid products, not including EchoPAC', 'Vivid E95', 'member of the product line'],
    ['Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50', 'Avalon FM30', 'named in the list'],
    ['Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50', 'FM30', 'named in the list'],
    ['Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50', 'Avalon FM10', undefined],
    ['Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50', 'Avalon', undefined], // no model: the name match decides
    ['Ultrasound EPIQ/Affiniti', 'EPIQ 7', 'named in the list'],
    ['Ultrasound EPIQ/Affiniti', 'Ultrasound 7', undefined], // the list's own words lead, not its other words
    ['Discovery NM/CT 670', 'CT 750', undefined], // two letters say nothing on their own
    ['NextSeq 500/550 Control Software', 'NextSeq 550', 'named in the list'],
    ['NextSeq 500/550 Control Software', 'NextSeq 600', undefined],
    ['Alaris PC Unit Model 8015', '8015', 'its model number in the name'],
    ['IntelliVue MP monitors MX800/700/600 ((865240/41/42) WLAN', '865241', 'its model number in the name'],
    ['IntelliVue MP monitors MX800/700/600 ((865240/41/42) WLAN', '865243', undefined],
    ['LOGIQ E10 Series', 'E10', undefined], // too little to name a model on its own
    ['Welch Allyn ELI 380 Resting Electrocardiograph', 'ELI 380', 'its words in the name'],
    ['IntelliVue Patient Monitors MX (MX400-550)', 'IntelliVue MX450', 'named in the list'],
    ['IntelliVue Patient Monitors MX (MX400-550)', 'IntelliVue MX600', undefined],
    ['IntelliVue Patient Monitors MX (MX400-550)', 'IntelliVue MP450', undefined],
    ['IntelliVue MP monitors MP20-MP90 (M8001A/2A) WLAN', 'IntelliVue MP50', 'named in the list'],
    ['IntelliVue MP monitors MP20-MP90 (M8001A/2A) WLAN', 'IntelliVue MP100', undefined],
  ])('%s covers %s: %s', (product, device, how) => expect(memberOf(product, deviceName(device, 'Vendor'))).toBe(how));
});

describe('garbage names from a feed', () => {
  it('are read in linear time: no name pattern backtracks over a long run', () => {
    const device = deviceName('LOGIQ E10', 'GE Healthcare');
    const start = performance.now();
    for (const name of [
      ' '.repeat(100_000) + 'x',
      `a${' '.repeat(100_000)}not includingx`,
      'MX1/'.repeat(25_000),
      'a and '.repeat(20_000),
    ]) {
      expect(memberOf(name, device)).toBeUndefined();
      expect(vendorKeys(name).length).toBeGreaterThan(0);
    }
    // Before names were capped, these took 31 s.
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

describe('devices of product lines and model lists, against the CISA medical advisories', () => {
  it.each([
    ['GE Healthcare', 'LOGIQ E10', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Vivid E95', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Voluson E10', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Venue Go', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Invenia ABUS Scan Station 3', 'ICSMA-20-049-02'],
    ['Philips', 'Avalon FM30', 'ICSMA-18-156-01'],
    ['Philips', 'IntelliVue MX700', 'ICSMA-18-156-01'],
    ['Philips', 'IntelliVue MX700', 'ICSMA-19-255-01'],
    ['Philips', 'IntelliVue MX600', 'ICSMA-19-255-01'],
    ['Philips', 'IntelliVue MP30', 'ICSMA-18-156-01'],
    ['Philips', 'IntelliVue MP50', 'ICSMA-19-255-01'], // MP20-MP90
    ['Philips', 'IntelliVue MX450', 'ICSMA-18-156-01'], // MX (MX400-550)
    ['Philips', 'EPIQ 7', 'ICSMA-20-177-01'],
    ['Philips', 'Affiniti 70', 'ICSMA-20-177-01'],
    ['Philips', 'StentBoost Live', 'ICSMA-21-019-01'],
    ['Medtronic', 'MiniMed Paradigm 722K', 'ICSMA-19-178-01'],
    ['Medtronic', 'MiniMed Paradigm 754', 'ICSMA-19-178-01'],
    ['Abbott', 'Allure', 'ICSMA-17-241-01'], // CISA: "Abbott Laboratories", "Assurity/Allure"
    ['Abbott', 'Anthem', 'ICSMA-17-241-01'],
    ['Illumina', 'NextSeq 2000', 'ICSMA-23-117-01'],
    // By model number alone, as many maintenance systems record a device.
    ['BD', '8015', 'ICSMA-20-317-01'],
    ['Philips', 'M8102A', 'ICSMA-19-255-01'],
    ['Philips', '865241', 'ICSMA-19-255-01'],
    ['Medtronic', '2090', 'ICSMA-18-347-01'],
  ])('covered: %s %s by %s', (vendor, name, advisory) => expect(advisoriesOf(vendor, name)).toContain(advisory));

  it.each([
    ['GE Healthcare', 'LOGIQ 100 Pro', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Venue 40', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Venue 50', 'ICSMA-20-049-02'],
    ['GE Healthcare', 'Vscan Air', 'ICSMA-20-049-02'],
    ['Philips', 'Avalon FM10', 'ICSMA-18-156-01'],
    ['Philips', 'IntelliVue MX600', 'ICSMA-18-156-01'],
    ['Philips', 'IntelliVue MP100', 'ICSMA-19-255-01'],
    ['Philips', '865250', 'ICSMA-19-255-01'],
    ['Medtronic', 'MiniMed 630G', 'ICSMA-19-178-01'],
    ['Siemens', 'LOGIQ E10', 'ICSMA-20-049-02'], // another company's device of that name
  ])('not covered: %s %s by %s', (vendor, name, advisory) => expect(advisoriesOf(vendor, name)).not.toContain(advisory));

  it('says how the name matched, at low confidence where the version is in range', () => {
    const [m] = matchComponents(
      db,
      [{ id: 'd', kind: 'device', vendor: 'Philips', name: 'Avalon FM30', version: 'J.3', cpes: [], source: 'inventory' }],
      {
        bare: true,
      },
    );
    expect(m).toMatchObject({ confidence: 'low' });
    expect(m!.evidence[0]!.notes).toContain(
      'matched by name: advisory product "Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50" of vendor "Philips" (named in the list)',
    );
  });
});
