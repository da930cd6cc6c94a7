/**
 * The scan engine: for every target address, a TCP sweep, then the probes that apply to each open port, then
 * identification and rules, and one transaction per host so a scan that dies keeps every finished host. The scan
 * row says 'running' until the end; a process that dies leaves it to read as 'incomplete'.
 */
import type { AssetFacts, Vantage } from '../core/asset.js';
import type { Check } from '../core/check.js';
import type { Clock, Ids } from '../core/clock.js';
import type { Endpoint } from '../core/endpoint.js';
import { errorMessage } from '../core/errors.js';
import type { Observation } from '../core/observation.js';
import type { HostRecord, PortRecord, SkippedTarget } from '../core/scan.js';
import { macVendor, serviceName } from '../data/index.js';
import type { Identifier } from '../identify/identifier.js';
import { identifyHost } from '../identify/identified.js';
import type { DoNotProbeGuard } from '../net/guard.js';
import type { Net } from '../net/net.js';
import type { Probe, ProbeContext } from '../probes/probe.js';
import { runProbe } from '../probes/run-probe.js';
import type { HostFacts, Rule } from '../rules/rule.js';
import type { FindingChange, HostCommit, RuledVerdict, ScanStore } from '../store/store.js';
import { processStartMarker } from '../store/sqlite/process-alive.js';
import { readArpTable } from './neighbours.js';
import { RttEstimator } from './rtt.js';
import { sweepHost, type HostSweep, type SweepTiming } from './sweep.js';
import { addresses, type TargetPlan } from './targets.js';
import { wireSpeaksFor, componentsOf, sbomComponents, verdictsFromMatches, type KnownSoftware } from './vulns.js';
import type { Component, Match } from '../vuln/index.js';
import type { TriagedMatch } from '../vuln/vex/triage.js';

export interface ScanInput {
  /** Chosen by a caller that must name the scan before it ends (the API answers 202 with it); else a new id. */
  readonly scanId?: string;
  readonly plan: TargetPlan;
  readonly ports: readonly number[];
  readonly profile: string;
  readonly timing: SweepTiming;
  readonly hostParallel: number;
  readonly probeParallel: number; // probes in flight per host
  readonly probes: readonly Probe[];
  readonly probeOptions?: Readonly<Record<string, Record<string, unknown>>>;
  readonly intrusive: boolean;
  readonly rules: readonly Rule[];
  readonly identifiers: readonly Identifier[];
  readonly vantage: Vantage;
  readonly options: Readonly<Record<string, unknown>>; // recorded with the scan as given
}

export interface ScanDeps {
  readonly store: ScanStore;
  readonly net: Net;
  readonly guard: DoNotProbeGuard;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ScanProgress) => void;
  /** Called right after a host is committed to the store (its findings are then readable from the store). */
  readonly onHost?: (scanId: string, host: HostRecord) => void;
  readonly readNeighbours?: () => Map<string, string>;
  /**
   * Identity resolution (inventory): links what a scan saw to a known asset, so findings key on the asset and
   * rules know its criticality and zone. Without it, the subject is the address and both stay 'unknown'.
   */
  /**
   * Vulnerability matching of identified products and known software (feeds from the store), with the triage
   * decisions recorded for the asset and the given models applied; absent: no CVE findings.
   */
  readonly matchVulns?: (components: readonly Component[], scope: VulnScope) => readonly (Match | TriagedMatch)[];
  readonly resolveAsset?: (seen: {
    address: string;
    alive: boolean;
    /** False: the do-not-probe list held the address back; only a known asset is returned, and nothing is recorded of it. */
    probed?: false;
    mac: string | null;
    hostnames: readonly string[];
    observations: readonly Observation[];
  }) => ResolvedAsset | null;
}

/** The device the components run on: its triage scopes, and its clinical criticality for the priorities. */
export interface VulnScope {
  readonly asset?: string;
  readonly models?: readonly string[];
  readonly criticality?: AssetFacts['criticality'];
}

export interface ResolvedAsset {
  readonly assetId: string;
  readonly criticality: AssetFacts['criticality'];
  readonly zone: string;
  /** Facts the inventory adds to the host (e.g. `inventory.declared`: the model's declared ports). */
  readonly observations?: readonly Observation[];
  /**
   * The SBOMs on file for the asset and its model (an empty list: none), cited by `softwareObservation` — one of
   * `observations`. Absent when the resolver cannot read SBOMs.
   */
  readonly software?: readonly KnownSoftware[];
  readonly softwareObservation?: string;
  /** The names the asset's model goes by: triage (VEX) decisions recorded for them apply to its findings. */
  readonly models?: readonly string[];
}

export interface ScanProgress {
  readonly hostsTotal: number;
  readonly hostsDone: number;
  readonly alive: number;
  readonly portsChecked: number;
  readonly portsTotal: number;
  readonly openPorts: number;
  readonly elapsedMs: number;
}

export interface ScanSummary {
  readonly scanId: string;
  readonly status: 'complete' | 'incomplete' | 'failed';
  readonly hostsScanned: number;
  readonly alive: number;
  readonly skipped: number;
  readonly changes: readonly FindingChange[];
  readonly durationMs: number;
}

/** Small scopes keep dead hosts and closed/filtered ports in the store; large sweeps keep only what answered. */
const KEEP_DEAD_HOSTS_UP_TO = 1024;
const KEEP_PORT_STATES_UP_TO = 1024;

export async function runScan(input: ScanInput, deps: ScanDeps): Promise<ScanSummary> {
  const { store, clock, ids } = deps;
  const started = performance.now();
  const scanId = input.scanId ?? ids.next('scan');
  store.createScan(
    {
      id: scanId,
      startedAt: clock.now().toISOString(),
      source: 'scan',
      targets: input.plan.specs,
      vantage: input.vantage,
      profile: input.profile,
      options: input.options,
      hostsPlanned: input.plan.count,
    },
    process.pid,
    processStartMarker(process.pid),
  );

  const shared = new RttEstimator();
  const scannedPorts = new Set(input.ports);
  const progress = { hostsDone: 0, alive: 0, portsChecked: 0, openPorts: 0 };
  const report = () =>
    deps.onProgress?.({
      hostsTotal: input.plan.count,
      portsTotal: input.plan.count * input.ports.length,
      elapsedMs: performance.now() - started,
      ...progress,
    });
  const ticker = deps.onProgress ? setInterval(report, 250) : null;
  const skipped = new SkippedCollector();
  const changes: FindingChange[] = [];
  let failure: unknown = null;

  const deskHost = (address: string, reason: string) => {
    const desk = deskRecord(address, reason, { rules: input.rules, resolveAsset: deps.resolveAsset, matchVulns: deps.matchVulns, at: clock.now().toISOString() });
    if (!desk) return;
    for (const c of store.commitHost(scanId, desk.commit)) changes.push(c);
    deps.onHost?.(scanId, desk.commit.host);
  };

  const walker = addresses(input.plan);
  const worker = async () => {
    for (;;) {
      if (deps.signal?.aborted || failure) return;
      const next = walker.next();
      if (next.done) return;
      const address = next.value;
      const blocked = deps.guard.reasonFor(address);
      if (blocked) {
        skipped.add(address, blocked);
        try {
          deskHost(address, blocked);
        } catch (e) {
          failure ??= e;
          return;
        }
        progress.hostsDone++;
        progress.portsChecked += input.ports.length;
        continue;
      }
      try {
        const sweep = await sweepHost(address, input.ports, deps.net, input.timing, shared, () => progress.portsChecked++, deps.signal);
        if (sweep.alive) {
          progress.alive++;
          progress.openPorts += sweep.open.size;
        }
        if (sweep.alive || input.plan.count <= KEEP_DEAD_HOSTS_UP_TO) {
          const examined = await examineHost(sweep, input, deps);
          if (deps.signal?.aborted) return; // an interrupted host is not committed half-examined
          const asset = deps.resolveAsset?.(examined) ?? null;
          const host = asset
            ? { ...examined, assetId: asset.assetId, observations: [...examined.observations, ...(asset.observations ?? [])] }
            : examined;
          const verdicts = judge(host, input.rules, asset ?? undefined);
          const software = asset?.software && asset.softwareObservation ? asset.software : undefined;
          if (deps.matchVulns) vulnVerdicts(deps.matchVulns, host, asset, software, verdicts);
          const commit = { host, verdicts, scannedPorts, vulnChecked: Boolean(deps.matchVulns), softwareChecked: software !== undefined, at: clock.now().toISOString() };
          for (const c of store.commitHost(scanId, commit)) changes.push(c);
          deps.onHost?.(scanId, host);
        }
      } catch (e) {
        failure ??= e;
        return;
      }
      progress.hostsDone++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(input.hostParallel, input.plan.count)) }, worker));
  } finally {
    if (ticker) clearInterval(ticker);
    report();
  }
  store.addSkipped(scanId, skipped.list());
  const status = failure ? 'failed' : deps.signal?.aborted ? 'incomplete' : 'complete';
  store.finishScan(
    scanId,
    status,
    clock.now().toISOString(),
    failure
      ? errorMessage(failure)
      : status === 'incomplete'
        ? // an abort with a reason in words (the API's "cancelled by alice") says who stopped it
          typeof deps.signal?.reason === 'string' ? deps.signal.reason : 'interrupted before every host was scanned'
        : undefined,
  );
  if (failure) throw failure;
  return {
    scanId,
    status,
    hostsScanned: progress.hostsDone,
    alive: progress.alive,
    skipped: skipped.count,
    changes,
    durationMs: performance.now() - started,
  };
}

/**
 * A known asset judged at the desk: its inventory facts and the SBOMs on file, without a packet sent to it (the
 * do-not-probe list holds it back, or no scan has probed it: desk.ts). Its record says it was not probed, so nothing
 * reads it as the network's answer; no port or service finding of it changes. Null when the address is no known
 * asset (there is nothing to judge). Matching happens here, before the caller's write transaction opens.
 */
export function deskRecord(
  address: string,
  reason: string,
  ctx: { rules: readonly Rule[]; resolveAsset: ScanDeps['resolveAsset']; matchVulns: ScanDeps['matchVulns']; at: string },
): { commit: HostCommit; components: number } | null {
  const asset = ctx.resolveAsset?.({ address, alive: false, probed: false, mac: null, hostnames: [], observations: [] });
  if (!asset) return null;
  const host: HostRecord = {
    address, assetId: asset.assetId, mac: null, macVendor: null, hostnames: [], alive: false, aliveReason: reason, probed: false,
    ports: [], checks: [], observations: asset.observations ?? [],
  };
  const verdicts = judge(host, ctx.rules, asset);
  const software = asset.software && asset.softwareObservation ? asset.software : undefined;
  const components = ctx.matchVulns ? vulnVerdicts(ctx.matchVulns, host, asset, software, verdicts) : 0;
  const commit = { host, verdicts, scannedPorts: new Set<number>(), vulnChecked: Boolean(ctx.matchVulns), softwareChecked: software !== undefined, at: ctx.at };
  return { commit, components };
}

/** Probes, neighbour table and identification for one swept host. */
async function examineHost(sweep: HostSweep, input: ScanInput, deps: ScanDeps): Promise<HostRecord> {
  const address = sweep.address;
  const checks: Check[] = [];
  const observations: Observation[] = [];
  const openPorts = [...sweep.open.keys()].sort((a, b) => a - b);
  const keepStates = input.ports.length <= KEEP_PORT_STATES_UP_TO;

  checks.push({
    probeId: 'tcp.sweep',
    host: address,
    port: null,
    status: sweep.blocked ? 'blocked' : sweep.alive ? 'success' : 'timeout',
    detail: sweep.unreachable
      ? `no route to host (no ARP/ND answer) after ${input.ports.length > 3 ? 'a few' : 'all'} ports`
      : `${input.ports.length} TCP ports: ${sweep.open.size} open, ${sweep.closed.length} closed, ${sweep.filtered.length} without answer (filtered)`,
    durationMs: Math.round(sweep.durationMs),
  });

  if (sweep.alive) {
    const ctx = (probe: Probe): ProbeContext<Record<string, unknown>> => ({
      net: deps.net,
      clock: deps.clock,
      options: { ...(probe.defaults as Record<string, unknown>), ...(input.probeOptions?.[probe.id] ?? {}) },
      host: { address, openPorts, observations },
    });
    const jobs: Array<{ probe: Probe; target: Endpoint }> = [];
    for (const probe of [...input.probes].sort((a, b) => (a.phase ?? 50) - (b.phase ?? 50))) {
      const targets: Endpoint[] =
        probe.transport === 'udp'
          ? probe.ports.map((port) => ({ host: address, port, transport: 'udp' as const }))
          : openPorts
              .filter((port) => probe.ports.includes(port) || probe.selects?.(port, ctx(probe)))
              .map((port) => ({ host: address, port, transport: 'tcp' as const }));
      for (const target of targets) {
        if (probe.safety === 'intrusive' && !input.intrusive) {
          checks.push({ probeId: probe.id, host: address, port: target.port, status: 'skipped', detail: 'intrusive check: run with --intrusive to include it', durationMs: 0 });
        } else jobs.push({ probe, target });
      }
    }
    // Phases run in order so later probes can read earlier observations; within a phase, a few in parallel.
    const phases = [...new Set(jobs.map((j) => j.probe.phase ?? 50))];
    for (const phase of phases) {
      const batch = jobs.filter((j) => (j.probe.phase ?? 50) === phase);
      let i = 0;
      const runNext = async (): Promise<void> => {
        for (let job = batch[i++]; job; job = batch[i++]) {
          if (deps.signal?.aborted) return;
          const r = await runProbe(job.probe, job.target, ctx(job.probe), deps.ids);
          checks.push(r.check);
          observations.push(...r.observations);
        }
      };
      await Promise.all(Array.from({ length: Math.min(input.probeParallel, batch.length) }, runNext));
    }
  }

  const identified = identifyHost(observations, input.identifiers, deps.ids);
  observations.push(...identified.observations);

  const ports: PortRecord[] = [];
  const portRecord = (port: number, state: PortRecord['state'], reason: string, rttMs: number | null): PortRecord => {
    const id = identified.byPort.get(port);
    return {
      port,
      protocol: 'tcp',
      state,
      service: serviceName(port) ?? id?.product ?? null, // the IANA name; the product has its own column
      product: id?.product ?? null,
      version: id?.version ?? null,
      cpe: id?.cpe ?? [],
      reason,
      rttMs: rttMs === null ? null : Math.round(rttMs * 1000) / 1000,
    };
  };
  for (const port of openPorts) ports.push(portRecord(port, 'open', 'syn-ack', sweep.open.get(port) ?? null));
  if (keepStates) {
    for (const port of sweep.closed) ports.push(portRecord(port, 'closed', 'reset', null));
    for (const port of sweep.filtered) ports.push(portRecord(port, 'filtered', 'no-response', null));
    ports.sort((a, b) => a.port - b.port);
  }
  const mac = (deps.readNeighbours ?? readArpTable)().get(address) ?? null;
  return {
    address,
    assetId: null,
    mac,
    macVendor: mac ? macVendor(mac) : null,
    hostnames: input.plan.hostnames.get(address) ?? [],
    alive: sweep.alive,
    aliveReason: sweep.aliveReason,
    ports,
    checks,
    observations,
  };
}

/** Runs every rule on the host's facts; a rule that throws becomes an error check instead of killing the scan. */
export function judge(host: HostRecord, rules: readonly Rule[], asset?: ResolvedAsset): RuledVerdict[] {
  const facts: HostFacts = {
    asset: {
      assetId: host.assetId,
      address: host.address,
      mac: host.mac,
      macVendor: host.macVendor,
      hostnames: host.hostnames,
      criticality: asset?.criticality ?? 'unknown',
      zone: asset?.zone ?? 'unknown',
    },
    ports: host.ports.map((p) => ({ port: p.port, protocol: p.protocol, state: p.state, service: p.service })),
    observations: host.observations,
    checks: host.checks,
  };
  const out: RuledVerdict[] = [];
  for (const rule of rules) {
    let verdicts;
    try {
      verdicts = rule.check(facts);
    } catch (e) {
      (host.checks as Check[]).push({ probeId: `rule.${rule.id}`, host: host.address, port: null, status: 'error', detail: errorMessage(e), durationMs: 0 });
      continue;
    }
    for (const v of verdicts)
      out.push({ ...v, severity: v.severity ?? rule.severity, ruleId: rule.id, title: rule.title, remediation: rule.remediation });
  }
  return out;
}

/**
 * CVE verdicts for what the scan identified on the wire and what the SBOMs on file list. What the scan identified
 * itself speaks for a product the SBOM lists too; the SBOM is still matched whole: the same result serves every
 * device of the model, and its firmware needs its hardware.
 */
function vulnVerdicts(
  matchVulns: NonNullable<ScanDeps['matchVulns']>,
  host: HostRecord,
  asset: ResolvedAsset | null,
  software: readonly KnownSoftware[] | undefined,
  verdicts: RuledVerdict[],
): number {
  const models = [...(asset?.models ?? []), ...(software ?? []).flatMap((s) => (s.model ? [s.model] : []))];
  const scope: VulnScope = { asset: host.assetId ?? undefined, models, criticality: asset?.criticality };
  const wire = componentsOf(host.address, host.observations);
  const listed = sbomComponents(software ?? [], asset?.softwareObservation ?? '');
  const wireMatches = wire.length ? matchVulns(wire, scope) : [];
  // One by one: a device's vulnerabilities can number more than push() takes as arguments.
  for (const v of verdictsFromMatches(wireMatches, wire)) verdicts.push(v);
  if (listed.length) {
    const speaks = wireSpeaksFor(listed, wire, wireMatches);
    for (const v of verdictsFromMatches(matchVulns(listed, scope).filter((m) => !speaks(m)), listed)) verdicts.push(v);
  }
  return wire.length + listed.length;
}

/** Collapses consecutive skipped addresses with the same reason into ranges, so a /24 on the list is one line. */
class SkippedCollector {
  private readonly runs: Array<{ first: string; last: string; reason: string }> = [];
  count = 0;
  add(address: string, reason: string): void {
    this.count++;
    const last = this.runs[this.runs.length - 1];
    if (last && last.reason === reason) last.last = address;
    else this.runs.push({ first: address, last: address, reason });
  }
  list(): SkippedTarget[] {
    return this.runs.map((r) => ({ target: r.first === r.last ? r.first : `${r.first}-${r.last}`, reason: r.reason }));
  }
}
