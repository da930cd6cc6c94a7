/**
 * Observations are facts seen on the wire, never judgements. A probe emits them; rules turn them into findings
 * later, so a changed rule can be replayed over stored observations without touching a fragile device again.
 */
import type { Endpoint } from './endpoint.js';

export interface Observation<Kind extends string = string, Data = unknown> {
  readonly id: string;
  readonly endpoint: Endpoint;
  readonly kind: Kind; // '<protocol>.<noun>', e.g. 'dicom.association', 'tls.certificate'
  readonly probeId: string; // '<protocol>.<verb>'
  readonly observedAt: string; // ISO-8601, from the injected clock
  readonly data: Data;
}

/** What a probe may say about one endpoint before ids, probe and time are stamped on by the scan engine. */
export interface ObservationDraft<Kind extends string = string, Data = unknown> {
  readonly kind: Kind;
  readonly data: Data;
  /** Defaults to the probed endpoint; a probe may report on another port (e.g. a TLS retry on 2762). */
  readonly endpoint?: Endpoint;
}

export interface ObservationSpec<Kind extends string = string, Data = unknown> {
  readonly kind: Kind;
  readonly summary: string;
  of(data: Data, endpoint?: Endpoint): ObservationDraft<Kind, Data>;
  is(o: Observation): o is Observation<Kind, Data>;
}

/** Declares an observation kind once; probes build drafts with `.of`, rules filter with `.is`. */
export function defineObservation<Data>() {
  return <Kind extends string>(kind: Kind, summary: string): ObservationSpec<Kind, Data> => ({
    kind,
    summary,
    of: (data, endpoint) => (endpoint ? { kind, data, endpoint } : { kind, data }),
    is: (o): o is Observation<Kind, Data> => o.kind === kind,
  });
}
