/**
 * The versioned report schema (docs/report-schema.md, docs/report.schema.json). Every command that reports
 * emits an envelope `{ schemaVersion, kind, generatedAt, ... }`; consumers check `schemaVersion` and `kind`.
 * Minor versions only add fields; anything else bumps the major.
 */
import { isAssessed, type CheckStatus } from '../core/check.js';
import type { HostRecord, ScanRecord } from '../core/scan.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { ScanStore } from '../store/store.js';

export const SCHEMA_VERSION = '1.2';

export interface ReportEnvelope<K extends string> {
  readonly schemaVersion: string;
  readonly kind: K;
  readonly generatedAt: string;
  readonly generator: { readonly name: 'radguard'; readonly version: string };
}

export interface ReportFinding {
  readonly id: string; // the rule id
  readonly key: string;
  readonly cve: string | null;
  readonly severity: Severity;
  readonly title: string;
  readonly port: number | null;
  readonly evidence: string;
  readonly remediation: string;
  readonly state: string;
  readonly firstSeen: string;
}

export interface ReportCheck {
  readonly probe: string;
  readonly port: number | null;
  readonly status: CheckStatus;
  readonly detail: string | null;
  readonly durationMs: number;
}

export interface ReportHost {
  readonly address: string;
  readonly assetId: string | null;
  readonly mac: string | null;
  readonly macVendor: string | null;
  readonly hostnames: readonly string[];
  readonly alive: boolean;
  readonly aliveReason: string | null;
  /** False: held back by the do-not-probe list, judged only on its inventory facts and SBOMs (aliveReason says why). */
  readonly probed: boolean;
  readonly ports: ReadonlyArray<{
    port: number;
    protocol: string;
    state: string;
    service: string | null;
    product: string | null;
    version: string | null;
    cpe: readonly string[];
  }>;
  readonly checks: readonly ReportCheck[];
  readonly notAssessed: readonly ReportCheck[];
  readonly findings: readonly ReportFinding[];
}

/** Age of each vulnerability feed: every report carries it, so "0 vulnerabilities" on stale data is never silent. */
export interface FeedState {
  readonly feed: string;
  readonly state: 'ok' | 'stale' | 'missing';
  readonly records: number;
  readonly ageDays?: number;
  readonly warning?: string;
}

export interface ScanReport extends ReportEnvelope<'scan-report'> {
  readonly feeds: readonly FeedState[];
  readonly scan: {
    readonly id: string;
    readonly startedAt: string;
    readonly finishedAt: string | null;
    readonly status: ScanRecord['status'];
    readonly complete: boolean;
    readonly source: ScanRecord['source'];
    readonly targets: readonly string[];
    readonly profile: string | null;
    readonly vantage: ScanRecord['vantage'];
    readonly error: string | null;
  };
  readonly summary: {
    readonly hostsPlanned: number | null;
    readonly hostsReported: number;
    readonly alive: number;
    readonly openPorts: number;
    readonly findings: Record<Severity, number>;
    readonly notAssessed: number;
  };
  readonly hosts: readonly ReportHost[];
  readonly skipped: ReadonlyArray<{ target: string; reason: string }>;
}

export const envelope = <K extends string>(kind: K, generatedAt: string): ReportEnvelope<K> => ({
  schemaVersion: SCHEMA_VERSION,
  kind,
  generatedAt,
  generator: { name: 'radguard', version: '0.1.0' },
});

const bySeverity = (a: { severity: Severity }, b: { severity: Severity }) =>
  SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity);

/** The report without its hosts: what a streaming writer prints before and after them. */
export type ScanReportHead = Omit<ScanReport, 'hosts'>;

export function scanReportHead(store: ScanStore, scanId: string, generatedAt: string, feeds: readonly FeedState[] = []): ScanReportHead {
  const scan = store.getScan(scanId);
  if (!scan) throw new Error(`scan ${scanId} vanished`);
  const c = store.scanCounts(scanId);
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, c.findingsBySeverity[s] ?? 0])) as Record<Severity, number>;
  return {
    ...envelope('scan-report', generatedAt),
    feeds,
    scan: {
      id: scan.id,
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      status: scan.status,
      complete: scan.status === 'complete',
      source: scan.source,
      targets: scan.targets,
      profile: scan.profile,
      vantage: scan.vantage,
      error: scan.error,
    },
    summary: {
      hostsPlanned: scan.hostsPlanned,
      hostsReported: c.hostsReported,
      alive: c.alive,
      openPorts: c.openPorts,
      findings,
      notAssessed: c.notAssessed,
    },
    skipped: store.skipped(scanId),
  };
}

export function reportHost(store: ScanStore, scanId: string, h: HostRecord): ReportHost {
  const checks = h.checks.map((c) => ({ probe: c.probeId, port: c.port, status: c.status, detail: c.detail ?? null, durationMs: c.durationMs }));
  return {
    address: h.address,
    assetId: h.assetId,
    mac: h.mac,
    macVendor: h.macVendor,
    hostnames: h.hostnames,
    alive: h.alive,
    aliveReason: h.aliveReason,
    probed: h.probed !== false,
    ports: h.ports.map((p) => ({ port: p.port, protocol: p.protocol, state: p.state, service: p.service, product: p.product, version: p.version, cpe: p.cpe })),
    checks,
    notAssessed: checks.filter((c) => !isAssessed(c.status)),
    findings: store
      .scanFindings(scanId, h.address)
      .map((f) => ({
        id: f.ruleId,
        key: f.key,
        cve: f.cve,
        severity: f.scanSeverity,
        title: f.title,
        port: f.port,
        evidence: f.scanEvidence,
        remediation: f.remediation,
        state: f.state,
        firstSeen: f.firstSeen,
      }))
      .sort(bySeverity),
  };
}

export function* reportHosts(store: ScanStore, scanId: string): Generator<ReportHost> {
  for (const h of store.eachHost(scanId)) yield reportHost(store, scanId, h);
}

/** The whole report in memory: for tests, the API and small scans. Writers stream instead. */
export function buildScanReport(store: ScanStore, scanId: string, generatedAt: string, feeds: readonly FeedState[] = []): ScanReport {
  const head = scanReportHead(store, scanId, generatedAt, feeds);
  const { skipped, ...rest } = head;
  return { ...rest, hosts: [...reportHosts(store, scanId)], skipped };
}
