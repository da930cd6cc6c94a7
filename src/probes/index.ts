/** The probe registry: one line per probe. A probe not listed here never runs. */
import ftpAnonymous from './ftp/anonymous.probe.js';
import httpGet from './http/get.probe.js';
import sshKexinit from './ssh/kexinit.probe.js';
import telnetNegotiate from './telnet/negotiate.probe.js';
import tlsLegacyHello from './tls/legacy-hello.probe.js';
import tlsVersions from './tls/versions.probe.js';
import vncSecurity from './vnc/security.probe.js';
import rdpSecurity from './rdp/security.probe.js';
import smbMs17010 from './smb/ms17-010.probe.js';
import smbNegotiate from './smb/negotiate.probe.js';
import smbShares from './smb/shares.probe.js';
import smbSmb1 from './smb/smb1.probe.js';
import snmpCommunity from './snmp/community.probe.js';
import dicomAssociate from './dicom/associate.probe.js';
import dicomQuery from './dicom/query.probe.js';
import dicomCmove from './dicom/cmove.probe.js';
import dicomStudyCount from './dicom/study-count.probe.js';
import dicomTls from './dicom/tls.probe.js';
import hl7Ack from './hl7/ack.probe.js';
import dicomwebRest from './dicomweb/rest.probe.js';
import type { Probe } from './probe.js';

export const probes: readonly Probe[] = [
  tlsVersions,
  tlsLegacyHello,
  httpGet,
  sshKexinit,
  ftpAnonymous,
  telnetNegotiate,
  vncSecurity,
  smbNegotiate,
  smbSmb1,
  smbShares,
  smbMs17010,
  rdpSecurity,
  snmpCommunity,
  dicomAssociate,
  dicomQuery,
  dicomCmove,
  dicomStudyCount,
  dicomTls,
  hl7Ack,
  dicomwebRest,
];
