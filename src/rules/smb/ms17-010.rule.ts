/** The server answered the MS17-010 check as an unpatched SMB1 stack does (EternalBlue, WannaCry). */
import { smbMs17010 } from '../../probes/smb/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'ms17-010',
  title: 'Missing MS17-010 patch (EternalBlue)',
  severity: 'critical',
  remediation:
    'Isolate the device now (block TCP 445/139 from everything but its named peers), then install MS17-010 ' +
    '(KB4012212/KB4012215 and successors; out-of-band fixes exist for XP and 2003 as KB4012598) or the ' +
    'vendor-validated patch for the modality, and turn SMB1 off.',
  check: perObservation(smbMs17010, (o) =>
    o.data.vulnerable
      ? verdictFor(
          o,
          `On port ${o.endpoint.port}, a PeekNamedPipe TRANSACTION on FID 0 over an anonymous SMB1 session was ` +
            `answered ${o.data.status}, the reply of an SMB1 server without the MS17-010 fix. The flaw is wormable ` +
            '(WannaCry hit NHS imaging through it).',
          { cve: 'CVE-2017-0144' },
        )
      : undefined,
  ),
});
