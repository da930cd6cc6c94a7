/**
 * Every probe attempt is recorded as a check with a status, so a report can say what was *not assessed* and why:
 * "not tested" must never look like "clean".
 */
export const CHECK_STATUSES = [
  'success', // the probe ran to the end; its observations (possibly none) are the answer
  'not-applicable', // the probe decided the service is not its protocol (e.g. no TLS on this port)
  'refused', // connection refused (RST) before the probe could speak
  'timeout', // connect or a protocol step hit its hard deadline
  'connection-closed', // the peer closed or reset mid-conversation
  'blocked', // the do-not-probe list or a safety rule stopped it; no packet was sent
  'skipped', // policy did not run it (intrusive without opt-in, disabled by site config)
  'needs-client-certificate', // the service demands a client certificate we do not hold: a good state, not assessed
  'handshake-error', // TLS or protocol negotiation failed
  'protocol-error', // the peer answered something that is not the expected protocol
  'error', // a bug or an unexpected local failure; detail says what
] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Statuses after which the question the probe asks stays unanswered. */
export const isAssessed = (s: CheckStatus): boolean => s === 'success' || s === 'not-applicable';

export interface Check {
  readonly probeId: string;
  readonly host: string;
  readonly port: number | null; // null for host-level checks (e.g. the port sweep itself)
  readonly status: CheckStatus;
  readonly detail?: string;
  readonly durationMs: number;
}
