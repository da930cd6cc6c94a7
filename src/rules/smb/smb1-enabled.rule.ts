/** The server still accepts SMB1, the protocol WannaCry and NotPetya spread through. */
import { smbNegotiation } from '../../probes/smb/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'smb1-enabled',
  title: 'SMB1 enabled',
  severity: 'high',
  remediation:
    'Turn SMB1 off. Windows: Disable-WindowsOptionalFeature -Online -FeatureName SMB1Protocol (or ' +
    'Set-SmbServerConfiguration -EnableSMB1Protocol $false on Windows 7/2008 R2); Samba: server min protocol = ' +
    'SMB2_10. On a modality or vendor workstation ask the vendor for the validated setting (MDS2 form) and, until ' +
    'then, allow port 445 only from the hosts that need it.',
  check: perObservation(smbNegotiation, (o) =>
    o.data.protocol === 'smb1' && o.data.accepted
      ? verdictFor(
          o,
          `The SMB server on port ${o.endpoint.port} accepted the SMB1 dialect "NT LM 0.12" ` +
            `(signing ${o.data.signingRequired ? 'required' : 'not required'}). SMB1 is where the wormable EternalBlue ` +
            'flaws used by WannaCry and NotPetya live; Microsoft deprecated it in 2014.',
        )
      : undefined,
  ),
});
