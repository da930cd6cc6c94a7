/**
 * Service names a zone policy may use instead of port numbers, and the protocol families the segmentation rules
 * care about (e-mail, web, DICOM). Ports are the registered ones plus the vendor defaults seen in imaging
 * departments (DICOM 11112 and 4242, HL7 over MLLP on 2575).
 */
export interface PortRange {
  readonly protocol: 'tcp' | 'udp';
  readonly from: number;
  readonly to: number;
}

const tcp = (...ports: number[]): PortRange[] => ports.map((p) => ({ protocol: 'tcp', from: p, to: p }));

export const SERVICES: Readonly<Record<string, readonly PortRange[]>> = {
  dicom: tcp(104, 11112, 4242),
  'dicom-tls': tcp(2761, 2762),
  hl7: tcp(2575),
  'hl7-tls': tcp(2576),
  http: tcp(80, 8080),
  https: tcp(443, 8443),
  dicomweb: tcp(80, 443, 8042, 8080),
  ssh: tcp(22),
  rdp: tcp(3389),
  vnc: tcp(5900),
  smb: tcp(139, 445),
  smtp: tcp(25, 465, 587),
  imap: tcp(143, 993),
  pop3: tcp(110, 995),
  dns: [...tcp(53), { protocol: 'udp', from: 53, to: 53 }],
  ntp: [{ protocol: 'udp', from: 123, to: 123 }],
  'http-proxy': tcp(3128, 8080),
};

/** Mail submission, relay and retrieval: "no e-mail communication connected to the imaging services network". */
export const EMAIL_PORTS: ReadonlySet<number> = new Set([25, 465, 587, 110, 995, 143, 993]);
export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443, 8080, 8443, 3128]);

export const serviceName = (port: number): string | null => {
  for (const [name, ranges] of Object.entries(SERVICES))
    if (ranges.some((r) => r.protocol === 'tcp' && r.from <= port && port <= r.to)) return name;
  return null;
};
