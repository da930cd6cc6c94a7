/** FTP greeting → FTP server product/version. */
import type { Observation } from '../../core/observation.js';
import { ftpBanner } from '../../probes/ftp/observations.js';
import { defineIdentifier } from '../identifier.js';
import { identifyBanner } from './match.js';

export default defineIdentifier({
  id: 'ftp-banner',
  kinds: [ftpBanner.kind],
  identify: (o: Observation) => (ftpBanner.is(o) ? identifyBanner('ftp', o.data.text, o.endpoint.port, 'FTP greeting') : []),
});
