/**
 * Desk assessment of the inventory's devices that no scan has probed: a modality on a VLAN the scanner cannot
 * reach, a device registered with its SBOM before its first scan. Each is judged on its inventory facts (end of
 * support, declared services) and the SBOMs on file for it and its model, exactly as a scan judges a device the
 * do-not-probe list holds back, and its findings join the findings list, SLAs and dashboard like any device's. Not
 * a packet is sent: the records say so (probed: false) and sit in a scan record of their own (source 'desk'), so
 * nothing reads them as what the network answered, and "latest scan" still means the latest network scan. A device
 * the inventory lists without an address has its record under its asset id.
 * An earlier desk scan that nothing points to any more (no finding first or last seen in it, no history entry
 * naming it: a re-assessment that changed nothing) is dropped when the next one completes.
 */
import { hostname } from 'node:os';
import type { Clock, Ids } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { rules } from '../rules/index.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import type { FindingChange, HostCommit } from '../store/store.js';
import { processStartMarker } from '../store/sqlite/process-alive.js';
import { deskRecord, type ScanDeps } from './run.js';

/** An inventory device no scan has probed. */
export interface DeskSubject {
  readonly assetId: string;
  /**
   * The address its desk record is kept under: the one seen last, or its asset id when the inventory lists none
   * (findings, occurrences and SLAs hang on a host record; an asset id is never an address, so none is made up).
   */
  readonly address: string;
}

export const DESK_REASON = 'no scan has probed this device';
const DESK_REASON_NO_ADDRESS = 'no scan has probed this device, and the inventory lists no address for it';

/**
 * Findings per transaction (devices are judged before it opens). Each commit rewrites the findings indexes' pages
 * its random keys touched, so fewer, fuller commits cost less: 1,000 devices of 21 findings took 5.1 s again in
 * batches of 50 devices, 3.9 s in batches of 200 (~4,000 findings, each holding the write lock 0.45–0.7 s). Counted in
 * findings (and at most 200 devices), so that devices whose SBOMs give thousands do not hold the lock for minutes.
 */
const BATCH_FINDINGS = 4000;
const BATCH_DEVICES = 200;

export interface DeskDeps {
  readonly clock: Clock;
  readonly ids: Ids;
  /** The inventory resolver: with `probed: false` it only looks a known asset up and records nothing. */
  readonly resolveAsset: NonNullable<ScanDeps['resolveAsset']>;
  readonly matchVulns: ScanDeps['matchVulns'];
  readonly onDevice?: (address: string) => void;
}

export interface DeskScan {
  readonly scanId: string;
  readonly devices: number;
  readonly components: number;
  readonly changes: readonly FindingChange[];
}

/** One 'desk' scan record holding a desk record per subject; undefined when there is no subject. */
export function deskScan(store: SqliteScanStore, subjects: readonly DeskSubject[], deps: DeskDeps): DeskScan | undefined {
  if (!subjects.length) return undefined;
  const scanId = deps.ids.next('scan');
  store.createScan(
    {
      id: scanId,
      startedAt: deps.clock.now().toISOString(),
      source: 'desk',
      targets: subjects.map((s) => s.address),
      vantage: { sourceAddress: null, interface: null, zone: 'unknown', hostname: hostname() },
      profile: 'desk',
      options: { note: 'inventory devices no scan has probed, judged on their inventory facts and SBOMs (no network traffic)' },
      hostsPlanned: subjects.length,
    },
    process.pid,
    processStartMarker(process.pid),
  );
  const changes: FindingChange[] = [];
  let devices = 0;
  let components = 0;
  let pending: { commit: HostCommit; components: number }[] = [];
  let findings = 0;
  const flush = () => {
    store.batch(() => {
      for (const d of pending) for (const c of store.commitHost(scanId, d.commit)) changes.push(c);
    });
    devices += pending.length;
    for (const d of pending) components += d.components;
    pending = [];
    findings = 0;
  };
  try {
    for (const s of subjects) {
      deps.onDevice?.(s.address);
      const ctx = { rules, resolveAsset: deps.resolveAsset, matchVulns: deps.matchVulns, at: deps.clock.now().toISOString() };
      const d = deskRecord(s.address, s.address === s.assetId ? DESK_REASON_NO_ADDRESS : DESK_REASON, ctx);
      if (!d) continue;
      pending.push(d);
      findings += d.commit.verdicts.length;
      if (findings >= BATCH_FINDINGS || pending.length >= BATCH_DEVICES) flush();
    }
    if (pending.length) flush();
  } catch (e) {
    store.finishScan(scanId, 'failed', deps.clock.now().toISOString(), errorMessage(e));
    throw e;
  }
  store.finishScan(scanId, 'complete', deps.clock.now().toISOString());
  // A daily re-assessment would otherwise leave a desk scan a day, each repeating the last one's sightings.
  store.dropIdleDeskScans(scanId);
  return { scanId, devices, components, changes };
}
