/**
 * `inventory.declared` (spec kept beside the rules that read it, so rules need not import the inventory): what the inventory says about the device behind a scanned address, stamped into the
 * host's observations by the identity resolver so rules (open-port-unneeded, declared-port-closed,
 * end-of-support, …) judge declarations against the wire with nothing but HostFacts, and a replay of stored
 * scans judges against the inventory as it was at scan time.
 */
import { defineObservation } from '../../core/observation.js';

export interface DeclaredPortFact {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly service?: string;
  readonly purpose?: string;
}

export interface SupportEnd {
  readonly what: string; // 'device' or the OS release, e.g. 'Windows 7 SP1'
  readonly date: string; // YYYY-MM-DD
  readonly source: string; // 'inventory', 'model catalog', or the lifecycle table's source
}

export interface DeclaredFacts {
  readonly assetId: string;
  readonly name: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly role: string | null; // DICOM modality code or system role (inventory/asset.ts ROLES)
  readonly roleSource: 'declared' | 'inferred-dicom' | 'guessed-ports' | null;
  readonly roleEvidence: string | null;
  /** Ports the manufacturer declared for the model; null when it declared none (then the role profile applies). */
  readonly declaredPorts: readonly DeclaredPortFact[] | null;
  readonly declaredPortsSource: string | null;
  /** The role's port profile, when the role is declared or inferred from DICOM services. */
  readonly profile: { readonly name: string; readonly ports: readonly number[] } | null;
  /** Ports where the role was inferred (a DICOM SCP): needed by definition. */
  readonly roleEvidencePorts: readonly number[];
  readonly supportEnds: readonly SupportEnd[];
  readonly horizonDays: number;
  readonly softwareVersion: string | null;
  readonly latestVersion: string | null;
  readonly removableMedia: readonly string[]; // 'cd', 'dvd', 'usb', 'floppy'
  readonly autorun: boolean | null;
}

export const inventoryDeclared = defineObservation<DeclaredFacts>()(
  'inventory.declared',
  'What the inventory and the device-model catalog declare for the asset behind this address at scan time',
);
