/** What the SSH probe records: the identification line and the algorithms the server offers. */
import { defineObservation } from '../../core/observation.js';
import type { KexInit, SshIdent } from './kexinit.js';

export const sshBanner = defineObservation<SshIdent>()('ssh.banner', 'SSH identification string');
export const sshAlgorithms = defineObservation<KexInit>()('ssh.algorithms', 'Algorithms offered in SSH_MSG_KEXINIT');
