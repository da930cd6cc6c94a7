/**
 * Role port profiles (data in data/role-ports.json) and role inference. A device's role comes from the
 * inventory when someone declared it; otherwise from the DICOM services its SCP accepted (dicom.services:
 * an archive is a PACS, a worklist provider a RIS, a print SCP a DICOM printer); otherwise a guess from
 * its open ports, which is shown but never used to call a port unneeded (that would be circular).
 */
import { readFileSync } from 'node:fs';
import type { Observation } from '../core/observation.js';
import { isModality, type Role, type RoleSource } from './asset.js';

export interface RoleProfile {
  readonly name: string;
  readonly description: string;
  readonly ports: ReadonlyArray<{ readonly port: number; readonly service: string }>;
}

let profiles: Record<string, Omit<RoleProfile, 'name'>> | undefined;
/** Works from src/inventory (tests) and dist/inventory (built CLI). */
const dataFile = new URL('../../src/inventory/data/role-ports.json', import.meta.url);

export function roleProfiles(): Record<string, RoleProfile> {
  profiles ??= Object.fromEntries(
    Object.entries(JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, unknown>).filter(([k]) => !k.startsWith('$')),
  ) as Record<string, Omit<RoleProfile, 'name'>>;
  return Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, { name, ...p }]));
}

/** The profile for a role; modalities share one. 'other' has none. */
export function profileFor(role: Role): RoleProfile | null {
  return roleProfiles()[isModality(role) ? 'modality' : role] ?? null;
}

export interface InferredRole {
  readonly role: Role;
  readonly source: Exclude<RoleSource, 'declared'>;
  readonly evidence: string;
  readonly ports: readonly number[]; // where the evidence was seen
}

const FROM_DICOM: ReadonlyArray<[string, Role]> = [
  ['archive', 'pacs'],
  ['worklist-provider', 'ris'],
  ['print-scp', 'dicom-printer'],
  ['store-only-scp', 'dicom-node'],
  ['verification-only', 'dicom-node'],
];

interface ServicesData {
  readonly roles?: readonly string[];
  readonly accepted?: readonly string[];
  readonly calledAe?: string;
}

export function inferRole(observations: readonly Observation[], openPorts: readonly number[]): InferredRole | null {
  const services = observations.filter((o) => o.kind === 'dicom.services') as Array<Observation<string, ServicesData>>;
  for (const [dicomRole, role] of FROM_DICOM) {
    const seen = services.filter((o) => o.data.roles?.includes(dicomRole));
    if (seen.length === 0) continue;
    const ports = [...new Set(seen.map((o) => o.endpoint.port))].sort((a, b) => a - b);
    const accepted = [...new Set(seen.flatMap((o) => o.data.accepted ?? []))].join(', ');
    return { role, source: 'inferred-dicom', ports, evidence: `DICOM SCP on port ${ports.join(', ')} accepted ${accepted} (${dicomRole})` };
  }
  if (openPorts.includes(2575))
    return { role: 'hl7-engine', source: 'guessed-ports', ports: [2575], evidence: 'port 2575 (HL7 MLLP) is open' };
  return null;
}
