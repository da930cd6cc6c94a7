/** SSH identification string → SSH server product/version, and the OS when the build names a distribution. */
import type { Observation } from '../../core/observation.js';
import { sshBanner } from '../../probes/ssh/observations.js';
import { defineIdentifier } from '../identifier.js';
import { identifyBanner } from './match.js';

export default defineIdentifier({
  id: 'ssh-banner',
  kinds: [sshBanner.kind],
  identify: (o: Observation) =>
    sshBanner.is(o)
      ? identifyBanner('ssh', [o.data.software, o.data.comments].filter(Boolean).join(' '), o.endpoint.port, 'SSH banner')
      : [],
});
