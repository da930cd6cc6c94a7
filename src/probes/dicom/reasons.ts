/**
 * Turns the numbers a DICOM peer answers with into words an administrator recognises: A-ASSOCIATE-RJ
 * result/source/reason (PS3.8 §9.3.4), A-ABORT source/reason (§9.3.8) and DIMSE status classes (PS3.7 Annex C).
 */

export interface RejectWords {
  readonly result: string;
  readonly source: string;
  readonly reason: string;
  /** Machine-readable meaning of the reason, used by the AE-policy logic. */
  readonly meaning: 'called-ae-not-recognized' | 'calling-ae-not-recognized' | 'app-context-not-supported'
    | 'no-reason' | 'protocol-version' | 'congestion' | 'local-limit' | 'other';
}

export function describeReject(result: number, source: number, reason: number): RejectWords {
  const res = result === 1 ? 'rejected-permanent' : result === 2 ? 'rejected-transient' : `result ${result}`;
  if (source === 1) {
    const byReason: Record<number, [string, RejectWords['meaning']]> = {
      1: ['no-reason-given', 'no-reason'],
      2: ['application-context-name-not-supported', 'app-context-not-supported'],
      3: ['calling-AE-title-not-recognized', 'calling-ae-not-recognized'],
      7: ['called-AE-title-not-recognized', 'called-ae-not-recognized'],
    };
    const [words, meaning] = byReason[reason] ?? [`reserved reason ${reason}`, 'other'];
    return { result: res, source: 'DICOM UL service-user', reason: words, meaning };
  }
  if (source === 2) {
    const [words, meaning]: [string, RejectWords['meaning']] =
      reason === 1 ? ['no-reason-given', 'no-reason'] : reason === 2 ? ['protocol-version-not-supported', 'protocol-version'] : [`reserved reason ${reason}`, 'other'];
    return { result: res, source: 'DICOM UL service-provider (ACSE)', reason: words, meaning };
  }
  if (source === 3) {
    const [words, meaning]: [string, RejectWords['meaning']] =
      reason === 1 ? ['temporary-congestion', 'congestion'] : reason === 2 ? ['local-limit-exceeded', 'local-limit'] : [`reserved reason ${reason}`, 'other'];
    return { result: res, source: 'DICOM UL service-provider (presentation)', reason: words, meaning };
  }
  return { result: res, source: `unknown source ${source}`, reason: `reason ${reason}`, meaning: 'other' };
}

export const rejectText = (r: { result: number; source: number; reason: number }): string => {
  const w = describeReject(r.result, r.source, r.reason);
  return `${w.result}, ${w.source}: ${w.reason} (${r.result}/${r.source}/${r.reason})`;
};

export function describeAbort(source: number, reason: number): string {
  if (source === 0) return 'aborted by the DICOM UL service-user';
  if (source === 2) {
    const reasons: Record<number, string> = {
      0: 'reason not specified',
      1: 'unrecognized PDU',
      2: 'unexpected PDU',
      4: 'unrecognized PDU parameter',
      5: 'unexpected PDU parameter',
      6: 'invalid PDU parameter value',
    };
    return `aborted by the DICOM UL service-provider: ${reasons[reason] ?? `reason ${reason}`}`;
  }
  return `aborted (source ${source}, reason ${reason})`;
}

export type StatusClass = 'success' | 'pending' | 'cancel' | 'warning' | 'refused' | 'failure';

/** The class of a DIMSE status word (PS3.7 C.1–C.4; A7xx/A9xx/Cxxx/0122 are query refusals or failures). */
export function statusClass(status: number): StatusClass {
  if (status === 0x0000) return 'success';
  if (status === 0xff00 || status === 0xff01) return 'pending';
  if (status === 0xfe00) return 'cancel';
  if (status === 0x0001 || status === 0x0107 || status === 0x0116 || (status & 0xf000) === 0xb000) return 'warning';
  if ((status & 0xff00) === 0xa700 || (status & 0xff00) === 0xa900 || status === 0x0122 || status === 0x0124)
    return 'refused';
  return 'failure';
}

export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
