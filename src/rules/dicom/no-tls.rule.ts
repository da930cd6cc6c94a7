/**
 * DICOM answered in cleartext and no DICOM-TLS service was seen on the host: images, patient names and AE titles
 * cross the network readable and alterable.
 */
import type { Verdict } from '../../core/finding.js';
import { dicomAssociation, dicomTls } from '../../probes/dicom/observations.js';
import { defineRule, verdictFor } from '../rule.js';

export default defineRule({
  id: 'dicom-no-tls',
  title: 'DICOM without TLS',
  severity: 'medium',
  remediation:
    'Offer DICOM over TLS (port 2762) and move peers to it, then close or firewall the cleartext port. Orthanc: ' +
    '"DicomTlsEnabled": true with "DicomTlsCertificate", "DicomTlsPrivateKey", "DicomTlsTrustedCertificates" and ' +
    '"DicomTlsRemoteCertificateRequired": true. DCMTK: storescp/dcmqrscp +tls KEY CERT -rc +cf PEER-CERT. ' +
    'dcm4chee-arc: add a TLS network connection (dicomTLSCipherSuite) on 2762 to the archive AE. Where a modality ' +
    'cannot do TLS, keep it on an isolated imaging VLAN and record the exception.',
  check(facts) {
    const tlsSeen = facts.observations.filter(dicomTls.is).some((o) => o.data.handshake !== 'failed');
    if (tlsSeen) return [];
    const byPort = new Map<number, Verdict>();
    for (const o of facts.observations.filter(dicomAssociation.is)) {
      const a = o.data;
      if (a.tls || (a.outcome !== 'accepted' && a.outcome !== 'rejected') || byPort.has(o.endpoint.port)) continue;
      byPort.set(
        o.endpoint.port,
        verdictFor(o, `Port ${o.endpoint.port} answered a cleartext A-ASSOCIATE-RQ (${a.outcome === 'accepted' ? 'accepted' : a.reject?.words ?? 'rejected'}), and no DICOM-TLS service answered on this host.`),
      );
    }
    return [...byPort.values()];
  },
});
