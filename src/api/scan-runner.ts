/**
 * Scans started from the API run inside the server process, one at a time (a second start answers 409: one
 * sweep's rate caps are the budget the site agreed to, and two concurrent sweeps would double it). The scan is
 * the CLI's own (src/scan/launch.ts → runScan), with the do-not-probe list, rate caps and safe probes only; this
 * file adds what a web console needs: the scan's id before it ends, an AbortController for cancel, and live events
 * (progress, host, finding, and one of done / cancelled / error at the end) fanned out to subscribers. The last
 * few finished scans keep their final event in memory; older ones are rebuilt from the store by the route.
 */
import type { Clock, Ids } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { HostRecord } from '../core/scan.js';
import { inventoryResolver } from '../inventory/resolve.js';
import { prepareScan, type ScanSettings } from '../scan/launch.js';
import { runScan, type ScanProgress } from '../scan/run.js';
import { toBigInt } from '../scan/ip.js';
import type { TargetPlan } from '../scan/targets.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import { SbomStore } from '../store/sqlite/vuln-sbom-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';

export interface HostEvent {
  readonly address: string;
  readonly assetId: string | null;
  readonly alive: boolean;
  /** Why the do-not-probe list held a known asset back (judged on its inventory facts and SBOMs only); else null. */
  readonly notProbed: string | null;
  readonly openPorts: readonly number[];
}
export interface FindingEvent {
  readonly key: string;
  readonly ruleId: string;
  readonly address: string;
  readonly port: number | null;
  readonly severity: string;
  readonly title: string;
  readonly state: string;
}
export interface EndEvent {
  readonly status: 'complete' | 'incomplete' | 'failed';
  readonly message: string | null;
  /** Hosts stored for the scan (addresses skipped by do-not-probe or never reached are not counted). */
  readonly hostsScanned: number | null;
}
export type ScanEvent =
  | { readonly type: 'progress'; readonly data: ScanProgress }
  | { readonly type: 'host'; readonly data: HostEvent }
  | { readonly type: 'finding'; readonly data: FindingEvent }
  | { readonly type: 'done' | 'cancelled' | 'error'; readonly data: EndEvent };
export type EndEventType = 'done' | 'cancelled' | 'error';

/** Reasons the store keeps for a scan that was stopped on purpose; the events route reads them back as 'cancelled'. */
export const cancelReason = (actor: string): string => `cancelled by ${actor} via the API`;
export const SHUTDOWN_REASON = 'stopped because the server shut down';
export const isCancelReason = (error: string | null): boolean => Boolean(error?.startsWith('cancelled by ') || error === SHUTDOWN_REASON);

export const hostEvent = (h: HostRecord): HostEvent => ({
  address: h.address,
  assetId: h.assetId,
  alive: h.alive,
  notProbed: h.probed === false ? h.aliveReason : null,
  openPorts: h.ports.filter((p) => p.state === 'open').map((p) => p.port),
});

export function findingEvents(store: SqliteScanStore, scanId: string, address?: string): FindingEvent[] {
  return store.scanFindings(scanId, address).map((f) => ({
    key: f.key,
    ruleId: f.ruleId,
    address: f.address,
    port: f.port,
    severity: f.scanSeverity,
    title: f.title,
    state: f.state,
  }));
}

export class LiveScan {
  readonly abort = new AbortController();
  progress: ScanProgress | null = null;
  end: { type: EndEventType; data: EndEvent } | null = null;
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  finished: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly startedBy: string,
    /** What the scan will walk: lets a vendor follow a scan that will reach its devices before it has. */
    readonly plan: TargetPlan,
  ) {}

  /** Whether the scan's targets include this address. */
  covers(address: string): boolean {
    const a = toBigInt(address);
    return a !== null && this.plan.intervals.some((iv) => iv.family === a.family && a.value >= iv.start && a.value <= iv.end);
  }

  /** Live events from now on; returns the unsubscribe function. */
  subscribe(fn: (e: ScanEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(e: ScanEvent): void {
    if (e.type === 'progress') this.progress = e.data;
    for (const fn of this.listeners) fn(e);
  }
}

export class ScanBusyError extends Error {
  constructor(readonly runningId: string) {
    super(`scan ${runningId} is still running; this server runs one scan at a time`);
  }
}

const KEEP_FINISHED = 20;

export class ScanRunner {
  private live: LiveScan | null = null;
  private readonly finished = new Map<string, LiveScan>();

  constructor(
    private readonly store: SqliteScanStore,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  running(): LiveScan | null {
    return this.live;
  }

  /** The running scan or one of the last finished ones, by id. */
  get(id: string): LiveScan | null {
    return this.live?.id === id ? this.live : (this.finished.get(id) ?? null);
  }

  /**
   * Starts the planned scan and resolves once its row is in the store (so GET /api/scans/{id} finds it), long
   * before it ends. Throws ScanBusyError while another scan runs.
   */
  async start(plan: TargetPlan, settings: ScanSettings, actor: string): Promise<LiveScan> {
    if (this.live) throw new ScanBusyError(this.live.id);
    const scan = new LiveScan(this.ids.next('scan'), actor, plan);
    this.live = scan; // taken before the first await, so two racing starts cannot both pass the check
    let prepared;
    try {
      const resolveAsset = inventoryResolver(new InventoryStore(this.store.db, this.ids), { clock: this.clock, ids: this.ids, sboms: new SbomStore(this.store.db) });
      prepared = await prepareScan(this.store, plan, settings, { clock: this.clock, ids: this.ids, resolveAsset, scanId: scan.id });
    } catch (e) {
      this.live = null;
      throw e;
    }
    const running = runScan(prepared.input, {
      ...prepared.deps,
      signal: scan.abort.signal,
      onProgress: (p) => scan.emit({ type: 'progress', data: p }),
      onHost: (scanId, host) => {
        scan.emit({ type: 'host', data: hostEvent(host) });
        for (const f of findingEvents(this.store, scanId, host.address)) scan.emit({ type: 'finding', data: f });
      },
    });
    // runScan wrote the scan row synchronously before its first await; from here on the scan exists.
    scan.finished = running.then(
      (s) =>
        this.finish(scan, s.status === 'complete' ? 'done' : s.status === 'incomplete' ? 'cancelled' : 'error', {
          status: s.status,
          message: this.store.getScan(scan.id)?.error ?? null,
          hostsScanned: this.store.hostAddresses(scan.id).length,
        }),
      (e: unknown) => this.finish(scan, 'error', { status: 'failed', message: errorMessage(e), hostsScanned: null }),
    );
    return scan;
  }

  /** Asks the running scan to stop; false when no scan with that id is running. */
  cancel(id: string, actor: string): boolean {
    if (this.live?.id !== id) return false;
    if (!this.live.abort.signal.aborted) this.live.abort.abort(cancelReason(actor));
    return true;
  }

  /** Server shutdown: stop the running scan and wait until the store says how it ended. */
  async close(): Promise<void> {
    const live = this.live;
    if (!live) return;
    if (!live.abort.signal.aborted) live.abort.abort(SHUTDOWN_REASON);
    await live.finished;
  }

  private finish(scan: LiveScan, type: EndEventType, data: EndEvent): void {
    scan.end = { type, data };
    if (this.live === scan) this.live = null;
    this.finished.set(scan.id, scan);
    if (this.finished.size > KEEP_FINISHED) this.finished.delete(this.finished.keys().next().value!);
    scan.emit({ type, data });
  }
}
