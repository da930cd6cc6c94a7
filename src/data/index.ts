/** Data that grows stays data: port profiles, IANA service names, the OUI registry. Loaded lazily, once. */
import { readFileSync } from 'node:fs';

// Works from src/data (tests) and dist/data (built CLI): both sit two levels below the package root.
const file = (name: string) => new URL(`../../src/data/${name}`, import.meta.url);

let services: Map<number, string> | undefined;
export function serviceName(port: number): string | null {
  services ??= new Map(
    readTsv('services.tsv').map(([p, n]) => [Number(p), n!] as const),
  );
  return services.get(port) ?? null;
}

let oui: Map<string, string> | undefined;
/** Vendor of a MAC address from the IEEE OUI registry; null for unknown or locally administered addresses. */
export function macVendor(mac: string): string | null {
  const hex = mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
  if (hex.length < 6) return null;
  if (parseInt(hex.slice(0, 2), 16) & 0x02) return null; // locally administered: no registered vendor
  oui ??= new Map(readTsv('oui.tsv').map(([k, v]) => [k!, v!] as const));
  return oui.get(hex.slice(0, 6)) ?? null;
}

export interface PortProfile {
  readonly description: string;
  readonly ports: readonly number[];
}
export function portProfiles(): Record<string, PortProfile> {
  const own = JSON.parse(readFileSync(file('port-profiles.json'), 'utf8')) as Record<string, PortProfile>;
  const top = JSON.parse(readFileSync(file('top1000.json'), 'utf8')) as { ports: number[]; source: string };
  return {
    ...own,
    top1000: { description: `The 1,000 most often open TCP ports (${top.source})`, ports: top.ports },
    all: { description: 'Every TCP port, 1–65535', ports: Array.from({ length: 65535 }, (_, i) => i + 1) },
  };
}

function readTsv(name: string): string[][] {
  return readFileSync(file(name), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}
