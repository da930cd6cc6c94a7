/** DICOM C-FIND answers unknown callers (patient search without authorisation): judged from the zero-match study-root-find request of the DICOM query probes. */
import { defineRule } from '../rule.js';
import { queryExposure } from './query-exposure.js';

export default defineRule({
  id: 'dicom-cfind-unauthenticated',
  title: 'DICOM C-FIND answers unknown callers (patient search without authorisation)',
  severity: 'high',
  remediation:
    'Orthanc: keep "DicomAlwaysAllowFind": false (default) and grant "AllowFind" only to modalities in "DicomModalities". DCMTK dcmqrscp: restrict the AE with a peer list in the AETable. dcm4chee-arc: set Accepted Calling AE Titles on the archive AE and require user identity where supported. In any case, allow the DICOM port only from the modalities and viewers that query it.',
  check: queryExposure('study-root-find'),
});
