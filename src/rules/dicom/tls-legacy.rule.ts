/** The DICOM-TLS service still accepts TLS 1.0 or 1.1, which current DICOM (PS3.15 BCP 195 profiles) no longer allows. */
import { dicomTls } from '../../probes/dicom/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'dicom-tls-legacy',
  title: 'DICOM-TLS accepts TLS 1.0/1.1',
  severity: 'medium',
  remediation:
    'Allow TLS 1.2 and 1.3 only. DCMTK: use the default BCP 195 profile (+py or +px), not +pa/+pb. Orthanc: build ' +
    'or run it against a current OpenSSL whose default minimum is TLS 1.2. dcm4chee-arc: set dicomTLSProtocol to ' +
    'TLSv1.2 and TLSv1.3 on the TLS network connection. Ask the vendor for the same on modalities.',
  check: perObservation(dicomTls, (o) =>
    o.data.legacyVersions.length > 0
      ? verdictFor(o, `DICOM-TLS on port ${o.endpoint.port} completed a handshake with ${o.data.legacyVersions.join(', ')}.`)
      : undefined,
  ),
});
