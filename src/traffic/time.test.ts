import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './time.js';

describe('isoTime', () => {
  it('agrees with Date.toISOString everywhere Date can say it, and reads nonsense as the epoch', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -8.6399e15, max: 8.6399e15, noNaN: true }), fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.double({ min: 0, max: 4e12, noNaN: true })), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 50_000 },
    );
    for (const ms of [0, 951_782_400_000 /* 2000-02-29 */, 4_107_542_400_000 /* 2100-03-01 */, 253_402_300_799_999, 1.5, 86_399_999]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    for (const bad of [NaN, Infinity, -Infinity, 9e15]) expect(isoTime(bad)).toBe('1970-01-01T00:00:00.000Z');
  });
});
