/** Telnet pre-login text (/etc/issue and the like) → operating system. */
import type { Observation } from '../../core/observation.js';
import { telnetSession } from '../../probes/telnet/observations.js';
import { defineIdentifier } from '../identifier.js';
import { identifyBanner } from './match.js';

export default defineIdentifier({
  id: 'telnet-banner',
  kinds: [telnetSession.kind],
  identify: (o: Observation) =>
    telnetSession.is(o) ? identifyBanner('telnet', o.data.banner, o.endpoint.port, 'Telnet pre-login text') : [],
});
