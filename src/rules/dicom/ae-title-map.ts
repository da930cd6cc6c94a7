/**
 * The AE-title map for the inventory: which AE title answers on which host and port, in which roles, and which AE
 * titles are used by more than one node (a duplicate AE title makes C-MOVE routing and audit logs ambiguous, and a
 * product default such as ORTHANC on several servers usually means none was configured). Built from the
 * dicom.ae-policy and dicom.services observations of a whole scan; a random called AE that was accepted says
 * nothing about the node's own title and is left out.
 */
import type { Observation } from '../../core/observation.js';
import { dicomAePolicy, dicomServices, type AeSource, type DicomRole } from '../../probes/dicom/observations.js';

export interface AeTitleEntry {
  readonly ae: string;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly source: Exclude<AeSource, 'random'>;
  readonly roles: readonly DicomRole[];
}

export interface AeTitleMap {
  readonly entries: readonly AeTitleEntry[];
  readonly duplicates: ReadonlyArray<{ readonly ae: string; readonly endpoints: readonly string[] }>;
}

export function aeTitleMap(observations: readonly Observation[]): AeTitleMap {
  const key = (o: Observation) => `${o.endpoint.host}:${o.endpoint.port}`;
  const roles = new Map(observations.filter(dicomServices.is).map((o) => [key(o), o.data.roles] as const));
  const entries: AeTitleEntry[] = [];
  for (const o of observations.filter(dicomAePolicy.is)) {
    const { acceptedCalledAe: ae, acceptedCalledAeSource: source, tls } = o.data;
    if (!ae || !source || source === 'random') continue;
    entries.push({ ae, host: o.endpoint.host, port: o.endpoint.port, tls, source, roles: roles.get(key(o)) ?? [] });
  }
  const byAe = new Map<string, Set<string>>();
  for (const e of entries) byAe.set(e.ae, (byAe.get(e.ae) ?? new Set()).add(e.host));
  const duplicates = [...byAe]
    .filter(([, hosts]) => hosts.size > 1)
    .map(([ae]) => ({ ae, endpoints: entries.filter((e) => e.ae === ae).map((e) => `${e.host}:${e.port}`) }));
  return { entries, duplicates };
}
