/**
 * What the DICOM probes record. Facts only: AE titles tried, what each association attempt got back (decoded reject
 * reasons, implementation identity, accepted services), the AE-policy conclusion, query-exposure status words and
 * TLS facts. No data set value from a peer is ever part of these (the link layer never reads data sets).
 */
import { defineObservation } from '../../core/observation.js';
import type { ServiceName } from './uids.js';

export interface Implementation {
  readonly classUid: string | null;
  readonly versionName: string | null;
  readonly maxPduLength: number | null;
}

export type AssociationOutcome =
  | 'accepted'
  | 'rejected'
  | 'aborted'
  | 'reset'
  | 'timeout'
  | 'not-dicom'
  | 'protocol-error'
  | 'needs-client-certificate';

/** Where a called AE title came from: random (must be unknown), the user/inventory, or a per-product default guess. */
export type AeSource = 'random' | 'user' | 'guessed';

export interface AssociationAttempt {
  readonly callingAe: string;
  readonly callingAeKind: 'random' | 'trusted';
  readonly calledAe: string;
  readonly calledAeSource: AeSource;
  readonly tls: boolean;
  readonly outcome: AssociationOutcome;
  readonly reject?: { readonly result: number; readonly source: number; readonly reason: number; readonly words: string };
  readonly abort?: { readonly source: number; readonly reason: number; readonly words: string };
  readonly foreign?: { readonly looksLike: 'tls' | 'http' | 'other'; readonly firstBytesHex: string };
  readonly problem?: string;
  readonly implementation?: Implementation;
  readonly acceptedServices?: readonly ServiceName[];
  /** The acceptor answered our user-identity request (0x59): it negotiates user identity on this transport. */
  readonly userIdentityNegotiated?: boolean;
  readonly echo?: { readonly status: string | null; readonly ms: number; readonly result: string };
  readonly released?: boolean;
  readonly answerMs: number;
}

export const dicomAssociation = defineObservation<AssociationAttempt>()(
  'dicom.association',
  'One DICOM association attempt: AE titles used, the decoded answer, implementation identity',
);

export type AePolicyState =
  | 'called-ae-not-checked' // a random called AE was accepted (and so was our unknown calling AE)
  | 'any-calling-ae-accepted' // a known/guessed called AE accepted an unknown calling AE
  | 'calling-ae-whitelisted' // explicit 1/1/3, or accepted for the trusted calling AE but not for a random one
  | 'called-ae-unknown' // every called AE tried was refused as unknown: calling-AE policy untested
  | 'no-association'; // refused for other reasons (no-reason-given, congestion…), or not DICOM

export interface AePolicy {
  readonly state: AePolicyState;
  readonly calledAeChecked: boolean | null;
  readonly acceptedCalledAe: string | null;
  readonly acceptedCalledAeSource: AeSource | null;
  readonly evidence: string;
  readonly attempts: number;
  readonly tls: boolean;
  readonly implementation: Implementation | null;
}

export const dicomAePolicy = defineObservation<AePolicy>()(
  'dicom.ae-policy',
  'Whether a DICOM service checks the called and the calling AE title, with the evidence',
);

export type DicomRole = 'archive' | 'worklist-provider' | 'print-scp' | 'store-only-scp' | 'verification-only';

export interface ServiceMap {
  readonly calledAe: string;
  readonly callingAeKind: 'random' | 'trusted';
  readonly accepted: readonly ServiceName[];
  readonly roles: readonly DicomRole[];
}

export const dicomServices = defineObservation<ServiceMap>()(
  'dicom.services',
  'DICOM services (SOP classes) an SCP accepted in one association, and the roles they imply',
);

export type QueryService = 'study-root-find' | 'modality-worklist' | 'study-root-get' | 'study-root-move';

export type QueryOutcome =
  | 'allowed' // the SCP executed the zero-match query for an unknown calling AE (final 0000 / warning)
  | 'matched-aborted' // a pending response came back (something matched): its data discarded, association aborted
  | 'refused' // a refusal/failure status (A7xx, A9xx, Cxxx, 0122 …)
  | 'move-destination-unknown' // C-MOVE only: A801, the SCP took the request but does not know our destination
  | 'denied' // A-ABORT after the request (Orthanc's default for unknown AEs)
  | 'not-offered' // the presentation context was not accepted
  | 'association-rejected'
  | 'no-answer'; // timeout, reset or protocol error during the exchange

export interface QueryExposure {
  readonly service: QueryService;
  readonly callingAe: string;
  readonly calledAe: string;
  readonly outcome: QueryOutcome;
  readonly status: string | null; // hex status word, e.g. '0000', 'A700'
  readonly detail: string;
  readonly ms: number;
  readonly tls: boolean;
  readonly implementation: Implementation | null;
}

export const dicomQuery = defineObservation<QueryExposure>()(
  'dicom.query',
  'Zero-match query (C-FIND, worklist, C-GET, C-MOVE) from an unknown calling AE: status only, no data read',
);

export interface DicomTlsFacts {
  readonly handshake: 'ok' | 'failed' | 'needs-client-certificate';
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly legacyVersions: readonly string[]; // TLSv1 / TLSv1.1 accepted
  readonly certificate: {
    readonly subject: string;
    readonly issuer: string;
    readonly notAfter: string;
    readonly selfSigned: boolean;
    readonly expired: boolean;
  } | null;
  readonly clientCertificateRequired: boolean;
  readonly association: AssociationOutcome | 'not-tried';
  readonly implementation: Implementation | null;
  readonly detail: string;
}

export const dicomTls = defineObservation<DicomTlsFacts>()(
  'dicom.tls',
  'DICOM over TLS: versions, certificate facts, client-certificate requirement, association over TLS',
);

export interface StudyCount {
  readonly calledAe: string;
  readonly callingAe: string;
  readonly studies: number; // pending responses counted; their data sets were never read
  readonly capped: boolean; // the cap was reached and the association aborted: a lower bound
  readonly finalStatus: string | null;
  readonly ms: number;
}

export const dicomStudyCount = defineObservation<StudyCount>()(
  'dicom.study-count',
  'How many studies an unknown calling AE can find (opt-in universal C-FIND, count only)',
);
