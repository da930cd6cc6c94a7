/** The fingerprint examples test themselves: every example must match its own entry with the stated facts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANNER_FINGERPRINTS } from './fingerprints.js';
import { cpeEscape, fillCpe, identifyBanner, matchBanner } from './match.js';

describe('banner fingerprints', () => {
  for (const fp of BANNER_FINGERPRINTS)
    for (const ex of fp.examples)
      it(`${fp.id}: ${JSON.stringify(ex.banner)}`, () => {
        const hit = matchBanner(fp.source, ex.banner).find((m) => m.fingerprint.id === fp.id);
        if (ex.unmatched) {
          expect(hit).toBeUndefined();
          return;
        }
        expect(hit).toBeDefined();
        expect(hit!.version).toBe(ex.version);
        expect(hit!.distribution).toBe(ex.distribution);
        if (ex.cpe) expect(hit!.cpe[0]).toBe(ex.cpe);
        for (const c of hit!.cpe) expect(c.split(/(?<!\\):/)).toHaveLength(13);
      });

  it('ids are unique and every entry has an example', () => {
    expect(new Set(BANNER_FINGERPRINTS.map((f) => f.id)).size).toBe(BANNER_FINGERPRINTS.length);
    for (const fp of BANNER_FINGERPRINTS) expect(fp.examples.filter((e) => !e.unmatched).length).toBeGreaterThan(0);
  });

  it('keeps the Debian build apart and names the OS from it', () => {
    const ids = identifyBanner('ssh', 'OpenSSH_9.2p1 Debian-2+deb12u3', 22, 'SSH banner');
    expect(ids).toEqual([
      expect.objectContaining({ port: 22, product: 'OpenSSH', version: '9.2p1', distribution: 'Debian-2+deb12u3', confidence: 'high' }),
      expect.objectContaining({ port: null, kind: 'os', product: 'Debian GNU/Linux', version: '12' }),
    ]);
  });

  it('escapes CPE specials and leaves missing parts as *', () => {
    expect(cpeEscape('1.0+deb:1')).toBe('1.0\\+deb\\:1');
    expect(fillCpe('cpe:2.3:a:x:y:{version}:{update}:*:*:*:*:*:*', { version: '9.2' })).toBe('cpe:2.3:a:x:y:9.2:*:*:*:*:*:*:*');
  });

  it('survives arbitrary banners (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.constantFrom('ssh', 'http-server', 'http-auth', 'ftp', 'telnet' as const), (s, src) => {
        for (const id of identifyBanner(src, s, 1, 'x')) expect(id.evidence.length).toBeLessThan(400);
      }),
      { numRuns: 100_000 },
    );
  });
});
