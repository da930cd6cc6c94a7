/** What the VNC probe records: the RFB version and the security types offered before any authentication. */
import { defineObservation } from '../../core/observation.js';

export interface VncSecurityData {
  readonly version: string; // 'RFB 003.008'
  readonly securityTypes: readonly number[];
  readonly securityNames: readonly string[];
  readonly failureReason: string | null; // the server refused us before offering anything (e.g. too many attempts)
}
export const vncSecurity = defineObservation<VncSecurityData>()('vnc.security', 'RFB version and security types offered');
