/** DICOM C-MOVE answers unknown callers: judged from the zero-match study-root-move request of the DICOM query probes. */
import { defineRule } from '../rule.js';
import { queryExposure } from './query-exposure.js';

export default defineRule({
  id: 'dicom-cmove-unauthenticated',
  title: 'DICOM C-MOVE answers unknown callers',
  severity: 'high',
  remediation:
    'Orthanc: keep "DicomAlwaysAllowMove": false and grant "AllowMove" only to listed modalities; only entries in "DicomModalities" can be destinations. DCMTK dcmqrscp: peer list per AE; move destinations come from the HostTable only. dcm4chee-arc: Accepted Calling AE Titles and a closed list of move destinations (dcmDestinationAETitle).',
  check: queryExposure('study-root-move'),
});
