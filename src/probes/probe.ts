/**
 * A probe asks one question of one endpoint and records what it saw as observations. Probes never judge (rules
 * do), never bypass `Net` (which enforces the do-not-probe list, rate caps and the fragile-listener rule), and
 * return expected failures as a status. A `NetError` thrown inside `run` becomes that status automatically.
 */
import type { CheckStatus } from '../core/check.js';
import type { Clock } from '../core/clock.js';
import type { Endpoint, Transport } from '../core/endpoint.js';
import type { Observation, ObservationDraft, ObservationSpec } from '../core/observation.js';
import type { Net } from '../net/net.js';

/** passive: no packets beyond what the scan already sent. safe: well-formed requests, no writes (default).
 *  intrusive: may disturb a device or touch data; runs only when the user opts in, and is labelled as such. */
export type Safety = 'passive' | 'safe' | 'intrusive';

export interface ProbeContext<Options = Record<string, never>> {
  readonly net: Net;
  readonly clock: Clock;
  readonly options: Options;
  /** Everything known about the host so far in this scan: open TCP ports, and observations of earlier probes. */
  readonly host: { readonly address: string; readonly openPorts: readonly number[]; readonly observations: readonly Observation[] };
}

export interface ProbeOutcome {
  readonly status: CheckStatus;
  readonly observations: readonly ObservationDraft[];
  readonly detail?: string;
}

export interface Probe<Options = any> {
  readonly id: string; // '<protocol>.<verb>'
  readonly summary: string; // one line for `radguard probes list` and docs/catalog.md
  readonly safety: Safety;
  readonly transport: Transport;
  /** Ports it runs on when open (TCP) or always on live hosts (UDP). `selects` may widen this. */
  readonly ports: readonly number[];
  readonly emits: readonly ObservationSpec[];
  readonly defaults: Options;
  /** Runs in this order within a host (lower first); probes that feed others' context go early. Default 50. */
  readonly phase?: number;
  /** Decide to run on a port outside `ports` (e.g. TLS on any open port, DICOM on user-declared ports). */
  selects?(port: number, ctx: ProbeContext<Options>): boolean;
  run(target: Endpoint, ctx: ProbeContext<Options>): Promise<ProbeOutcome>;
}

export const defineProbe = <Options = Record<string, never>>(probe: Probe<Options>): Probe<Options> => probe;
