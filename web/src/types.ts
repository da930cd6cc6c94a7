/** The API's shapes as the console reads them (the server's JSON schemas are the authority; see /api/openapi.json). */
export type Role = 'admin' | 'security-analyst' | 'biomedical-engineer' | 'viewer' | 'vendor-service';
export interface Scope {
  manufacturer: string | null;
  site: string | null;
}
export interface Me {
  username: string;
  role: Role;
  scope: Scope;
  via: 'session' | 'token';
  csrfToken: string | null;
}
export interface Page<T> {
  total: number;
  /** counted and cached are exact; estimated is not (see docs/api.md "Lists at scale"). */
  totalSource: 'counted' | 'cached' | 'estimated';
  items: T[];
}
/** A big list's page (assets, findings): paged forward by nextCursor, null on the last page. */
export interface CursorPage<T> extends Page<T> {
  nextCursor: string | null;
}
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const FINDING_STATES = ['open', 'in-remediation', 'resolved', 'risk-accepted', 'false-positive'] as const;

export interface AssetSummary {
  id: string;
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  site: string;
  department?: string | null;
  zone: string;
  role?: string | null;
  criticality: string;
  softwareVersion?: string | null;
  endOfSupport?: string | null;
  createdAt: string;
  addresses: string[];
}
export interface ObservedService {
  scanId: string;
  scannedAt: string;
  address: string;
  ports: { port: number; protocol: string; service: string | null; product: string | null; version: string | null }[];
  notAssessed: { probeId: string; port: number | null; status: string; detail: string | null }[];
}
export interface AssetDetail extends AssetSummary {
  location?: string | null;
  os?: string | null;
  owner?: string | null;
  supportContract?: string | null;
  endOfLife?: string | null;
  patchChannel?: string;
  removableMedia?: string[];
  autorun?: boolean | null;
  mds2OnFile?: boolean;
  notes?: string | null;
  origin?: string;
  serial?: string | null;
  macs: string[];
  aeTitles?: string[];
  hostnames: string[];
  addresses: string[];
  updatedAt?: string | null;
  services?: ObservedService[];
  history?: { at: string; kind: string; detail: Record<string, unknown>; source: string }[];
  sboms?: SbomOnFile[];
}
/** An SBOM on file for the asset or its model: every scan of the device matches its components. */
export interface SbomOnFile {
  id: number;
  scope: 'asset' | 'model';
  model: string | null;
  file: string;
  sha256: string;
  format: string;
  specVersion: string;
  importedAt: string;
  components: number;
}
/** POST /api/sboms or /api/vex: what was stored, and the re-assessment it ran (or why it did not). */
export interface DocumentUploaded {
  // POST /api/sboms
  id?: number;
  components?: number;
  matchable?: number;
  assets?: { id: string; name: string | null }[] | number; // the devices described (SBOM), how many (VEX)
  schemaIssueCount?: number;
  // POST /api/vex
  scope?: string;
  statements?: number;
  proposed?: number; // of the statements, a vendor's that await the site's approval
  reassessment: { devices?: number; unprobed?: number; opened?: number; reopened?: number; resolved?: number; falsePositive?: number; skipped?: string } | null;
}
export interface FindingSummary {
  key: string;
  ruleId: string;
  cve: string | null;
  subject: string;
  host: string;
  port: number | null;
  severity: Severity;
  title: string;
  state: string;
  firstSeen: string;
  lastSeen: string;
  /** The inventory's name of a device without an address (its findings are kept under its asset id). */
  device?: string;
}
export interface FindingDetail extends FindingSummary {
  component: string | null;
  evidence: string;
  remediation: string;
  acceptedReason: string | null;
  acceptedBy: string | null;
  acceptedUntil: string | null;
  justification: string | null;
  history: { at: string; from: string | null; to: string; actor: string; note: string | null; scanId: string | null }[];
}
export interface ScanSummary {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  source: string;
  profile: string | null;
  targets: string[] | null;
}
export interface ScanDetail {
  scan: ScanSummary;
  hosts: {
    address: string;
    assetId: string | null;
    alive: boolean;
    /** Held back by the do-not-probe list (why), judged on its inventory facts and SBOMs only; else null. */
    notProbed: string | null;
    openPorts: { port: number; protocol: string; service: string | null; product: string | null; version: string | null }[];
  }[];
  findings: { key: string; id: string; address: string; port: number | null; severity: Severity; title: string; state: string }[];
}
export interface PortRef {
  address: string;
  port: number;
  protocol: string;
  service: string | null;
  before?: string;
  after?: string;
}
export interface FindingRef {
  key: string;
  id: string;
  address: string;
  port: number | null;
  severity: string;
  title: string;
}
export interface ScanDiff {
  from: { id: string; startedAt: string; status: string };
  to: { id: string; startedAt: string; status: string };
  hosts: { new: string[]; gone: string[]; notRescanned: string[]; notPreviouslyScanned: string[] };
  ports: { opened: PortRef[]; closed: PortRef[]; changed: PortRef[] };
  findings: { new: FindingRef[]; gone: FindingRef[] };
  caveats: string[];
}
export interface Practice {
  id: number;
  name: string;
  status: 'assessed' | 'not-assessed';
  rating: 'at-risk' | 'needs-work' | 'good' | 'not-assessed';
  score: number | null;
  reason: string | null;
  summary: string;
  counts: { open: number; highOrCritical: number; bySeverity: Record<Severity, number> };
}
export interface FeedAge {
  feed: string;
  state: 'ok' | 'stale' | 'missing';
  records: number;
  feedDate?: string;
  importedAt?: string;
  ageDays?: number;
  warning?: string;
}
export interface Dashboard {
  generatedAt: string;
  devices: number;
  scans: number;
  feeds: { ages: FeedAge[]; warnings: string[] };
  practices: Practice[];
  postureScore: number | null;
  trend: { scanId: string; at: string; score: number; devices: number }[];
  findingsBySeverity: Record<Severity, number>;
  kevDevices: { assetId: string | null; name: string; cves: string[] }[];
  kevDevicesTotal: number;
  endOfSupport: {
    assetId: string;
    name: string;
    component: string;
    date: string;
    criticality: string;
    status: 'ended' | 'ending-within-a-year' | 'supported';
  }[];
}
export interface UserRow {
  username: string;
  role: Role;
  scope: Scope;
  expiresAt: string | null;
  totp: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}
export interface TokenRow {
  id: string;
  name: string;
  owner: string;
  role: Role;
  scope: Scope;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
}

/** What each role may do; the server enforces the same table (src/api/access.ts), this only hides buttons. */
export const TRIAGE_ACTIONS: Record<Role, readonly string[]> = {
  admin: ['start-remediation', 'resolve', 'accept-risk', 'false-positive', 'reopen'],
  'security-analyst': ['start-remediation', 'resolve', 'accept-risk', 'false-positive', 'reopen'],
  'biomedical-engineer': ['start-remediation', 'resolve', 'reopen'],
  viewer: [],
  'vendor-service': [],
};
/** Starting and cancelling scans (src/api/access.ts `scanners`); confirming large or public ranges stays with admins. */
export const canScan = (r: Role): boolean => r === 'admin' || r === 'security-analyst' || r === 'biomedical-engineer';
/** The segmentation view maps the whole network: not for vendor accounts. */
export const canSeeSegmentation = (r: Role): boolean => r !== 'vendor-service';
export const isAdmin = (r: Role): boolean => r === 'admin';
/** Storing SBOMs (src/api/access.ts `sbomWriters`): a vendor for its own devices; viewers only read. */
export const canUploadSboms = (r: Role): boolean => r !== 'viewer';
/** Recording VEX (`vexWriters`): who may mark false positives, and a vendor for its own devices. */
export const canRecordVex = (r: Role): boolean => r === 'admin' || r === 'security-analyst' || r === 'vendor-service';
/** Approving a vendor's VEX proposals (`vexApprovers`): who may mark false positives by hand. */
export const canDecideVex = (r: Role): boolean => r === 'admin' || r === 'security-analyst';

/** A vendor's not_affected / false_positive statement awaiting the site's approval (GET /api/vex/proposals). */
export interface VexProposal {
  cve: string;
  identity: string;
  scope: string;
  status: string;
  justification: string | null;
  detail: string | null;
  source: string;
  proposedBy: string;
  proposedAt: string;
}
