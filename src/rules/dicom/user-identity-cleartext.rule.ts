/**
 * The SCP negotiates DICOM user identity (user names, passwords, Kerberos/SAML/JWT tokens, PS3.7 D.3.3.7) on a
 * cleartext association: whatever credentials real users send cross the network readable.
 */
import { dicomAssociation } from '../../probes/dicom/observations.js';
import { defineRule, perObservation, verdictFor } from '../rule.js';

export default defineRule({
  id: 'dicom-user-identity-cleartext',
  title: 'DICOM user identity negotiated without TLS',
  severity: 'high',
  remediation:
    'Accept user identity only on the DICOM-TLS port. dcm4chee-arc: require TLS on the network connection that ' +
    'carries user identity (dicomTLSCipherSuite) and remove user-identity support from the cleartext connection. ' +
    'Orthanc and DCMTK do not use DICOM user identity; put the node behind TLS (+tls / DicomTlsEnabled) if a ' +
    'plugin or front end adds it.',
  check: perObservation(dicomAssociation, (o) =>
    !o.data.tls && o.data.userIdentityNegotiated
      ? verdictFor(o, `Port ${o.endpoint.port} answered a user-identity request with a server response on a cleartext association: user credentials are exchanged unencrypted here.`)
      : undefined,
  ),
});
