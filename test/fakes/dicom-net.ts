/** A `Net` and probe context for DICOM probe tests against fakes on 127.0.0.1: fast limits, empty do-not-probe list. */
import { fixedClock, sequentialIds } from '../../src/core/clock.js';
import type { Observation } from '../../src/core/observation.js';
import { DoNotProbeGuard } from '../../src/net/guard.js';
import { FAST_LIMITS } from '../../src/net/limits.js';
import { Net } from '../../src/net/net.js';
import type { Probe } from '../../src/probes/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';

export const fastNet = (dicomPorts: readonly number[] = []) =>
  new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard(), dicomPorts: [104, 2761, 2762, 4242, 11112, ...dicomPorts] });

export function probeOn<O>(
  probe: Probe<O>,
  host: string,
  port: number,
  opts: { net?: Net; options?: Partial<O>; observations?: readonly Observation[] } = {},
) {
  const net = opts.net ?? fastNet([port]);
  return runProbe(
    probe,
    { host, port, transport: 'tcp' },
    {
      net,
      clock: fixedClock('2026-11-30T00:00:00Z'),
      options: { ...probe.defaults, ...opts.options },
      host: { address: host, openPorts: [port], observations: opts.observations ?? [] },
    },
    sequentialIds(),
  );
}
