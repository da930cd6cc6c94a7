/**
 * Identification turns observations into what runs on a port: product, version, CPE 2.3, and for the host an OS
 * and a device-type guess. Fingerprints are data with examples that test themselves; an identifier is one file
 * that reads one observation kind. The scan engine applies every identifier to every observation of a host and
 * keeps, per port, the most confident answer; components then go to vulnerability matching.
 */
import type { Observation } from '../core/observation.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface Identification {
  readonly port: number | null; // null: about the host as a whole (OS, device type)
  readonly kind: 'application' | 'os' | 'firmware' | 'device';
  readonly product: string; // display name, e.g. 'OpenSSH'
  readonly vendor?: string;
  readonly version?: string; // upstream version, e.g. '9.2p1'
  readonly distribution?: string; // distribution build, kept for backport awareness: 'Debian-2+deb12u3'
  readonly cpe: readonly string[]; // CPE 2.3 formatted strings
  readonly deviceType?: string; // 'printer', 'pacs', 'modality', 'workstation', …
  readonly confidence: Confidence;
  readonly evidence: string; // what was matched, in plain words
}

export interface Identifier {
  readonly id: string;
  readonly kinds: readonly string[]; // observation kinds it reads
  identify(o: Observation): readonly Identification[];
}

export const defineIdentifier = (i: Identifier): Identifier => i;
