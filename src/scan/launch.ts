/**
 * Everything `radguard scan` and the API's POST /api/scans share between "the user asked for these targets" and
 * runScan: the target plan with the site's refusals (more than 65,536 addresses, public addresses outside the
 * site's `radguard scope` allow-list), the rate limits of the chosen profile, and the wiring of the engine to the
 * store (do-not-probe guard read from the store, Net with its caps, vulnerability matching when a feed is
 * imported). Identity resolution comes from the caller (inventory sits above scan in the layers). Both callers add only their own signal and progress reporting, so a scan started from
 * the web console is the same scan, with the same safety, as one started from a terminal.
 */
import type { Clock, Ids } from '../core/clock.js';
import { UsageError } from '../core/errors.js';
import { identifiers } from '../identify/index.js';
import { DoNotProbeGuard } from '../net/guard.js';
import { FAST_LIMITS, SAFE_LIMITS, type RateLimits } from '../net/limits.js';
import { DEFAULT_DICOM_PORTS, Net } from '../net/net.js';
import { probes } from '../probes/index.js';
import { rules } from '../rules/index.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import type { FeedAge } from '../vuln/feeds/freshness.js';
import { feedStatus, matchComponents, openVulnIndex, setUpgradeTargets, type Match } from '../vuln/index.js';
import { applyTriage } from '../vuln/vex/triage.js';
import { selectPorts, sweepOrder } from './ports.js';
import type { ScanDeps, ScanInput } from './run.js';
import { FAST_TIMING, SAFE_TIMING } from './sweep.js';
import { addresses, planTargets, type TargetPlan } from './targets.js';
import { detectVantage } from './vantage.js';

export interface ScanSettings {
  /** --profile / --ports as given; `ports` wins. */
  readonly profile?: string;
  readonly ports?: string;
  readonly fast: boolean;
  readonly zone?: string;
  readonly maxRate?: number;
  readonly hostRate?: number;
  readonly hostConcurrency?: number;
  readonly extraDicomPorts: readonly number[];
  readonly probeOptions: Readonly<Record<string, Record<string, unknown>>>;
  readonly intrusive: boolean;
  /** false: port sweep only. */
  readonly probes: boolean;
  readonly excludes: readonly string[];
}

export interface PlanRequest {
  readonly specs: readonly string[];
  readonly excludes: readonly string[];
  readonly allowLarge: boolean;
  readonly allowPublic: boolean;
}

/**
 * The target plan, refused (UsageError) when it is larger than 65,536 addresses or holds a public address outside
 * the site's allow-list, unless the caller was allowed to confirm that.
 */
export function planScan(req: PlanRequest, publicAllowList: readonly string[]): Promise<TargetPlan> {
  return planTargets(req.specs, { excludes: req.excludes, allowLarge: req.allowLarge, allowPublic: req.allowPublic, publicAllowList });
}

/** The site allow-list of public blocks (`radguard scope`). */
export const publicAllowList = (store: SqliteScanStore): string[] => store.publicScope().map((e) => e.cidr);

export function scanLimits(s: Pick<ScanSettings, 'fast' | 'maxRate' | 'hostRate' | 'hostConcurrency'>): RateLimits {
  const base: RateLimits = s.fast ? FAST_LIMITS : SAFE_LIMITS;
  for (const [what, v] of [
    ['maxRate', s.maxRate],
    ['hostRate', s.hostRate],
    ['hostConcurrency', s.hostConcurrency],
  ] as const)
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new UsageError(`${what} must be a positive number, not ${v}`);
  return {
    globalRate: s.maxRate ?? base.globalRate,
    globalConcurrency: base.globalConcurrency,
    perHostRate: s.hostRate ?? base.perHostRate,
    perHostConcurrency: s.hostConcurrency ?? base.perHostConcurrency,
  };
}

export interface PreparedScan {
  readonly input: ScanInput;
  /** Everything but the caller's own signal, progress and per-host reporting. */
  readonly deps: Omit<ScanDeps, 'signal' | 'onProgress' | 'onHost'>;
  readonly feeds: readonly FeedAge[];
}

/** Wires a planned scan to the store: the do-not-probe list is read now, from the store, for this scan. */
export async function prepareScan(
  store: SqliteScanStore,
  plan: TargetPlan,
  s: ScanSettings,
  wiring: { clock: Clock; ids: Ids; resolveAsset: NonNullable<ScanDeps['resolveAsset']>; scanId?: string },
): Promise<PreparedScan> {
  const { clock, ids, resolveAsset, scanId } = wiring;
  const selection = selectPorts({ profile: s.profile, ports: s.ports });
  const limits = scanLimits(s);
  const timing = s.fast ? FAST_TIMING : SAFE_TIMING;
  const guard = new DoNotProbeGuard(store.doNotProbe());
  const net = new Net({ limits, guard, dicomPorts: [...DEFAULT_DICOM_PORTS, ...s.extraDicomPorts] });
  const vantage = await detectVantage(addresses(plan).next().value ?? undefined, s.zone);
  const { feeds, matchVulns } = vulnMatching(store, clock, vantage.zone === 'unknown' ? 'this scan' : `zone ${vantage.zone}`);
  return {
    feeds,
    input: {
      ...(scanId ? { scanId } : {}),
      plan,
      ports: sweepOrder(selection.ports),
      profile: selection.name,
      timing: { ...timing, parallel: Math.min(timing.parallel, limits.perHostConcurrency) },
      hostParallel: s.fast ? 32 : 64,
      probeParallel: s.fast ? 8 : 2,
      probes: s.probes ? probes : [],
      probeOptions: s.probeOptions,
      intrusive: s.intrusive,
      rules,
      identifiers,
      vantage,
      options: {
        fast: s.fast,
        ports: s.ports ?? null,
        excludes: s.excludes,
        limits: { ...limits },
        intrusive: s.intrusive,
        dicomPorts: s.extraDicomPorts,
      },
    },
    deps: {
      store,
      net,
      guard,
      clock,
      ids,
      resolveAsset,
      ...(matchVulns ? { matchVulns } : {}),
    },
  };
}

/**
 * Vulnerability matching as a scan does it, shared with the desk re-assessment: fingerprinted components are
 * reachable from `vantage`, the asset's criticality weighs in, recorded triage decisions apply. No `matchVulns`
 * when no feed is imported (the feed ages say which are missing).
 */
export function vulnMatching(store: SqliteScanStore, clock: Clock, vantage: string): { feeds: readonly FeedAge[]; matchVulns?: NonNullable<ScanDeps['matchVulns']> } {
  const vulnIndex = openVulnIndex(store.db);
  const feeds = feedStatus(vulnIndex, clock);
  if (!feeds.some((f) => f.state !== 'missing')) return { feeds };
  // A device's SBOM can bring tens of thousands of findings, each written to a dozen indexes with random keys:
  // with SQLite's default 2 MB page cache a commit slowed from 62 to 145 µs per finding as the table grew; 64 MB
  // kept it at ~60 µs (50,000 findings per host).
  store.db.pragma('cache_size = -65536');
  const sbomMatches = new Map<string, readonly Match[]>();
  const exposure = { reachable: true, vantage };
  return {
    feeds,
    // A fingerprinted service answered a scan: it is reachable. What an SBOM lists may not listen at all.
    matchVulns: (components, scope) => {
      const reached = new Set(components.filter((c) => c.source === 'fingerprint').map((c) => c.id));
      const criticality = scope.criticality === 'unknown' ? undefined : scope.criticality;
      const match = () => matchComponents(vulnIndex, components, { context: (id) => ({ ...(reached.has(id) ? { exposure } : {}), criticality }) });
      // Every device of a model lists the same SBOM components (and names the same device) under the same ids:
      // matched once per run (per criticality: the devices of a model can matter differently to the clinic).
      const keys = [...new Set(components.map((c) => c.asset))];
      const sboms = `${keys.join('\n')}\n${criticality ?? ''}`;
      // Without a fingerprinted component these are listed ones (listedComponents): keyed by what lists them.
      const shared = !reached.size && keys.every((k) => k !== undefined);
      let matches = shared ? sbomMatches.get(sboms) : undefined;
      if (!matches) {
        matches = match();
        setUpgradeTargets(vulnIndex, matches);
        if (shared) sbomMatches.set(sboms, matches);
      }
      return applyTriage(store.db, matches, components, scope);
    },
  };
}

/**
 * The check `radguard do-not-probe add` / `radguard scope add` and the API apply to a new entry: an address or
 * CIDR block the guard accepts, and a reason (shown in every scan that skips it).
 */
export function validateBlockEntry(entry: { cidr: string; reason: string }): void {
  try {
    new DoNotProbeGuard([entry]);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!entry.reason.trim()) throw new UsageError('the reason must not be empty');
}
