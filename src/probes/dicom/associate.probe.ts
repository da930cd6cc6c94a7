/**
 * DICOM AE-policy probe. Sends A-ASSOCIATE-RQs proposing the service map (Verification, Storage incl. Digital
 * Mammography, Study/Patient Root Q/R FIND/MOVE/GET, Modality Worklist, MPPS, Storage Commitment, Print) with a
 * self-describing random calling AE (`RADGUARD-xxxx`):
 *   1. to a random *called* AE — accepted means the called AE is not checked;
 *   2. if refused, to the site's known called AEs, then the per-product defaults (marked guessed), to learn whether
 *      an unknown *calling* AE is accepted. Whitelisting is claimed only on an explicit 1/1/3 or, with
 *      `trustedCallingAe`, on accepted-for-trusted vs refused-for-random (dcmqrscp answers 1/1/7 for both).
 * Every accepted association is released cleanly (A-RELEASE, RP awaited); RJ/ABORT/timeout destroy the socket at
 * once; one association at a time per host (Net). C-ECHO is optional (~44 ms on DCMTK-based servers).
 * When an association was accepted, one more carries a user-identity request (user name = our calling AE, no
 * password) to learn whether the SCP negotiates credentials in cleartext.
 * Emits dicom.association per attempt, dicom.ae-policy, and dicom.services when an association was accepted.
 */
import type { Endpoint } from '../../core/endpoint.js';
import { AppError } from '../../core/errors.js';
import type { ObservationDraft } from '../../core/observation.js';
import type { Net } from '../../net/net.js';
import { defineProbe } from '../probe.js';
import { Command } from './dimse.js';
import { openAssociation, type AssociationAnswer, type Deadlines } from './link.js';
import {
  dicomAePolicy,
  dicomAssociation,
  dicomServices,
  type AePolicy,
  type AeSource,
  type AssociationAttempt,
} from './observations.js';
import { AE_DEFAULTS, assertAe, validateAeOptions, type AeOptions } from './options.js';
import { describeAbort, describeReject, hex4, rejectText } from './reasons.js';
import { expandAe, randomCalledAe } from './random.js';
import { acceptedServices, contextsFor, implementationOf, inferRoles, requestFor, serviceMapContexts } from './services.js';
import { SOP } from './uids.js';

export interface AssociateOptions extends AeOptions {
  /** A calling AE the site has registered for Radguard: enables the accept/reject-difference test. */
  readonly trustedCallingAe: string | null;
  /** C-ECHO on each accepted association (costs ~44 ms on DCMTK-based servers). */
  readonly echo: boolean;
  /** Upper bound on association attempts per port (each is one short association). */
  readonly maxAttempts: number;
  /**
   * After an accepted association, one more proposing Verification with a user-identity request (type 1: our
   * calling AE as user name, no password, positive response requested): does the SCP negotiate credentials here?
   */
  readonly checkUserIdentity: boolean;
}

/** One association with a user-identity request; null if it was not accepted (then nothing is concluded). */
async function userIdentityAttempt(net: Net, target: Endpoint, o: AssociateOptions, calledAe: string): Promise<ObservationDraft | null> {
  const callingAe = expandAe(o.callingAe);
  const rq = {
    ...requestFor(calledAe, callingAe, contextsFor([SOP.verification])),
    userIdentity: { type: 1 as const, positiveResponseRequested: true, primary: Buffer.from(callingAe, 'latin1') },
  };
  const answer = await openAssociation(net, target, rq, { deadlines: o.deadlines });
  if (answer.outcome !== 'accepted') return null;
  const negotiated = answer.ac.userInfo.userIdentityResponseBytes !== null;
  const released = (await answer.link.release()) === 'released';
  return dicomAssociation.of({
    callingAe, callingAeKind: 'random', calledAe, calledAeSource: 'user', tls: false, outcome: 'accepted',
    implementation: implementationOf(answer.ac), userIdentityNegotiated: negotiated, released, answerMs: answer.answerMs,
  });
}

/** Which transport the probe uses; the TLS probe passes its options to reuse the same policy logic. */
export interface Transport {
  readonly tls: boolean;
  open(net: Net, target: Endpoint, called: string, calling: string, deadlines: Deadlines): Promise<AssociationAnswer>;
}

export const plainTransport: Transport = {
  tls: false,
  open: (net, target, called, calling, deadlines) =>
    openAssociation(net, target, requestFor(called, calling, serviceMapContexts()), { deadlines }),
};

interface Tried {
  readonly attempt: AssociationAttempt;
  readonly answer: AssociationAnswer;
}

async function attempt(
  net: Net,
  target: Endpoint,
  transport: Transport,
  o: AssociateOptions,
  called: { ae: string; source: AeSource },
  calling: { ae: string; kind: 'random' | 'trusted' },
): Promise<Tried> {
  const proposed = serviceMapContexts();
  const answer = await transport.open(net, target, called.ae, calling.ae, o.deadlines);
  const base = {
    callingAe: calling.ae,
    callingAeKind: calling.kind,
    calledAe: called.ae,
    calledAeSource: called.source,
    tls: transport.tls,
    outcome: answer.outcome,
    answerMs: answer.answerMs,
  };
  switch (answer.outcome) {
    case 'accepted': {
      let echo: AssociationAttempt['echo'];
      if (o.echo) {
        const ctx = answer.link.contextFor(SOP.verification, proposed);
        if (ctx !== null) {
          const r = await answer.link.request(ctx, { commandField: Command.CEchoRq, sopClassUid: SOP.verification });
          echo = { status: r.kind === 'final' ? hex4(r.status) : null, ms: r.ms, result: r.kind };
        }
      }
      const released = (await answer.link.release()) === 'released';
      return {
        answer,
        attempt: {
          ...base,
          implementation: implementationOf(answer.ac),
          acceptedServices: acceptedServices(answer.ac, proposed),
          ...(echo ? { echo } : {}),
          released,
        },
      };
    }
    case 'rejected': {
      const { result, source, reason } = answer.rj;
      return { answer, attempt: { ...base, reject: { result, source, reason, words: rejectText(answer.rj) } } };
    }
    case 'aborted':
      return {
        answer,
        attempt: { ...base, abort: { source: answer.abort.source, reason: answer.abort.reason, words: describeAbort(answer.abort.source, answer.abort.reason) } },
      };
    case 'not-dicom':
      return { answer, attempt: { ...base, foreign: { looksLike: answer.foreign.looksLike, firstBytesHex: answer.foreign.firstBytesHex } } };
    case 'protocol-error':
      return { answer, attempt: { ...base, problem: answer.problem } };
    default:
      return { answer, attempt: base };
  }
}

const meaning = (t: Tried) =>
  t.answer.outcome === 'rejected' ? describeReject(t.answer.rj.result, t.answer.rj.source, t.answer.rj.reason).meaning : null;

/** Runs the AE-policy sequence on one endpoint over the given transport. */
export async function assessAePolicy(
  net: Net,
  target: Endpoint,
  o: AssociateOptions,
  transport: Transport,
): Promise<{ drafts: ObservationDraft[]; policy: AePolicy | null; first: AssociationAnswer }> {
  const tried: Tried[] = [];
  const callingAe = expandAe(o.callingAe);
  const calling = { ae: callingAe, kind: 'random' as const };
  const first = await attempt(net, target, transport, o, { ae: randomCalledAe(), source: 'random' }, calling);
  tried.push(first);
  const drafts = (): ObservationDraft[] => tried.map((t) => dicomAssociation.of(t.attempt));
  if (first.answer.outcome !== 'accepted' && first.answer.outcome !== 'rejected') return { drafts: drafts(), policy: null, first: first.answer };

  const conclude = (p: Omit<AePolicy, 'attempts' | 'tls'>, servicesFrom?: Tried) => {
    const out = drafts();
    const policy: AePolicy = { ...p, attempts: tried.length, tls: transport.tls };
    out.push(dicomAePolicy.of(policy));
    const s = servicesFrom?.attempt;
    if (s?.acceptedServices)
      out.push(dicomServices.of({ calledAe: s.calledAe, callingAeKind: s.callingAeKind, accepted: s.acceptedServices, roles: inferRoles(s.acceptedServices) }));
    return { drafts: out, policy, first: first.answer };
  };

  if (first.answer.outcome === 'accepted')
    return conclude(
      {
        state: 'called-ae-not-checked',
        calledAeChecked: false,
        acceptedCalledAe: first.attempt.calledAe,
        acceptedCalledAeSource: 'random',
        evidence: `accepted an association to the made-up called AE "${first.attempt.calledAe}" from the unknown calling AE "${callingAe}"`,
        implementation: first.attempt.implementation ?? null,
      },
      first,
    );

  const candidates: Array<{ ae: string; source: AeSource }> = [
    ...o.calledAes.map((ae) => ({ ae, source: 'user' as const })),
    ...o.guessCalledAes.filter((g) => !o.calledAes.includes(g)).map((ae) => ({ ae, source: 'guessed' as const })),
  ];
  const calledChecked = meaning(first) === 'called-ae-not-recognized' ? true : null;
  // Keep room for the registered-calling-AE attempts: they are the only proof on SCPs that answer 1/1/7 to all.
  const reserved = o.trustedCallingAe === null ? 0 : o.calledAes.length;
  for (const called of candidates) {
    if (tried.length >= Math.max(2, o.maxAttempts - reserved)) break;
    const t = await attempt(net, target, transport, o, called, calling);
    tried.push(t);
    if (t.answer.outcome === 'accepted')
      return conclude(
        {
          state: 'any-calling-ae-accepted',
          calledAeChecked: calledChecked,
          acceptedCalledAe: called.ae,
          acceptedCalledAeSource: called.source,
          evidence: `refused the made-up called AE (${first.attempt.reject?.words ?? 'rejected'}) but accepted called AE "${called.ae}"${called.source === 'guessed' ? ' (a guessed product default)' : ''} from the unknown calling AE "${callingAe}"`,
          implementation: t.attempt.implementation ?? null,
        },
        t,
      );
    if (meaning(t) === 'calling-ae-not-recognized')
      return conclude({
        state: 'calling-ae-whitelisted',
        calledAeChecked: calledChecked,
        acceptedCalledAe: called.ae,
        acceptedCalledAeSource: called.source,
        evidence: `called AE "${called.ae}" answered ${t.attempt.reject?.words ?? ''}: the unknown calling AE "${callingAe}" is explicitly not allowed`,
        implementation: null,
      });
    if (t.answer.outcome !== 'rejected') break; // a reset or timeout now: stop knocking
  }

  if (o.trustedCallingAe !== null) {
    for (const called of candidates.filter((c) => c.source === 'user')) {
      if (tried.length >= o.maxAttempts) break;
      const t = await attempt(net, target, transport, o, called, { ae: o.trustedCallingAe, kind: 'trusted' });
      tried.push(t);
      if (t.answer.outcome === 'accepted')
        return conclude(
          {
            state: 'calling-ae-whitelisted',
            calledAeChecked: calledChecked,
            acceptedCalledAe: called.ae,
            acceptedCalledAeSource: called.source,
            evidence: `called AE "${called.ae}" refused the unknown calling AE "${callingAe}" but accepted the registered calling AE "${o.trustedCallingAe}"`,
            implementation: t.attempt.implementation ?? null,
          },
          t,
        );
    }
  }

  const allUnknownCalled = tried.every((t) => meaning(t) === 'called-ae-not-recognized');
  return conclude({
    state: allUnknownCalled ? 'called-ae-unknown' : 'no-association',
    calledAeChecked: calledChecked,
    acceptedCalledAe: null,
    acceptedCalledAeSource: null,
    evidence: allUnknownCalled
      ? `every called AE tried (${tried.map((t) => t.attempt.calledAe).join(', ')}) was refused as unknown (1/1/7): the called AE is checked; the calling-AE policy is untested`
      : `no association accepted: ${tried.map((t) => `${t.attempt.calledAe}: ${t.attempt.reject?.words ?? t.attempt.outcome}`).join('; ')}`,
    implementation: null,
  });
}

export default defineProbe<AssociateOptions>({
  id: 'dicom.associate',
  summary: 'Tests the called- and calling-AE policy of a DICOM service and maps the services it accepts',
  safety: 'safe',
  transport: 'tcp',
  ports: [104, 4242, 11112],
  phase: 20,
  emits: [dicomAssociation, dicomAePolicy, dicomServices],
  defaults: { ...AE_DEFAULTS, trustedCallingAe: null, echo: false, maxAttempts: 6, checkUserIdentity: true },
  selects: (port, ctx) => ctx.net.isDicomPort(port) && port !== 2761 && port !== 2762,
  async run(target, { net, options }) {
    validateAeOptions(options);
    if (options.trustedCallingAe !== null) assertAe('trustedCallingAe', options.trustedCallingAe);
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1 || options.maxAttempts > 20)
      throw new AppError('ERR_DICOM_MAX_ATTEMPTS', `maxAttempts: ${String(options.maxAttempts)} is outside 1–20 associations`);
    const { drafts, policy, first } = await assessAePolicy(net, target, options, plainTransport);
    if (policy?.acceptedCalledAe && options.checkUserIdentity && (policy.state === 'called-ae-not-checked' || policy.state === 'any-calling-ae-accepted')) {
      const ui = await userIdentityAttempt(net, target, options, policy.acceptedCalledAe);
      if (ui) drafts.push(ui);
    }
    if (policy) return { status: 'success', observations: drafts };
    switch (first.outcome) {
      case 'reset':
        return { status: 'success', observations: drafts, detail: 'plaintext A-ASSOCIATE-RQ reset without an answer: try DICOM-TLS' };
      case 'not-dicom':
        return { status: 'not-applicable', observations: drafts, detail: `not DICOM (${first.foreign.looksLike})` };
      case 'timeout':
        return { status: 'timeout', observations: drafts, detail: 'no A-ASSOCIATE-AC/RJ within the deadline' };
      case 'protocol-error':
        return { status: 'protocol-error', observations: drafts, detail: first.problem };
      default:
        return { status: 'success', observations: drafts, detail: first.outcome };
    }
  },
});
