/** An unknown calling AE title was accepted: anyone on the network can open DICOM associations to this device. */
import { dicomAePolicy } from '../../probes/dicom/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'dicom-any-ae',
  title: 'DICOM service accepts any calling AE title',
  severity: 'high',
  remediation:
    'Allow only the AE titles (and hosts) that must talk to this node. Orthanc: set "DicomAlwaysAllowEcho" and ' +
    '"DicomAlwaysAllowStore" to false, list peers in "DicomModalities" and set "DicomCheckModalityHost": true. ' +
    'DCMTK dcmqrscp: give each AE in the AETable a peer list from the HostTable (storescp has no allow-list: ' +
    'restrict port access in the firewall). dcm4chee-arc: set "Accepted Calling AE Titles" ' +
    '(dcmAcceptedCallingAETitle) on the archive AE. Add the auditor AE (RADGUARD-…) only if you want it to pass.',
  check: perObservation(dicomAePolicy, (o) => {
    const p = o.data;
    if (p.state !== 'any-calling-ae-accepted' && p.state !== 'called-ae-not-checked') return undefined;
    return verdictFor(
      o,
      `Port ${o.endpoint.port}${p.tls ? ' (DICOM-TLS)' : ''} ${p.evidence}. An AE title is not a password, but this ` +
        'device does not even check it: any machine that can reach the port can associate.',
    );
  }),
});
