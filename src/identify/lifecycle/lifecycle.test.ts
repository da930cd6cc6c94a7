/** The lifecycle table's shape, and its examples, which test themselves. */
import { describe, expect, it } from 'vitest';
import { LIFECYCLE } from './releases.js';
import { compareNumeric, cpeVendorProduct, lifecycleOf, parseDay } from './lookup.js';

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;

describe('lifecycle table', () => {
  for (const p of LIFECYCLE) {
    it(`${p.product}: dates are valid, lines are oldest first, sources are named`, () => {
      expect(p.sources.length).toBeGreaterThan(0);
      expect(p.compiled).toMatch(DATE);
      let last = -Infinity;
      for (const l of p.lines) {
        expect(l.released).toMatch(DATE);
        expect(Number.isNaN(parseDay(l.released))).toBe(false);
        if (l.eol) {
          expect(l.eol).toMatch(DATE);
          expect(parseDay(l.eol)).toBeGreaterThan(parseDay(l.released));
        }
        expect(parseDay(l.released)).toBeGreaterThanOrEqual(last);
        last = parseDay(l.released);
        for (const [v, d] of Object.entries(l.releases ?? {})) {
          expect(v.startsWith(l.line)).toBe(true);
          expect(d).toMatch(DATE);
        }
      }
    });
    for (const ex of p.examples)
      it(`${p.product} ${ex.version} at ${ex.at} is ${ex.status}`, () => {
        const cpe = `cpe:2.3:a:${p.cpes[0]}:${ex.version}:*:*:*:*:*:*:*`;
        const f = lifecycleOf([cpe], ex.version, new Date(`${ex.at}T00:00:00Z`));
        expect(f?.status).toBe(ex.status);
        if (ex.line) expect(f?.line.line).toBe(ex.line);
      });
  }

  it('dates an exact release, and a version between known releases from the one before it', () => {
    const at = new Date('2026-11-30T00:00:00Z');
    expect(lifecycleOf(['cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*'], '2.4.57', at)).toMatchObject({ released: '2023-04-06', releasedIs: 'exact' });
    expect(lifecycleOf(['cpe:2.3:a:apache:http_server:2.4.60:*:*:*:*:*:*:*'], '2.4.60', at)).toMatchObject({ released: '2024-04-04', releasedIs: 'on-or-after' });
    expect(lifecycleOf(['cpe:2.3:a:beasts:vsftpd:3.0.3:*:*:*:*:*:*:*'], '3.0.3', at)?.newest).toEqual({ version: '3.0.5', released: '2021-08' });
  });

  it('knows nothing of unknown products or lines', () => {
    const at = new Date();
    expect(lifecycleOf(['cpe:2.3:a:acme:thing:1.0:*:*:*:*:*:*:*'], '1.0', at)).toBeUndefined();
    expect(lifecycleOf(['cpe:2.3:a:f5:nginx:0.7.1:*:*:*:*:*:*:*'], '0.7.1', at)).toBeUndefined();
  });

  it('reads CPE vendor:product and compares numerically', () => {
    expect(cpeVendorProduct('cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*')).toBe('openbsd:openssh');
    expect(cpeVendorProduct('not a cpe')).toBeNull();
    expect(compareNumeric('2.4.9', '2.4.10')).toBe(-1);
    expect(compareNumeric('9.2p1', '9.2p1')).toBe(0);
  });
});
