/** Observation kinds of the RDP probe. */
import { defineObservation } from '../../core/observation.js';
import type { NtlmChallengeInfo } from '../smb/ntlmssp.js';

type Answer = 'accepted' | 'refused' | 'no-answer';

export interface RdpSecurity {
  /** Whether a client offering only standard RDP security (no TLS, no NLA) is let in. */
  readonly standardRdp: Answer;
  /** Whether a client offering TLS but not NLA is let in. */
  readonly tlsOnly: Answer;
  /** What the server picked when offered everything: 'hybrid'/'hybrid-ex' mean NLA (CredSSP). */
  readonly preferred: string | null;
  readonly nlaRequired: boolean;
  readonly failures: readonly string[]; // RDP_NEG_FAILURE reasons seen
}
export const rdpSecurity = defineObservation<RdpSecurity>()('rdp.security', 'RDP security protocols a server accepts (standard RDP, TLS, NLA)');

export const rdpNtlmInfo = defineObservation<NtlmChallengeInfo>()(
  'rdp.ntlm-info',
  'OS version and names from the NTLMSSP CHALLENGE of the CredSSP (NLA) handshake',
);
