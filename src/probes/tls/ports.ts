/**
 * Where the TLS probes run: the usual TLS ports, and any other open port that is neither a DICOM port (DICOM-TLS
 * has its own probe; nothing but DICOM goes there) nor a port whose protocol speaks first or is not TLS-first
 * (SSH, FTP, telnet, SMB, RDP, VNC, HL7 MLLP, SNMP …): a ClientHello there is noise at best. Raw printer
 * ports (JetDirect 9100–9107, LPD 515) are never touched: a printer prints whatever arrives there, as nmap's
 * version scan also knows (its `Exclude T:9100-9107`).
 */
import type { ProbeContext } from '../probe.js';

export const TLS_PORTS: readonly number[] = [443, 465, 636, 993, 995, 3269, 4443, 5061, 8443, 9443, 10443];

const NOT_TLS_FIRST: ReadonlySet<number> = new Set([
  21, 22, 23, 25, 53, 110, 111, 135, 139, 143, 161, 389, 445, 515, 587, 2575, 3306, 3389, 5432, 5900, 5901, 5902,
  5903, 5904, 5905, 5906, 5907, 5908, 5909, 6379, 9100, 9101, 9102, 9103, 9104, 9105, 9106, 9107,
]);

export const selectsTls = (port: number, ctx: ProbeContext<unknown>): boolean =>
  !ctx.net.isDicomPort(port) && !NOT_TLS_FIRST.has(port);
