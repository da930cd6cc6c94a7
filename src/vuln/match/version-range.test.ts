import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inRange, parseVersionRange } from './version-range.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

describe('version-range text', () => {
  it.each([
    ['< 3.6.7', '3.6.6', true],
    ['< 3.6.7', '3.6.7', false],
    ['<= 4.4.5', '4.4.5', true],
    ['prior to 3.1', '3.0.9', true],
    ['All versions prior to 3.1', '3.1', false],
    ['3.1 and prior', '3.1', true],
    ['vers:all/*', '1.0', true],
    ['all versions', '99', true],
    ['>= 2018-1 | <= 2021-1', '2019-1', true],
    ['>= 2018-1 | <= 2021-1', '2022-1', false],
    ['vers:generic/>=1.0|<2.0|>=3.0', '2.5', false],
    ['vers:generic/>=1.0|<2.0|>=3.0', '3.1', true],
    ['<= 12.2.x.x', '12.2.8.410', true],
    ['<= 12.2.x.x', '12.3', false],
    ['<V3.0.29', '3.0.28', true],
    // A pinned wildcard is every version it begins (CISA: "12.x", "4.X | 5.X", "14.1.x"); compared as a string, 12.3
    // was silently "not 12.x".
    ['12.x', '12.3', true],
    ['12.x', '13.0', false],
    ['12.x', '11.9', false],
    ['4.X | 5.X', '5.2', true],
    ['4.X | 5.X', '6.0', false],
    ['14.1.x', '14.1.3', true],
    ['14.1.x', '14.2.0', false],
    ['< 3.x', '2.9', true],
    ['< 3.x', '3.0', false],
    // A release of a listed version may be what the advisory meant: for review, not "not affected".
    ['9.13 | 9.19 | 9.33 | 12.1', '9.19', true],
    ['9.13 | 9.19 | 9.33 | 12.1', '9.19.2', undefined],
    ['9.13 | 9.19 | 9.33 | 12.1', '9.20', false],
    ['9.13 | 9.19 | 9.33 | 12.1', '9.190', false],
    // A bound with a remark in brackets is the bound.
    ['<= 2.01 (end-of-life Nov 2017)', '1.9', true],
    ['<= 2.01 (end-of-life Nov 2017)', '2.2', false],
    ['v9.x (with Wireless Battery Module >= v22D19 | <= v22D28)', '9.2', true],
    ['v9.x (with Wireless Battery Module >= v22D19 | <= v22D28)', '8.2', false],
  ])('%s contains %s: %s', (range, v, want) => expect(inRange(v, parseVersionRange(range))).toBe(want));

  it('reads a remark in brackets at low confidence: it may narrow the bound in ways no version says', () => {
    expect(parseVersionRange('v9.x (with Wireless Battery Module >= v22D19 | <= v22D28)')).toMatchObject({
      kind: 'constraints',
      confidence: 'low',
    });
    expect(parseVersionRange('12.x')).toMatchObject({ kind: 'constraints', confidence: 'high' });
    expect(parseVersionRange('<= 12.2.x.x')).toMatchObject({ kind: 'constraints', confidence: 'medium' });
  });

  it.each([
    'distributed  < april 1, 2018',
    '< august 28',
    'A10 < A11',
    '(Release 1.3.2 1.4.0)',
    'Rev J-M | (X3/MX100 for Rev M only)',
    '<=N',
  ])('%s goes to review', (t) =>
    expect(parseVersionRange(t).kind === 'unparsed' || inRange('1.0', parseVersionRange(t)) === undefined).toBe(true),
  );

  it('parses or flags every product_version_range in the 144 CISA medical advisories', () => {
    const names: string[] = [];
    const walk = (b: { category?: string; name?: string; branches?: unknown[] }) => {
      if (b.category === 'product_version_range' && b.name) names.push(b.name);
      for (const c of (b.branches ?? []) as (typeof b)[]) walk(c);
    };
    const root = `${SHARED_DATA}/vuln/csaf/cisa-icsma`;
    for (const y of readdirSync(root).filter((d) => /^\d{4}$/.test(d)))
      for (const f of readdirSync(`${root}/${y}`).filter((n) => n.endsWith('.json')))
        for (const b of JSON.parse(readFileSync(`${root}/${y}/${f}`, 'utf8')).product_tree?.branches ?? []) walk(b);
    expect(names.length).toBeGreaterThan(200);
    const kinds = names.map((n) => parseVersionRange(n).kind);
    const parsed = kinds.filter((k) => k !== 'unparsed').length;
    // Most ranges are machine-readable; the rest must be visible as unparsed, never guessed.
    expect(parsed / names.length).toBeGreaterThan(0.8);
    expect(kinds.filter((k) => k === 'all').length).toBeGreaterThanOrEqual(49);
  });
});
