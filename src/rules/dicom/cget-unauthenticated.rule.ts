/** DICOM C-GET answers unknown callers (images retrievable without authorisation): judged from the zero-match study-root-get request of the DICOM query probes. */
import { defineRule } from '../rule.js';
import { queryExposure } from './query-exposure.js';

export default defineRule({
  id: 'dicom-cget-unauthenticated',
  title: 'DICOM C-GET answers unknown callers (images retrievable without authorisation)',
  severity: 'high',
  remediation:
    'Orthanc: keep "DicomAlwaysAllowGet": false and grant "AllowGet" only to listed modalities. DCMTK dcmqrscp: peer list for the AE. dcm4chee-arc: Accepted Calling AE Titles on the archive AE; disable C-GET where viewers use C-MOVE or DICOMweb.',
  check: queryExposure('study-root-get'),
});
