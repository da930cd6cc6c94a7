import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonItems } from './json-items.js';

describe('cutting items out of a JSON array text', () => {
  it('gives exactly the items JSON.parse sees at the wanted positions, strings with brackets and escapes included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
        fc.array(fc.nat(9), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (items, at, pretty) => {
          const text = pretty ? JSON.stringify(items, null, 2) : JSON.stringify(items);
          const got = jsonItems(text, new Set(at));
          const want = new Map(at.filter((i) => i < items.length).map((i) => [i, items[i]]));
          expect(new Map([...got].map(([i, s]) => [i, JSON.parse(s)]))).toEqual(
            new Map([...want].map(([i, v]) => [i, JSON.parse(JSON.stringify(v))])),
          );
        },
      ),
      { numRuns: 20000 },
    );
  });
  it('reads NVD-shaped configurations', () => {
    const cfgs = [
      { nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:v:p\\:x:*:*:*:*:*:*:*' }] }] },
      { operator: 'AND', nodes: [] },
      { nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:h:v:"]}:-:*:*:*:*:*:*:*' }] }] },
    ];
    const got = jsonItems(JSON.stringify(cfgs), new Set([0, 2]));
    expect([...got.keys()]).toEqual([0, 2]);
    expect(JSON.parse(got.get(2)!)).toEqual(cfgs[2]);
  });
  it('survives garbage and truncation without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }), (s, at) => {
        const got = jsonItems(s, new Set(at));
        for (const k of got.keys()) expect(at).toContain(k);
      }),
      { numRuns: 50000 },
    );
    expect(jsonItems('[{"a":1},{"b":', new Set([0, 1])).get(1)).toBeUndefined();
  });
});
