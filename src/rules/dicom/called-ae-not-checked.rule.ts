/** A made-up called AE title was accepted: the node answers to any name, so misrouted or hostile traffic is taken. */
import { dicomAePolicy } from '../../probes/dicom/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'dicom-called-ae-not-checked',
  title: 'DICOM service does not check its own (called) AE title',
  severity: 'low',
  remediation:
    'Make the node answer only to its own AE title. Orthanc: "DicomCheckCalledAet": true (default false). DCMTK ' +
    'storescp: there is no option, so run dcmqrscp or another SCP that checks, or firewall the port. dcm4chee-arc: ' +
    'the archive only answers configured AEs; remove catch-all AE titles from the network AE list.',
  check: perObservation(dicomAePolicy, (o) =>
    o.data.state === 'called-ae-not-checked'
      ? verdictFor(o, `Port ${o.endpoint.port} ${o.data.evidence}: the called AE title is not checked.`)
      : undefined,
  ),
});
