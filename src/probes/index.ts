/** The probe registry: one line per probe. A probe not listed here never runs. */
import type { Probe } from './probe.js';

export const probes: readonly Probe[] = [];
