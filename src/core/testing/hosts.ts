/** Test helper: host records as a scan commits them. */
import type { HostRecord } from '../scan.js';

/** A host that answered (SYN-ACK) and nothing more, with whatever `extra` adds: what a scan commits for it. */
export const aliveHost = (address: string, assetId: string | null, extra: Partial<HostRecord> = {}): HostRecord => ({
  address,
  assetId,
  mac: null,
  macVendor: null,
  hostnames: [],
  alive: true,
  aliveReason: 'syn-ack',
  ports: [],
  checks: [],
  observations: [],
  ...extra,
});
