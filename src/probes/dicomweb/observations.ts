/** What the PACS REST/DICOMweb probe records: status codes per path, the Server header, Orthanc's version. */
import { defineObservation } from '../../core/observation.js';

export interface RestCheck {
  readonly kind: 'orthanc-system' | 'qido';
  readonly path: string; // the random UID replaced by <random>
  readonly status: number | null; // null: no answer within the deadline
}

export interface PacsRest {
  readonly tls: boolean;
  readonly server: string | null;
  readonly orthancVersion: string | null;
  readonly checks: readonly RestCheck[];
}

export const dicomwebRest = defineObservation<PacsRest>()(
  'dicomweb.rest',
  'PACS REST and DICOMweb endpoints: status of /system and zero-match QIDO-RS without credentials',
);
