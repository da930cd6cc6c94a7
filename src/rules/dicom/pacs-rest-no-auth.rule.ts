/** The PACS REST or DICOMweb API answers without credentials: anyone on the network can search and download images. */
import { dicomwebRest } from '../../probes/dicomweb/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'pacs-rest-no-auth',
  title: 'PACS REST/DICOMweb API open without authentication',
  severity: 'high',
  remediation:
    'Require credentials on the web API. Orthanc: "AuthenticationEnabled": true with "RegisteredUsers" (or the ' +
    'authorization plugin), and "RemoteAccessAllowed": false unless remote access is needed; Orthanc older than ' +
    '1.5.8 must be upgraded (CVE-2025-0896). dcm4chee-arc: deploy the secured (Keycloak) configuration so /dcm4chee-arc/…/rs ' +
    'requires a token. Put the API behind a reverse proxy with TLS, reachable only from the viewer network.',
  check: perObservation(dicomwebRest, (o) => {
    const open = o.data.checks.filter((c) => c.status !== null && c.status >= 200 && c.status < 300);
    if (open.length === 0) return undefined;
    const what = open.map((c) => `${c.path} → ${c.status}`).join('; ');
    const server = o.data.server ? ` (Server: ${o.data.server}${o.data.orthancVersion ? `, Orthanc ${o.data.orthancVersion}` : ''})` : '';
    return verdictFor(o, `Port ${o.endpoint.port}${o.data.tls ? ' (HTTPS)' : ''}${server} answered without credentials: ${what}.`);
  }),
});
