/** The rule registry: one line per rule. */
import ftpAnonymous from './ftp/ftp-anonymous.rule.js';
import ftpCleartext from './ftp/ftp-cleartext.rule.js';
import outdatedSoftware from './software/outdated-software.rule.js';
import httpNoTls from './http/http-no-tls.rule.js';
import sshWeakAlgorithms from './ssh/ssh-weak-algorithms.rule.js';
import insecureTelnet from './telnet/insecure-telnet.rule.js';
import tlsCertExpired from './tls/tls-cert-expired.rule.js';
import tlsCertSelfSigned from './tls/tls-cert-self-signed.rule.js';
import tlsLegacyVersion from './tls/tls-legacy-version.rule.js';
import tlsWeakCipher from './tls/tls-weak-cipher.rule.js';
import tlsWeakKey from './tls/tls-weak-key.rule.js';
import vncNoAuth from './vnc/vnc-no-auth.rule.js';
import legacyOs from './os/legacy-os.rule.js';
import bluekeep from './rdp/bluekeep.rule.js';
import rdpNoNla from './rdp/rdp-no-nla.rule.js';
import ms17010 from './smb/ms17-010.rule.js';
import smbGuestShare from './smb/smb-guest-share.rule.js';
import smbSigningNotRequired from './smb/smb-signing-not-required.rule.js';
import smb1Enabled from './smb/smb1-enabled.rule.js';
import snmpDefaultCommunity from './snmp/snmp-default-community.rule.js';
import dicomNoTls from './dicom/no-tls.rule.js';
import dicomAnyAe from './dicom/any-ae.rule.js';
import dicomCalledAeNotChecked from './dicom/called-ae-not-checked.rule.js';
import dicomCfind from './dicom/cfind-unauthenticated.rule.js';
import dicomMwl from './dicom/mwl-unauthenticated.rule.js';
import dicomCget from './dicom/cget-unauthenticated.rule.js';
import dicomCmove from './dicom/cmove-unauthenticated.rule.js';
import dicomTlsLegacy from './dicom/tls-legacy.rule.js';
import dicomUserIdentityCleartext from './dicom/user-identity-cleartext.rule.js';
import dicomOutdatedStack from './dicom/outdated-stack.rule.js';
import hl7NoTls from './hl7/hl7-no-tls.rule.js';
import pacsRestNoAuth from './dicom/pacs-rest-no-auth.rule.js';
import openPortUnneeded from './inventory/open-port-unneeded.rule.js';
import declaredPortClosed from './inventory/declared-port-closed.rule.js';
import endOfSupport from './inventory/end-of-support.rule.js';
import endOfSupportSoon from './inventory/end-of-support-soon.rule.js';
import removableMediaAutorun from './inventory/removable-media-autorun.rule.js';
import belowValidatedVersion from './inventory/below-validated-version.rule.js';
import type { Rule } from './rule.js';

export const rules: readonly Rule[] = [
  insecureTelnet,
  ftpAnonymous,
  ftpCleartext,
  httpNoTls,
  tlsLegacyVersion,
  tlsWeakCipher,
  tlsCertExpired,
  tlsCertSelfSigned,
  tlsWeakKey,
  sshWeakAlgorithms,
  vncNoAuth,
  outdatedSoftware,
  smb1Enabled,
  smbSigningNotRequired,
  smbGuestShare,
  ms17010,
  rdpNoNla,
  bluekeep,
  snmpDefaultCommunity,
  legacyOs,
  dicomNoTls,
  dicomAnyAe,
  dicomCalledAeNotChecked,
  dicomCfind,
  dicomMwl,
  dicomCget,
  dicomCmove,
  dicomTlsLegacy,
  dicomUserIdentityCleartext,
  dicomOutdatedStack,
  hl7NoTls,
  pacsRestNoAuth,
  openPortUnneeded,
  declaredPortClosed,
  endOfSupport,
  endOfSupportSoon,
  removableMediaAutorun,
  belowValidatedVersion,
];
