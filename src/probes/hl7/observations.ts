/** What the HL7 probe records: whether an MLLP listener answered, and allow-listed MSH/MSA header fields only. */
import { defineObservation } from '../../core/observation.js';
import type { MshFacts } from './mllp.js';

export interface Hl7Listener {
  readonly answered: boolean;
  readonly tls: boolean;
  readonly reply: MshFacts | null;
  readonly detail: string;
  readonly ms: number;
}

export const hl7Listener = defineObservation<Hl7Listener>()(
  'hl7.mllp',
  'An HL7 v2 MLLP listener: did it acknowledge a test ACK, and its MSH (application, facility, version)',
);
