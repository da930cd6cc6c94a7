/** What the telnet probe records: the options the server asked for and the text it shows before any login. */
import { defineObservation } from '../../core/observation.js';

export interface TelnetSessionData {
  readonly negotiations: readonly string[]; // 'DO TERMINAL-TYPE', 'WILL ECHO' … in order, deduplicated
  readonly banner: string; // printable pre-login text, capped
  readonly loginPrompt: boolean; // a login/username/password prompt was shown
}
export const telnetSession = defineObservation<TelnetSessionData>()('telnet.session', 'Telnet negotiation and pre-login banner');
