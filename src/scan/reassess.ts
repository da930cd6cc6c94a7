/**
 * Desk re-assessment: every scanned device's vulnerability findings brought up to the feeds, SBOMs and VEX
 * decisions on file now, without a packet on the network. A device is judged on what its latest scan identified
 * (per address) and on its SBOMs, exactly as that scan's matching would judge them today. After a newer feed
 * bundle, an SBOM or a VEX is imported, the department sees which devices are affected now, not at the next scan
 * of a fragile modality. Port, service and configuration findings stay the scans' own. Inventory devices no scan
 * has probed are judged whole at the desk (desk.ts): their inventory facts and SBOMs, in a scan record of their own.
 */
import type { Clock, Ids } from '../core/clock.js';
import { UsageError } from '../core/errors.js';
import type { HostRecord } from '../core/scan.js';
import { identifiedProduct } from '../identify/identified.js';
import { inventoryDeclared } from '../rules/inventory/declared.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import type { FindingChange, ReassessCommit } from '../store/store.js';
import { deskScan, type DeskDeps, type DeskSubject } from './desk.js';
import { vulnMatching } from './launch.js';
import type { ResolvedAsset, VulnScope } from './run.js';
import { wireSpeaksFor, componentsOf, sbomComponents, verdictsFromMatches } from './vulns.js';

/** What the inventory knows of an asset today: its criticality, model names and SBOMs (absent: cannot say). */
export type DeskAsset = Pick<ResolvedAsset, 'criticality' | 'models' | 'software'>;

export interface ReassessOptions {
  readonly clock: Clock;
  readonly assetOf: (assetId: string) => DeskAsset | null;
  /** Only these subjects (asset ids or addresses); all when absent. */
  readonly only?: ReadonlySet<string>;
  readonly onProgress?: (done: number, total: number, subject: string) => void;
  /**
   * Inventory devices no scan has probed, judged at the desk in a scan record of their own (desk.ts): their end of
   * support and SBOM findings join the findings list as a scanned device's do. Absent: only scanned devices.
   */
  readonly unprobed?: {
    readonly subjects: readonly DeskSubject[];
    readonly resolveAsset: DeskDeps['resolveAsset'];
    readonly ids: Ids;
  };
}

export interface ReassessSummary {
  readonly devices: number;
  /** Of `devices`, those no scan has probed, judged at the desk in scan `deskScan`. */
  readonly unprobed: number;
  readonly deskScan: string | null;
  readonly components: number;
  readonly changes: readonly FindingChange[];
  readonly at: string;
}

/** Devices per transaction: long enough to share page writes, short enough not to hold up a scan's commits. */
const BATCH = 50;

export const REASSESS_NOTE = 'desk re-assessment against the feeds, SBOMs and decisions on file (no network traffic)';

export function reassessDevices(store: SqliteScanStore, opts: ReassessOptions): ReassessSummary {
  // Exposure is said from where the scan that identified the service stood, as that scan said it.
  const matchers = new Map<string, NonNullable<ReturnType<typeof vulnMatching>['matchVulns']>>();
  const matcher = (vantage: string) => {
    let m = matchers.get(vantage);
    if (!m) {
      m = vulnMatching(store, opts.clock, vantage).matchVulns;
      if (!m)
        throw new UsageError(
          'no vulnerability feed is imported, so there is nothing to re-assess against: radguard feeds import PATH first',
        );
      matchers.set(vantage, m);
    }
    return m;
  };
  const sbomMatcher = matcher('this scan'); // what an SBOM lists has no exposure: one matcher, one cache per SBOM
  const vantages = new Map<string, string>(); // per scan: most devices' latest scan is one of a few
  const matcherFor = (scanId: string) => {
    let vantage = vantages.get(scanId);
    if (vantage === undefined) {
      const zone = store.getScan(scanId)?.vantage.zone ?? 'unknown';
      vantages.set(scanId, (vantage = zone === 'unknown' ? 'this scan' : `zone ${zone}`));
    }
    return matcher(vantage);
  };
  const at = opts.clock.now().toISOString();
  const inScope = (subject: string, address: string) => !opts.only || opts.only.has(subject) || opts.only.has(address);
  const unprobed = (opts.unprobed?.subjects ?? []).filter((s) => inScope(s.assetId, s.address));
  const atDesk = new Set(unprobed.map((s) => s.assetId));
  const bySubject = new Map<string, { scanId: string; host: HostRecord }[]>();
  for (const seen of store.latestHosts()) {
    const subject = seen.host.assetId ?? seen.host.address;
    if (opts.only && !opts.only.has(subject)) continue;
    // Judged whole at the desk below; and a desk record kept under the asset id (no address then) is superseded by
    // the scan that has probed the device since.
    if (seen.host.probed === false && (atDesk.has(subject) || seen.host.address === subject)) continue;
    const list = bySubject.get(subject);
    if (list) list.push(seen);
    else bySubject.set(subject, [seen]);
  }
  const changes: FindingChange[] = [];
  let components = 0;
  let done = 0;
  const judge = (subject: string, seen: { scanId: string; host: HostRecord }[]): ReassessCommit => {
    opts.onProgress?.(done, total, subject);
    const assetId = seen[0]!.host.assetId;
    const asset = assetId ? opts.assetOf(assetId) : null;
    const software = asset?.software;
    const scope: VulnScope = {
      asset: assetId ?? undefined,
      models: [...(asset?.models ?? []), ...(software ?? []).flatMap((s) => (s.model ? [s.model] : []))],
      criticality: asset?.criticality,
    };
    const wires = seen.map(({ host }) => componentsOf(host.address, host.observations));
    const wireMatches = seen.map(({ scanId }, i) => (wires[i]!.length ? matcherFor(scanId)(wires[i]!, scope) : []));
    const hosts: ReassessCommit['hosts'][number][] = seen.map(({ scanId, host }, i) => {
      const wire = wires[i]!;
      components += wire.length;
      return {
        address: host.address,
        scanId,
        verdicts: verdictsFromMatches(wireMatches[i]!, wire),
        identifiedPorts: new Set(host.observations.filter(identifiedProduct.is).map((o) => o.endpoint.port)),
      };
    });
    if (software?.length) {
      // Cited by the inventory observation of the latest scan, as that scan's SBOM findings were.
      const declared = seen[0]!.host.observations.find((o) => o.kind === inventoryDeclared.kind)?.id ?? '';
      const listed = sbomComponents(software, declared);
      const speaks = wireSpeaksFor(listed, wires.flat(), wireMatches.flat());
      components += listed.length;
      hosts[0] = {
        ...hosts[0]!,
        verdicts: [
          ...hosts[0]!.verdicts,
          ...verdictsFromMatches(
            sbomMatcher(listed, scope).filter((m) => !speaks(m)),
            listed,
          ),
        ],
      };
    }
    done++;
    return { subject, hosts, softwareChecked: software !== undefined, at, note: REASSESS_NOTE };
  };
  // A few dozen devices per commit: a commit per device rewrote the same index pages into the WAL each time. They
  // are matched before the transaction opens, so a scan or the console writing meanwhile waits only for the writes.
  const total = bySubject.size + unprobed.length;
  const devices = [...bySubject];
  for (let i = 0; i < devices.length; i += BATCH) {
    const commits = devices.slice(i, i + BATCH).map(([subject, seen]) => judge(subject, seen));
    store.batch(() => {
      for (const commit of commits) for (const c of store.reassess(commit)) changes.push(c);
    });
  }
  const desk =
    opts.unprobed &&
    deskScan(store, unprobed, {
      clock: opts.clock,
      ids: opts.unprobed.ids,
      resolveAsset: opts.unprobed.resolveAsset,
      matchVulns: sbomMatcher,
      onDevice: (address) => opts.onProgress?.(done++, total, address),
    });
  for (const c of desk?.changes ?? []) changes.push(c);
  opts.onProgress?.(done, total, '');
  const atDeskDone = desk?.devices ?? 0;
  return {
    devices: bySubject.size + atDeskDone,
    unprobed: atDeskDone,
    deskScan: desk?.scanId ?? null,
    components: components + (desk?.components ?? 0),
    changes,
    at,
  };
}

/** What a re-assessment changed, counted as its summaries say it. */
export function changeCounts(changes: readonly FindingChange[]): {
  opened: number;
  reopened: number;
  resolved: number;
  falsePositive: number;
} {
  const count = (to: string, from?: (f: string | null) => boolean) => changes.filter((c) => c.to === to && (!from || from(c.from))).length;
  return {
    opened: count('open', (f) => f === null),
    reopened: count('open', (f) => f !== null),
    resolved: count('resolved'),
    falsePositive: count('false-positive'),
  };
}
