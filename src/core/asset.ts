/**
 * Devices and where we looked at them from. Unknown stays `'unknown'` (or null for identifiers): Radguard never
 * invents a default criticality, zone or model. Later issues (inventory) fill these; scans only propose.
 */
export const CRITICALITIES = ['unknown', 'low', 'medium', 'high', 'life-critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export interface DeviceModel {
  readonly id: string;
  readonly manufacturer: string;
  readonly model: string;
}

export interface Asset {
  readonly id: string;
  readonly name: string | null;
  readonly macs: readonly string[];
  readonly addresses: readonly string[];
  readonly hostnames: readonly string[];
  readonly modelId: string | null;
  readonly criticality: Criticality;
  readonly zone: string; // 'unknown' until the inventory or a zone policy says otherwise
  readonly site: string; // 'unknown' likewise
}

/** Where a scan was run from: needed later to prove segmentation (what is reachable from which zone). */
export interface Vantage {
  readonly sourceAddress: string | null; // the local address used to reach the targets, if it could be read
  readonly interface: string | null;
  readonly zone: string; // user-given label; 'unknown' if not given
  readonly hostname: string;
}

/** What rules know about the device behind one address in one scan. */
export interface AssetFacts {
  readonly assetId: string | null; // null until identity resolution links the address to an asset
  readonly address: string;
  readonly mac: string | null;
  readonly macVendor: string | null;
  readonly hostnames: readonly string[];
  readonly criticality: Criticality;
  readonly zone: string;
}
