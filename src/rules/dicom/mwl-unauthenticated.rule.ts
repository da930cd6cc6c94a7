/** Modality Worklist answers unknown callers (scheduled patients readable): judged from the zero-match modality-worklist request of the DICOM query probes. */
import { defineRule } from '../rule.js';
import { queryExposure } from './query-exposure.js';

export default defineRule({
  id: 'dicom-mwl-unauthenticated',
  title: 'Modality Worklist answers unknown callers (scheduled patients readable)',
  severity: 'high',
  remediation:
    'Orthanc: keep "DicomAlwaysAllowFindWorklist": false and grant "AllowFindWorklist" per modality in "DicomModalities". DCMTK wlmscpfs: it has no caller check; firewall its port to the modalities that use it, or replace it with a worklist SCP that checks calling AEs. dcm4chee-arc: Accepted Calling AE Titles on the worklist AE.',
  check: queryExposure('modality-worklist'),
});
