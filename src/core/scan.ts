/** What a scan saw, as stored and reported. */
import type { Vantage } from './asset.js';
import type { Check } from './check.js';
import type { Observation } from './observation.js';

export type ScanStatus = 'running' | 'complete' | 'incomplete' | 'failed';

export interface ScanRecord {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: ScanStatus;
  /** 'desk': inventory devices no scan has probed, judged without network traffic (scan/desk.ts). */
  readonly source: 'scan' | 'nmap-import' | 'desk';
  readonly targets: readonly string[];
  readonly vantage: Vantage;
  readonly profile: string | null;
  readonly options: Readonly<Record<string, unknown>>;
  readonly hostsPlanned: number | null;
  readonly error: string | null;
}

export interface PortRecord {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly state: 'open' | 'closed' | 'filtered';
  readonly service: string | null;
  readonly product: string | null;
  readonly version: string | null;
  readonly cpe: readonly string[];
  readonly reason: string | null;
  readonly rttMs: number | null;
}

export interface HostRecord {
  readonly address: string;
  readonly assetId: string | null;
  readonly mac: string | null;
  readonly macVendor: string | null;
  readonly hostnames: readonly string[];
  readonly alive: boolean;
  readonly aliveReason: string | null;
  /**
   * False for an address the do-not-probe list held back that is a known asset: nothing was sent to it, and its
   * record holds only what the inventory and the SBOMs on file say (aliveReason names the entry). Absent: probed.
   */
  readonly probed?: false;
  readonly ports: readonly PortRecord[];
  readonly checks: readonly Check[];
  readonly observations: readonly Observation[];
}

export interface SkippedTarget {
  readonly target: string;
  readonly reason: string;
}
