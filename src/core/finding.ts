/**
 * Findings and the one triage state machine of the whole product (docs/findings.md has the diagram and the VEX
 * mapping). A finding's key is stable across rescans so triage decisions survive them.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Severity } from './severity.js';

export const FINDING_STATES = ['open', 'in-remediation', 'resolved', 'risk-accepted', 'false-positive'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** What a rule returns for one affected port or component. */
export interface Verdict {
  readonly port: number | null;
  readonly component?: string; // for component/CVE findings instead of a port
  readonly cve?: string;
  readonly evidence: string; // plain words: what was seen, on which port, by which probe
  readonly severity?: Severity; // overrides the rule's default when the evidence warrants
  readonly observationIds: readonly string[];
  readonly probeId?: string; // which probe's result a later scan must repeat to confirm the finding is gone
}

export interface Finding {
  readonly key: string;
  readonly ruleId: string;
  readonly cve: string | null;
  readonly subject: string; // asset id when resolved, else the address
  readonly host: string;
  readonly port: number | null;
  readonly component: string | null;
  readonly severity: Severity;
  readonly title: string;
  readonly evidence: string;
  readonly remediation: string;
  readonly state: FindingState;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly probeId: string | null;
  readonly observationIds: readonly string[];
}

/** Kept under its asset id: a device the inventory lists without an address (scan/desk.ts). */
export const withoutAddress = (f: Pick<Finding, 'host' | 'subject'>): boolean => f.host === f.subject && isIP(f.host) === 0;

/**
 * A finding's host as people read it: its address, or for a device without one its inventory name (when it has
 * one) and the asset id its findings are kept and filtered under (`--host`), marked "no address".
 */
export const hostLabel = (f: Pick<Finding, 'host' | 'subject'>, name?: string): string =>
  !withoutAddress(f) ? f.host : name ? `${name} (no address: ${f.host})` : `${f.host} (no address)`;

/** hash(subject, port or component, ruleId or CVE): the identity of a finding across scans. */
export function findingKey(subject: string, portOrComponent: number | string | null, ruleIdOrCve: string): string {
  const h = createHash('sha256');
  h.update(`${subject}\u0000${portOrComponent ?? ''}\u0000${ruleIdOrCve}`);
  return h.digest('hex').slice(0, 24);
}

export type TriageAction =
  | { type: 'start-remediation'; actor: string; note?: string }
  | { type: 'resolve'; actor: string; note?: string }
  | { type: 'accept-risk'; actor: string; reason: string; approver: string; expiresAt: string }
  | { type: 'false-positive'; actor: string; justification: VexJustification; note?: string }
  | { type: 'reopen'; actor: string; note?: string };

/** Automatic transitions the scan engine makes. */
export type ScanEvent = { type: 'seen' } | { type: 'gone' } | { type: 'acceptance-expired' };

/** CISA/CycloneDX VEX justifications for not_affected; a false positive must name one. */
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

const MANUAL: Record<TriageAction['type'], readonly FindingState[]> = {
  'start-remediation': ['open'],
  resolve: ['open', 'in-remediation'],
  'accept-risk': ['open', 'in-remediation'],
  'false-positive': ['open', 'in-remediation', 'risk-accepted'],
  reopen: ['resolved', 'risk-accepted', 'false-positive'],
};
const TARGET: Record<TriageAction['type'], FindingState> = {
  'start-remediation': 'in-remediation',
  resolve: 'resolved',
  'accept-risk': 'risk-accepted',
  'false-positive': 'false-positive',
  reopen: 'open',
};

/** A manual triage step; returns the new state or an explanation of why the step is not allowed. */
export function applyTriage(state: FindingState, action: TriageAction): { state: FindingState } | { error: string } {
  if (!MANUAL[action.type].includes(state))
    return { error: `cannot ${action.type} a finding that is ${state} (allowed from: ${MANUAL[action.type].join(', ')})` };
  if (action.type === 'accept-risk') {
    if (!action.reason.trim()) return { error: 'accepting a risk needs a reason' };
    if (!action.approver.trim()) return { error: 'accepting a risk needs an approver' };
    if (Number.isNaN(Date.parse(action.expiresAt))) return { error: `invalid expiry date "${action.expiresAt}"` };
  }
  return { state: TARGET[action.type] };
}

/** The history note a triage step leaves: why, who approved, until when. */
export function triageNote(action: TriageAction): string | null {
  switch (action.type) {
    case 'accept-risk':
      return `${action.reason} (approved by ${action.approver}, until ${action.expiresAt})`;
    case 'false-positive':
      return `${action.justification}${action.note ? `: ${action.note}` : ''}`;
    default:
      return action.note ?? null;
  }
}

/**
 * What a scan does to a known finding. Seen again after being resolved: it reopens (history keeps the earlier
 * resolution). Gone (its check ran cleanly and it did not fire): open and in-remediation findings resolve.
 * Risk acceptances and false positives are human decisions: a scan never changes them, except when an
 * acceptance expires.
 */
export function applyScanEvent(state: FindingState, event: ScanEvent): FindingState {
  switch (event.type) {
    case 'seen':
      return state === 'resolved' ? 'open' : state;
    case 'gone':
      return state === 'open' || state === 'in-remediation' ? 'resolved' : state;
    case 'acceptance-expired':
      return state === 'risk-accepted' ? 'open' : state;
  }
}

/** VEX status for a finding state (CycloneDX analysis.state / OpenVEX status). */
export function vexStatus(state: FindingState): 'affected' | 'fixed' | 'not_affected' {
  switch (state) {
    case 'open':
    case 'in-remediation':
    case 'risk-accepted':
      return 'affected';
    case 'resolved':
      return 'fixed';
    case 'false-positive':
      return 'not_affected';
  }
}
