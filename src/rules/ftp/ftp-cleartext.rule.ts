/** FTP without AUTH TLS: user names, passwords and files cross the network in clear text. */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { ftpLogin } from '../../probes/ftp/observations.js';

export default defineRule({
  id: 'ftp-cleartext',
  title: 'FTP without encryption (no AUTH TLS)',
  severity: 'medium',
  remediation:
    'Switch the device to SFTP, or enable FTPS (AUTH TLS) and require it for logins and data (vsftpd: ' +
    'ssl_enable=YES, force_local_logins_ssl=YES, force_local_data_ssl=YES). Until then, allow the FTP port only ' +
    'from the systems that must use it.',
  check: perObservation(ftpLogin, (o) => {
    if (o.data.authTls === 'offered') return undefined;
    const how = o.data.authTls === 'not-offered' ? 'does not offer AUTH TLS' : 'did not confirm AUTH TLS support';
    return verdictFor(o, `FTP on port ${o.endpoint.port} ${how}, so every login and file transfer is readable on the network.`, {
      severity: o.data.authTls === 'unknown' ? 'low' : undefined,
    });
  }),
});
