/**
 * Devices named only by manufacturer, model and version (as a maintenance system names them) against NVD's real
 * records of medical devices. The labels are read from the records' configurations (shared/data/cpe's
 * cpe-match.from-nvd-records.tsv): the range and version of the firmware, on the hardware of the same model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents, type Component } from '../index.js';
import { memDb } from '../testdata/mem-db.js';
import { inventoryDevice as device } from '../testdata/inventory-device.js';
import { wireSpeaksFor } from '../../scan/vulns.js';

let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [`${SHARED_DATA}/vuln/nvd/records`], { clock: fixedClock('2026-12-01T00:00:00Z') });
});

const nvd = (c: Component) => matchComponents(db, [c], { bare: true }).filter((m) => m.source === 'nvd');

describe('CPEs from the names of a device without any', () => {
  // [manufacturer, model, version, CVE, affected]
  const labelled: [string, string, string, string, boolean][] = [
    ['Siemens Healthineers', 'ACUSON SC2000', '4.0c', 'CVE-2017-0143', true], // 4.0 <= v < 4.0e
    ['Siemens Healthineers', 'ACUSON SC2000', '5.0a', 'CVE-2017-0143', true], // listed
    ['Siemens Healthineers', 'ACUSON SC2000', '4.0e', 'CVE-2017-0143', false],
    ['Siemens Healthineers', 'ACUSON SC2000', '5.1', 'CVE-2017-0143', false],
    ['Siemens', 'syngo SC2000', '4.0', 'CVE-2017-0143', true],
    ['Philips', 'IntelliSpace Portal', '8.0', 'CVE-2017-0143', true],
    ['Philips', 'IntelliSpace Portal', '9.0', 'CVE-2017-0143', false],
    ['Philips', 'IntelliSpace Portal 8', '8.0', 'CVE-2017-0143', true], // the model named with its release
    ['Philips', 'IntelliSpace Portal 9', '8.0', 'CVE-2017-0143', false], // a release the version does not begin with
    ['Philips', 'IntelliSpace Cardiovascular', '3.1', 'CVE-2018-14789', true], // <= 3.1
    ['Philips', 'IntelliSpace Cardiovascular', '3.2', 'CVE-2018-14789', false],
    ['Philips Healthcare', 'Xcelera', '4.1', 'CVE-2018-14789', true],
    ['Philips Healthcare', 'Xcelera', '4.2', 'CVE-2018-14789', false],
    ['Philips Medical Systems', 'Brilliance 64', '2.6.2', 'CVE-2018-8853', true], // brilliance_firmware_64 on brilliance_64
    ['Philips Medical Systems', 'Brilliance 64', '2.6.3', 'CVE-2018-8853', false],
    ['Philips', 'Brilliance CT Big Bore', '2.3.5', 'CVE-2018-8853', true], // NVD's _brilliance_ct_big_bore
    ['Philips', 'Brilliance iCT SP', '3.2.4', 'CVE-2018-8853', true],
    ['Philips', 'Brilliance iCT SP', '3.2.5', 'CVE-2018-8853', false], // brilliance_ict's <= 4.1.6 is another model
    ['Philips', 'Brilliance iCT', '4.1.6', 'CVE-2018-8853', true],
    ['GE Healthcare', 'Infinia Hawkeye 4', '2.5', 'CVE-2017-14002', true], // firmware "-": every version (low)
  ];
  it.each(labelled)('%s %s %s: %s affected = %s', (vendor, model, version, cve, affected) => {
    const m = nvd(device(vendor, model, version)).filter((x) => x.cve === cve);
    expect(m.some((x) => x.confidence !== 'review')).toBe(affected);
    for (const x of m) expect(['medium', 'low', 'review']).toContain(x.confidence); // at most medium: the CPE was found by name
  });

  it('says which NVD names it took and why, with the firmware on its hardware', () => {
    const [m] = nvd(device('Siemens Healthineers', 'ACUSON SC2000', '4.0c')).filter((x) => x.cve === 'CVE-2017-0143');
    expect(m!.evidence[0]).toMatchObject({
      searched: 'cpe:2.3:o:siemens:acuson_sc2000_firmware:4.0c:*:*:*:*:*:*:*',
      range: '>= 4.0, < 4.0e',
    });
    expect(m!.evidence[0]!.notes).toContain(
      'CPE from the names: "Siemens Healthineers" "ACUSON SC2000" is NVD\'s siemens:acuson_sc2000_firmware on siemens:acuson_sc2000 (no source gave a CPE)',
    );
  });

  it('names the manufacturer as each device spells it, in one run', () => {
    const spelled = (id: string, vendor: string) => ({ ...device(vendor, 'IntelliSpace Portal', '8.0'), id });
    const ms = matchComponents(db, [spelled('a', 'Philips Healthcare'), spelled('b', 'Philips Medical Systems')], { bare: true });
    const note = (id: string) => ms.find((m) => m.component.id === id && m.cve === 'CVE-2017-0143')!.evidence[0]!.notes.join(' ');
    expect(note('a')).toContain('"Philips Healthcare" "IntelliSpace Portal"');
    expect(note('b')).toContain('"Philips Medical Systems" "IntelliSpace Portal"');
  });

  it('takes no near name, no other company, and nothing without a version', () => {
    expect(nvd(device('Siemens Healthineers', 'SC2000', '4.0c'))).toEqual([]);
    expect(nvd(device('GE Healthcare', 'ACUSON SC2000', '4.0c'))).toEqual([]);
    expect(nvd(device('Siemens Healthineers', 'ACUSON SC2000'))).toEqual([]);
  });

  it('a component with its own CPE is matched by it alone', () => {
    const c = { ...device('Siemens Healthineers', 'ACUSON SC2000', '4.0c'), cpes: ['cpe:2.3:a:example:other:1.0:*:*:*:*:*:*:*'] };
    expect(nvd(c)).toEqual([]);
  });

  it('makes no second finding where a scan saw the same product and version on the wire', () => {
    const inventory = device('Philips', 'IntelliSpace Portal', '8.0');
    const onWire = (version: string): Component => ({
      id: 'w',
      kind: 'application',
      name: 'IntelliSpace Portal',
      version,
      cpes: [`cpe:2.3:a:philips:intellispace_portal:${version}:*:*:*:*:*:*:*`],
      source: 'fingerprint',
    });
    const listed = nvd(inventory);
    expect(listed.map((m) => m.cve)).toContain('CVE-2017-0143');
    const wire = nvd(onWire('8.0'));
    const speaks = wireSpeaksFor([inventory], [onWire('8.0')], wire);
    expect(listed.filter((m) => !speaks(m))).toEqual([]);
    expect(wire.filter((m) => !speaks(m))).toEqual(wire); // the wire's own stay
    // Another version on the wire is other software: the inventory's matches stay.
    const other = wireSpeaksFor([inventory], [onWire('7.0')], nvd(onWire('7.0')));
    expect(listed.filter((m) => !other(m))).toEqual(listed);
  });
});
