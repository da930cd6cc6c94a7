/** The FTP server accepted an anonymous login: anyone on the network can read (and perhaps write) its files. */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { ftpLogin } from '../../probes/ftp/observations.js';

export default defineRule({
  id: 'ftp-anonymous',
  title: 'Anonymous FTP login allowed',
  severity: 'high',
  remediation:
    'Disable anonymous FTP on this device (vsftpd: anonymous_enable=NO; Windows IIS: turn off Anonymous ' +
    'Authentication on the FTP site). If the device must exchange files (exports, service logs), use named ' +
    'accounts over SFTP or FTPS and limit the port to the systems that need it.',
  check: perObservation(ftpLogin, (o) =>
    o.data.anonymous !== 'allowed'
      ? undefined
      : verdictFor(
          o,
          `FTP on port ${o.endpoint.port} logged in user "anonymous" ` +
            (o.data.passwordAsked ? 'with the made-up password radguard@invalid' : 'without asking for any password') +
            ` (${o.data.replies.filter((r) => /^(USER|PASS)/.test(r)).join('; ')}). Nothing was listed or written.`,
        ),
  ),
});
