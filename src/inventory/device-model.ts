/**
 * The device-model catalog: what a manufacturer declares for one model — the ports and services it needs, its
 * operating system, its end of support and end of life, the latest software version it validated, and where
 * its SBOM lives. Filled by hand, from a models CSV, from a per-model ports CSV or from an MDS2 form.
 */
import type { Role } from './asset.js';

export interface DeclaredPort {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly service?: string;
  readonly purpose?: string;
}

export interface DeviceModelInput {
  readonly manufacturer: string;
  readonly model: string;
  readonly role?: Role;
  readonly os?: string;
  readonly endOfSupport?: string;
  readonly endOfLife?: string;
  readonly latestVersion?: string;
  readonly sbomUrl?: string;
  readonly ports?: readonly DeclaredPort[];
  /** Where the ports come from ('mds2:<file>', 'ports-csv:<file>', 'manual'): ports from one source replace each other. */
  readonly portsSource?: string;
}

export interface DeviceModelRecord {
  readonly id: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly role: Role | null;
  readonly os: string | null;
  readonly endOfSupport: string | null;
  readonly endOfLife: string | null;
  readonly latestVersion: string | null;
  readonly sbomUrl: string | null;
  readonly ports: ReadonlyArray<DeclaredPort & { readonly source: string }>;
}

/**
 * Ports written as vendors write them: "104/tcp", "11112", "2575 (HL7)", "UDP 161", "8080-8082". Returns the
 * ports and the pieces it could not read. Ranges are capped at 1024 ports so a typo cannot declare everything.
 */
export function parsePortList(text: string, defaultProtocol: 'tcp' | 'udp' = 'tcp'): { ports: DeclaredPort[]; bad: string[] } {
  const ports: DeclaredPort[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/[;,\n]+/)) {
    const piece = raw.trim();
    if (!piece) continue;
    const m = /^(?:(tcp|udp)\s*[/:]?\s*)?(\d{1,5})(?:\s*-\s*(\d{1,5}))?(?:\s*\/\s*(tcp|udp))?\s*(?:\((.*)\)|[-–:]\s*(.*))?$/i.exec(piece);
    if (!m) {
      bad.push(piece);
      continue;
    }
    const from = Number(m[2]);
    const to = m[3] ? Number(m[3]) : from;
    const protocol = (m[1] ?? m[4] ?? defaultProtocol).toLowerCase() as 'tcp' | 'udp';
    if (from < 1 || to > 65535 || to < from || to - from >= 1024) {
      bad.push(piece);
      continue;
    }
    const service = (m[5] ?? m[6])?.trim() || undefined;
    for (let p = from; p <= to; p++) ports.push(service ? { port: p, protocol, service } : { port: p, protocol });
  }
  return { ports, bad };
}
