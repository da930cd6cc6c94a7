/** The identifier registry: one line per identifier. */
import ftpBanner from './banners/ftp-banner.identifier.js';
import httpServerHeader from './banners/http-server.identifier.js';
import sshBanner from './banners/ssh-banner.identifier.js';
import telnetBanner from './banners/telnet-banner.identifier.js';
import dicomImplementation from './dicom/implementation.identifier.js';
import type { Identifier } from './identifier.js';
import snmpSysDescr from './snmp/sysdescr.identifier.js';
import sambaVersion from './windows/samba.identifier.js';
import windowsVersion from './windows/windows.identifier.js';

export const identifiers: readonly Identifier[] = [
  sshBanner,
  httpServerHeader,
  ftpBanner,
  telnetBanner,
  windowsVersion,
  sambaVersion,
  snmpSysDescr,
  dicomImplementation,
];
