import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCpe, cpeCovers, formatCpe, parseCpe, textOf, tryParseCpe } from './cpe.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const DATA = `${SHARED_DATA}/cpe`;

describe('CPE 2.3 formatted strings', () => {
  const criteria = readFileSync(`${DATA}/cpe-criteria.unique.txt`, 'utf8').split('\n').filter(Boolean);

  it('round-trips all 1,963 real NVD criteria, escapes included', () => {
    expect(criteria.length).toBeGreaterThan(1900);
    for (const c of criteria) expect(formatCpe(parseCpe(c))).toBe(c);
  });

  it('unescapes values so matching compares what the name means', () => {
    const c = parseCpe('cpe:2.3:a:siemens:simatic_step_7_\\(tia_portal\\):*:*:*:*:*:*:*:*');
    expect(textOf(c[2]!)).toBe('simatic_step_7_(tia_portal)');
    const m = parseCpe('cpe:2.3:a:milestonesys:xprotect:*:*:*:*:essential\\+:*:*:*');
    expect(textOf(m[7]!)).toBe('essential+');
  });

  it('splits only on unescaped colons', () => {
    const c = parseCpe('cpe:2.3:a:vendor:pro\\:duct:1.0:*:*:*:*:*:*:*');
    expect(textOf(c[2]!)).toBe('pro:duct');
    expect(formatCpe(c)).toBe('cpe:2.3:a:vendor:pro\\:duct:1.0:*:*:*:*:*:*:*');
  });

  it.each([
    'cpe:2.3:a:offis:dcmtk:3.6.7',
    'cpe:2.3:x:offis:dcmtk:*:*:*:*:*:*:*:*',
    'cpe:2.3:a:of fis:dcmtk:*:*:*:*:*:*:*:*',
    'cpe:2.3:a:offis:dc*mtk:*:*:*:*:*:*:*:*',
    'cpe:2.3:a:offis::*:*:*:*:*:*:*:*',
    'dcmtk 3.6.7',
  ])('rejects %s', (s) => expect(() => parseCpe(s)).toThrow(/not a CPE name/));

  it('survives arbitrary input without other exceptions', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const c = tryParseCpe(`cpe:2.3:${s}`);
        if (c) expect(c).toHaveLength(11);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('CPE 2.2 URIs', () => {
  it('converts to the 2.3 name', () => {
    expect(formatCpe(parseCpe('cpe:/a:gnu:libidn2:2.3.8'))).toBe('cpe:2.3:a:gnu:libidn2:2.3.8:*:*:*:*:*:*:*');
    expect(formatCpe(parseCpe('cpe:/a:foo%21:bar:1.0:-'))).toBe('cpe:2.3:a:foo\\!:bar:1.0:-:*:*:*:*:*:*');
    expect(formatCpe(parseCpe('cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~'))).toBe(
      'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
    );
  });
});

describe('NISTIR 7696 name matching', () => {
  const asset = parseCpe('cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*');
  it('ANY covers a value, NA does not', () => {
    expect(cpeCovers(parseCpe('cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*'), asset)).toBe(true);
    expect(compareCpe(parseCpe('cpe:2.3:a:offis:dcmtk:-:*:*:*:*:*:*:*'), asset)).toBe('disjoint');
  });
  it('is case-insensitive', () =>
    expect(compareCpe(parseCpe('cpe:2.3:a:OFFIS:DCMTK:3.6.6:*:*:*:*:*:*:*'), asset)).toBe('equal'));
  it('keeps vendors apart', () =>
    expect(cpeCovers(parseCpe('cpe:2.3:a:dicom:dcmtk:*:*:*:*:*:*:*:*'), asset)).toBe(false));
  it('sw_edition NA does not match premium', () =>
    expect(
      cpeCovers(parseCpe('cpe:2.3:a:v:p:*:*:*:*:-:*:*:*'), parseCpe('cpe:2.3:a:v:p:1.0:*:*:*:premium:*:*:*')),
    ).toBe(false));
  it('target_sw node.js does not match a non-Node asset', () =>
    expect(
      cpeCovers(parseCpe('cpe:2.3:a:isaacs:minimatch:*:*:*:*:*:node.js:*:*'), parseCpe('cpe:2.3:a:isaacs:minimatch:3.0:*:*:*:*:python:*:*')),
    ).toBe(false));
  it('wildcards at the ends match by pattern', () => {
    expect(cpeCovers(parseCpe('cpe:2.3:o:siemens:acuson_*:*:*:*:*:*:*:*:*'), parseCpe('cpe:2.3:o:siemens:acuson_p300_firmware:-:*:*:*:*:*:*:*'))).toBe(true);
    expect(cpeCovers(parseCpe('cpe:2.3:a:v:p:1.?:*:*:*:*:*:*:*'), parseCpe('cpe:2.3:a:v:p:1.5:*:*:*:*:*:*:*'))).toBe(true);
    expect(cpeCovers(parseCpe('cpe:2.3:a:v:p:1.?:*:*:*:*:*:*:*'), parseCpe('cpe:2.3:a:v:p:1.55:*:*:*:*:*:*:*'))).toBe(false);
  });
  it('refuses asset names with ANY vendor or product (the xrandr/intel:* trap)', () => {
    expect(cpeCovers(parseCpe('cpe:2.3:h:intel:*:*:*:*:*:*:*:*:*'), parseCpe('cpe:2.3:*:*:xrandr:1.5.1:*:*:*:*:*:*:*'))).toBe(false);
    expect(compareCpe(parseCpe('cpe:2.3:h:intel:*:*:*:*:*:*:*:*:*'), parseCpe('cpe:2.3:*:*:xrandr:1.5.1:*:*:*:*:*:*:*'))).toBeUndefined();
  });
});
