/**
 * The zero-match query: one short association proposing Verification and one query SOP class, then one request
 * whose identifier can match nothing — a fresh random `2.25.` StudyInstanceUID (Study Root FIND/GET/MOVE at STUDY
 * level) or a random AccessionNumber (worklist) — and no other return keys, so even a match could not return a
 * name. Status words are all that is kept: 0000 allowed, A7xx/A9xx/Cxxx/0122 refused, A-ABORT denied (Orthanc's
 * default), context not accepted = not offered. A pending answer is dropped unread and the association aborted.
 */
import type { Endpoint } from '../../core/endpoint.js';
import type { Net } from '../../net/net.js';
import { Command, studyIdentifier, worklistIdentifier } from './dimse.js';
import { openAssociation, type Deadlines } from './link.js';
import type { QueryExposure, QueryService } from './observations.js';
import { describeAbort, hex4, rejectText, statusClass } from './reasons.js';
import { randomAccessionNumber, random225Uid } from './random.js';
import { contextsFor, implementationOf, requestFor } from './services.js';
import { SOP } from './uids.js';

const QUERIES: Record<QueryService, { sop: string; command: number; identifier: () => Buffer }> = {
  'study-root-find': { sop: SOP.studyRootFind, command: Command.CFindRq, identifier: () => studyIdentifier(random225Uid()) },
  'modality-worklist': { sop: SOP.modalityWorklistFind, command: Command.CFindRq, identifier: () => worklistIdentifier(randomAccessionNumber()) },
  'study-root-get': { sop: SOP.studyRootGet, command: Command.CGetRq, identifier: () => studyIdentifier(random225Uid()) },
  'study-root-move': { sop: SOP.studyRootMove, command: Command.CMoveRq, identifier: () => studyIdentifier(random225Uid()) },
};

export interface ZeroMatchInput {
  readonly service: QueryService;
  readonly calledAe: string;
  readonly callingAe: string;
  readonly deadlines: Deadlines;
  readonly moveDestination?: string;
  /** Ask over DICOM-TLS (the port answered TLS to dicom.tls); the handshake gets the answer deadline. */
  readonly tls?: boolean;
}

export async function zeroMatchQuery(net: Net, target: Endpoint, q: ZeroMatchInput): Promise<QueryExposure> {
  const spec = QUERIES[q.service];
  const contexts = contextsFor([SOP.verification, spec.sop]);
  const base = { service: q.service, callingAe: q.callingAe, calledAe: q.calledAe, tls: Boolean(q.tls) };
  const answer = await openAssociation(net, target, requestFor(q.calledAe, q.callingAe, contexts), {
    deadlines: q.deadlines,
    ...(q.tls ? { tls: { handshakeTimeoutMs: q.deadlines.answerMs } } : {}),
  });
  if (answer.outcome !== 'accepted') {
    const detail =
      answer.outcome === 'rejected' ? rejectText(answer.rj)
      : answer.outcome === 'aborted' ? describeAbort(answer.abort.source, answer.abort.reason)
      : answer.outcome;
    const outcome = answer.outcome === 'rejected' || answer.outcome === 'aborted' ? 'association-rejected' : 'no-answer';
    return { ...base, outcome, status: null, detail, ms: answer.answerMs, implementation: null };
  }
  const link = answer.link;
  const implementation = implementationOf(answer.ac);
  const ctx = link.contextFor(spec.sop, contexts);
  if (ctx === null) {
    await link.release();
    return { ...base, outcome: 'not-offered', status: null, detail: 'presentation context not accepted', ms: answer.answerMs, implementation };
  }
  const r = await link.request(ctx, {
    commandField: spec.command,
    sopClassUid: spec.sop,
    identifier: spec.identifier(),
    ...(q.moveDestination !== undefined ? { moveDestination: q.moveDestination } : {}),
  });
  await link.release(); // no-op when the exchange already ended the association
  const done = (outcome: QueryExposure['outcome'], status: string | null, detail: string): QueryExposure => ({
    ...base, outcome, status, detail, ms: r.ms, implementation,
  });
  switch (r.kind) {
    case 'final': {
      const cls = statusClass(r.status);
      const status = hex4(r.status);
      if (cls === 'success' || cls === 'warning') return done('allowed', status, `final status ${status} (${cls}) for a zero-match query`);
      if (q.service === 'study-root-move' && r.status === 0xa801)
        return done('move-destination-unknown', status, 'A801: the SCP accepted the C-MOVE but does not know the destination AE');
      return done('refused', status, `final status ${status} (${cls})`);
    }
    case 'pending-aborted':
      return done('matched-aborted', 'FF00', 'a pending (matching) response came back: its data set was discarded unread and the association aborted');
    case 'store-aborted':
      return done('matched-aborted', null, 'the SCP started C-STORE sub-operations: aborted at once');
    case 'aborted':
      return done('denied', null, `${describeAbort(r.abort.source, r.abort.reason)} after the request`);
    case 'timeout':
      return done('no-answer', null, 'no DIMSE response within the deadline');
    case 'closed':
      return done('no-answer', null, 'connection closed during the exchange');
    case 'protocol-error':
      return done('no-answer', null, r.problem);
  }
}
