/**
 * The imaging fleet as a department sees it: a device with its identity (MAC, serial, AE titles, hostnames,
 * addresses over time), where it stands, what it does (its role, and whether someone declared that role or we
 * inferred it), who made it, how it is supported, and how it takes media. Normalisers live here so an import
 * and a scan compare identifiers the same way.
 */
import { CRITICALITIES, type Criticality } from '../core/asset.js';

/** DICOM modality codes (PS3.3 C.7.3.1.1.1) for acquisition devices, then the department's other systems. */
export const MODALITY_ROLES = ['MG', 'CT', 'MR', 'US', 'CR', 'DX', 'XA', 'RF', 'NM', 'PT', 'OT', 'IO', 'PX', 'BMD'] as const;
export const SYSTEM_ROLES = [
  'pacs',
  'vna',
  'ris',
  'hl7-engine',
  'workstation',
  'dicom-printer',
  'disc-publisher',
  'dicom-node', // speaks DICOM, purpose not known more precisely (inferred from a storage-only or echo-only SCP)
  'other',
] as const;
export const ROLES = [...MODALITY_ROLES, ...SYSTEM_ROLES] as const;
export type Role = (typeof ROLES)[number];
export const isModality = (r: Role): boolean => (MODALITY_ROLES as readonly string[]).includes(r);

/** Where a role came from: a person (import/CLI), the DICOM services the device accepted, or its open ports. */
export type RoleSource = 'declared' | 'inferred-dicom' | 'guessed-ports';

export const PATCH_CHANNELS = ['vendor-only', 'site', 'unknown'] as const;
export type PatchChannel = (typeof PATCH_CHANNELS)[number];
export const MEDIA = ['cd', 'dvd', 'usb', 'floppy'] as const;
export type Medium = (typeof MEDIA)[number];

export const IDENTIFIER_KINDS = ['serial', 'mac', 'ae-title', 'hostname', 'address'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface Identifiers {
  readonly serial?: string | null;
  readonly macs?: readonly string[];
  readonly aeTitles?: readonly string[];
  readonly hostnames?: readonly string[];
  readonly addresses?: readonly string[];
}

/** What an import row or a hand edit may say about a device; absent fields leave what the store knows alone. */
export interface AssetInput extends Identifiers {
  readonly name?: string;
  readonly site?: string;
  readonly department?: string;
  readonly location?: string;
  readonly zone?: string;
  readonly role?: Role;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly softwareVersion?: string;
  readonly os?: string;
  readonly owner?: string;
  readonly criticality?: Criticality;
  readonly supportContract?: string;
  readonly endOfSupport?: string; // YYYY-MM-DD
  readonly endOfLife?: string;
  readonly patchChannel?: PatchChannel;
  readonly removableMedia?: readonly Medium[];
  readonly autorun?: boolean;
  readonly mds2OnFile?: boolean;
  readonly notes?: string;
}

export interface InventoryAsset {
  readonly id: string;
  readonly name: string | null;
  readonly site: string;
  readonly department: string | null;
  readonly location: string | null;
  readonly zone: string;
  readonly role: Role | null;
  readonly roleSource: RoleSource | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly modelId: string | null;
  readonly softwareVersion: string | null;
  readonly os: string | null;
  readonly owner: string | null;
  readonly criticality: Criticality;
  readonly supportContract: string | null;
  readonly endOfSupport: string | null;
  readonly endOfLife: string | null;
  readonly patchChannel: PatchChannel;
  readonly removableMedia: readonly Medium[];
  readonly autorun: boolean | null;
  readonly mds2OnFile: boolean;
  readonly notes: string | null;
  readonly origin: 'import' | 'scan';
  readonly serial: string | null;
  readonly macs: readonly string[];
  readonly aeTitles: readonly string[];
  readonly hostnames: readonly string[];
  readonly addresses: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string | null;
}

export interface AssetEvent {
  readonly at: string;
  readonly kind: 'created' | 'updated' | 'identifier-added' | 'address-moved-in' | 'address-moved-out' | 'merged';
  readonly detail: Readonly<Record<string, unknown>>;
  readonly source: string; // 'import:<file>', 'scan:<id>', 'cli'
}

export { CRITICALITIES, type Criticality };

/** aa:bb:cc:dd:ee:ff from any common spelling (dashes, dots, no separators); null if not 12 hex digits. */
export function normalizeMac(raw: string): string | null {
  const hex = raw
    .trim()
    .replace(/[:\-.\s]/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** Hostnames compare case-insensitively and without a trailing dot. */
export const normalizeHostname = (raw: string): string | null => {
  const h = raw.trim().toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/.test(h) ? h : null;
};

/** AE titles: 1–16 characters of the default repertoire, no backslash or control characters (PS3.5 6.2). */
export const normalizeAeTitle = (raw: string): string | null => {
  const ae = raw.trim();
  return ae.length >= 1 && ae.length <= 16 && /^[\x20-\x5b\x5d-\x7e]+$/.test(ae) ? ae : null;
};

/** Serial numbers: vendors print them with spaces and mixed case; compare them upper-case without spaces. */
export const normalizeSerial = (raw: string): string | null => {
  const s = raw.trim().replace(/\s+/g, '').toUpperCase();
  return s.length >= 2 && s.length <= 64 ? s : null;
};

/** IPv4 dotted quad or a plain IPv6 address; anything else is not an address. */
export function normalizeAddress(raw: string): string | null {
  const a = raw.trim();
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (m) return m.slice(1).every((o) => Number(o) <= 255 && !/^0\d/.test(o)) ? a : null;
  return /^[0-9a-f:]+$/i.test(a) && a.includes(':') && a.length <= 39 ? a.toLowerCase() : null;
}

export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
export const isCriticality = (v: string): v is Criticality => (CRITICALITIES as readonly string[]).includes(v);
