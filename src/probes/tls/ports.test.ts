/** Where the TLS probes may go: never to DICOM ports, raw printer ports or server-first protocols. */
import { describe, expect, it } from 'vitest';
import { DoNotProbeGuard } from '../../net/guard.js';
import { FAST_LIMITS } from '../../net/limits.js';
import { Net } from '../../net/net.js';
import { fixedClock } from '../../core/clock.js';
import { selectsTls } from './ports.js';

const ctx = {
  net: new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard(), dicomPorts: [104, 11112, 2762, 8443] }),
  clock: fixedClock('2026-11-30T00:00:00Z'),
  options: {},
  host: { address: '10.0.0.1', openPorts: [], observations: [] },
};

describe('selectsTls', () => {
  it('takes unknown ports, leaves DICOM, printers and server-first protocols alone', () => {
    expect(selectsTls(8081, ctx)).toBe(true);
    expect(selectsTls(636, ctx)).toBe(true);
    for (const p of [104, 11112, 2762, 8443]) expect(selectsTls(p, ctx)).toBe(false); // 8443 declared DICOM here
    for (const p of [9100, 9103, 9107, 515]) expect(selectsTls(p, ctx)).toBe(false);
    for (const p of [21, 22, 23, 25, 445, 2575, 3389, 5900]) expect(selectsTls(p, ctx)).toBe(false);
  });
});
