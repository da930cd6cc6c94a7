/**
 * The store interface: dialect-neutral, so PostgreSQL can sit behind it later. Implementations keep their rows
 * to themselves and speak in domain types. Every write that belongs together is one transaction: a host's
 * ports, checks, observations and finding updates land together or not at all.
 */
import type { Vantage } from '../core/asset.js';
import type { Finding, FindingState, TriageAction, Verdict } from '../core/finding.js';
import type { HostRecord, ScanRecord, ScanStatus, SkippedTarget } from '../core/scan.js';
import type { Severity } from '../core/severity.js';
import type { DoNotProbeEntry } from '../net/guard.js';

export interface NewScan {
  readonly id: string;
  readonly startedAt: string;
  readonly source: ScanRecord['source'];
  readonly targets: readonly string[];
  readonly vantage: Vantage;
  readonly profile: string | null;
  readonly options: Readonly<Record<string, unknown>>;
  readonly hostsPlanned: number | null;
}

/** A rule's verdict made ready to store: the rule's title, severity and remediation attached. */
/** The probe id of findings from a device's SBOMs: they have no port, and go only when the SBOMs no longer give them. */
export const SBOM_PROBE = 'inventory.sbom';

export interface RuledVerdict extends Verdict {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly remediation: string;
  /**
   * A recorded decision (VEX, triage, or the distribution's advisory on its build: ADR 0108) on this CVE for this
   * device. Not affected: an open finding becomes a false positive with this reason, and stays one like a person's
   * decision. Affected: a false positive that an earlier VEX decision made (history actor `vex`) reopens — the
   * statement was revised; a person's stands.
   */
  readonly decision?: { readonly affected: boolean; readonly justification?: string; readonly note: string };
}

export interface HostCommit {
  readonly host: HostRecord;
  readonly verdicts: readonly RuledVerdict[];
  /** Which ports this scan looked at on the host: a finding on a port outside it is left alone. */
  readonly scannedPorts: ReadonlySet<number>;
  /** Vulnerability matching ran for this host (feeds present): CVE findings it did not repeat may resolve. */
  readonly vulnChecked?: boolean;
  /**
   * The inventory's SBOMs for this device were looked up and matched (none is an answer too): SBOM findings
   * (probe `inventory.sbom`) they no longer give resolve.
   */
  readonly softwareChecked?: boolean;
  readonly at: string;
}

/**
 * A desk re-assessment of one device: the software its latest scans identified and its SBOMs on file, matched
 * against the feeds on file now, without any network traffic (after a feed or SBOM import, or a VEX). Its verdicts
 * are vulnerability findings only, each cited to the scan whose identification it rests on.
 */
export interface ReassessCommit {
  readonly subject: string;
  /** Each address of the device as last scanned, with the ports whose identified software was matched again. */
  readonly hosts: readonly {
    readonly address: string;
    readonly scanId: string;
    readonly verdicts: readonly RuledVerdict[];
    readonly identifiedPorts: ReadonlySet<number>;
  }[];
  /** The device's SBOMs were looked up (none is an answer too): SBOM findings they no longer give resolve. */
  readonly softwareChecked: boolean;
  readonly at: string;
  /** Said in the history of every finding it changes, e.g. "desk re-assessment against the feeds on file". */
  readonly note: string;
}

export interface FindingChange {
  readonly key: string;
  readonly ruleId: string;
  readonly from: FindingState | null;
  readonly to: FindingState;
}

export interface StoredFinding extends Finding {
  readonly acceptedReason: string | null;
  readonly acceptedBy: string | null;
  readonly acceptedUntil: string | null;
  readonly justification: string | null;
}

export interface FindingHistoryEntry {
  readonly at: string;
  readonly from: FindingState | null;
  readonly to: FindingState;
  readonly actor: string;
  readonly note: string | null;
  readonly scanId: string | null;
}

export interface ScanCounts {
  readonly hostsReported: number;
  readonly alive: number;
  readonly openPorts: number;
  readonly notAssessed: number;
  readonly findingsBySeverity: Readonly<Record<string, number>>;
}

export interface ScanStore {
  createScan(scan: NewScan, pid: number, pidStarted: string | null): void;
  commitHost(scanId: string, commit: HostCommit): FindingChange[];
  addSkipped(scanId: string, skipped: readonly SkippedTarget[]): void;
  finishScan(scanId: string, status: Exclude<ScanStatus, 'running'>, finishedAt: string, error?: string): void;
  listScans(): ScanRecord[];
  getScan(id: string): ScanRecord | null;
  /** Resolves 'latest', a unique id prefix, or a full id. */
  resolveScanId(ref: string): string;
  /** Addresses of a scan's stored hosts, in numeric order. */
  hostAddresses(scanId: string): string[];
  host(scanId: string, address: string): HostRecord | null;
  /** Hosts one at a time, so a /16 report never sits in memory whole. */
  eachHost(scanId: string): Iterable<HostRecord>;
  hosts(scanId: string): HostRecord[];
  scanCounts(scanId: string): ScanCounts;
  skipped(scanId: string): SkippedTarget[];
  /** Findings seen in a scan, with their current triage state. */
  scanFindings(scanId: string, address?: string): (StoredFinding & { scanSeverity: Severity; scanEvidence: string; address: string })[];
  findings(filter?: { state?: FindingState; host?: string; ruleId?: string; subjects?: readonly string[] }): StoredFinding[];
  finding(key: string): StoredFinding | null;
  findingHistory(key: string): FindingHistoryEntry[];
  triage(key: string, action: TriageAction, at: string): StoredFinding;
  doNotProbe(): DoNotProbeEntry[];
  addDoNotProbe(entry: DoNotProbeEntry, addedBy: string, at: string): void;
  removeDoNotProbe(cidr: string): boolean;
  /** Public blocks the site may scan without --allow-public. */
  publicScope(): DoNotProbeEntry[];
  addPublicScope(entry: DoNotProbeEntry, addedBy: string, at: string): void;
  removePublicScope(cidr: string): boolean;
  close(): void;
}
