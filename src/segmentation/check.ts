/**
 * Compares what was seen crossing zones with the zone policy. Two sources feed the same judgement: active scans
 * (a port open as seen from a vantage in zone A) and passive flows (traffic between zone A and zone B). The output
 * is the zone matrix (allowed vs observed), the violations with their evidence, and what could not be assessed —
 * a zone pair nobody looked at is reported as such, never as "clean".
 */
import { allowedBy, zoneOf, type Policy, type Zone } from './policy.js';
import { ruleFor } from './rules.js';
import { serviceName } from './services.js';
import type { Severity } from '../core/severity.js';
import type { Flow } from '../traffic/flow.js';

/** One scan as a vantage: where it ran from and which hosts it covered. */
export interface VantageScan {
  readonly scanId: string;
  readonly zoneLabel: string; // `radguard scan --zone LABEL`
  readonly sourceAddress: string | null;
  readonly startedAt: string;
  readonly hosts: readonly string[]; // addresses the scan reported on (alive or not)
}

/** An open port seen by a scan. */
export interface OpenPort {
  readonly scanId: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly alive: boolean; // false: the host never answered ping/ARP but the port did (ICMP-silent)
}

export interface Sighting {
  readonly kind: 'scan' | 'traffic';
  readonly ref: string; // scan id or capture file
  readonly vantage: string; // the vantage's source address or the flow's source address
  readonly at: string;
  readonly detail: string;
}

export interface Violation {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly remediation: string;
  readonly fromZone: string;
  readonly toZone: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly service: string | null;
  readonly evidence: string;
  readonly sightings: readonly Sighting[];
}

export interface ObservedPort {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly allowedBy: number | null; // index of the allow rule, null: a violation
}

export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  readonly status: 'violation' | 'allowed-only' | 'nothing-observed' | 'not-assessed';
  readonly allowed: readonly string[]; // the policy's allowances, e.g. "tcp/104", "tcp/443 on 10.20.20.10/32"
  readonly observed: readonly ObservedPort[];
}

export interface NotAssessed {
  readonly from: string;
  readonly to: string | null;
  readonly reason: string;
}

export interface SegmentationResult {
  readonly source: 'scan' | 'traffic';
  readonly zones: readonly { name: string; purpose: string; cidrs: readonly string[] }[];
  readonly vantages: readonly { scanId: string; zone: string; sourceAddress: string | null; startedAt: string }[];
  readonly matrix: readonly MatrixCell[];
  readonly violations: readonly Violation[];
  readonly notAssessed: readonly NotAssessed[];
}

const portText = (p: number, proto: string) => `${proto}/${p}`;

function allowances(policy: Policy, from: string, to: string): string[] {
  return policy.allow
    .filter((a) => a.from === from && a.to === to)
    .flatMap((a) =>
      a.ports.map((r) => `${r.protocol}/${r.from === r.to ? r.from : `${r.from}-${r.to}`}${a.hosts.length ? ` on ${a.hosts.map((h) => h.text).join(', ')}` : ''}`),
    );
}

/** Accumulates cross-zone sightings, then renders matrix and violations. */
class Judge {
  private readonly cells = new Map<string, Map<string, ObservedPort>>();
  private readonly violations = new Map<string, { v: Omit<Violation, 'sightings' | 'evidence'>; sightings: Sighting[] }>();
  constructor(
    private readonly policy: Policy,
    private readonly source: 'scan' | 'traffic',
  ) {}

  see(from: Zone, to: Zone, host: string, port: number, protocol: 'tcp' | 'udp', sighting: Sighting): void {
    if (from.name === to.name) return;
    const cellKey = `${from.name}\u0000${to.name}`;
    const cell = this.cells.get(cellKey) ?? new Map<string, ObservedPort>();
    this.cells.set(cellKey, cell);
    const allow = allowedBy(this.policy, from.name, to.name, host, port, protocol);
    cell.set(`${host}\u0000${protocol}/${port}`, { host, port, protocol, allowedBy: allow?.index ?? null });
    if (allow) return;
    const rule = ruleFor(from.purpose, to.purpose, port, this.source);
    const key = `${rule.id}\u0000${from.name}\u0000${host}\u0000${protocol}/${port}`;
    const existing = this.violations.get(key);
    if (existing) existing.sightings.push(sighting);
    else
      this.violations.set(key, {
        v: { ruleId: rule.id, severity: rule.severity, title: rule.title, remediation: rule.remediation, fromZone: from.name, toZone: to.name, host, port, protocol, service: serviceName(port) },
        sightings: [sighting],
      });
  }

  /** `notAssessed` decides the matrix; `reported` (default: the same) is what the result lists as not assessed. */
  result(vantages: SegmentationResult['vantages'], notAssessed: NotAssessed[], reported: NotAssessed[] = notAssessed): SegmentationResult {
    const zones = this.policy.zones;
    const matrix: MatrixCell[] = [];
    for (const from of zones)
      for (const to of zones) {
        if (from.name === to.name) continue;
        const observed = [...(this.cells.get(`${from.name}\u0000${to.name}`)?.values() ?? [])].sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
        const unassessed = notAssessed.some((n) => n.from === from.name && (n.to === null || n.to === to.name));
        const status: MatrixCell['status'] = observed.some((o) => o.allowedBy === null)
          ? 'violation'
          : observed.length
            ? 'allowed-only'
            : unassessed
              ? 'not-assessed'
              : 'nothing-observed';
        matrix.push({ from: from.name, to: to.name, status, allowed: allowances(this.policy, from.name, to.name), observed });
      }
    const violations = [...this.violations.values()].map(({ v, sightings }): Violation => {
      sightings.sort((a, b) => a.at.localeCompare(b.at));
      const allowed = allowances(this.policy, v.fromZone, v.toZone);
      const what = `${v.host} ${portText(v.port, v.protocol)}${v.service ? ` (${v.service})` : ''} in zone ${v.toZone}`;
      const seen = sightings
        .slice(0, 3)
        .map((s) => (s.kind === 'scan' ? `open from vantage ${s.vantage} (scan ${s.ref}, ${s.at})` : `${s.detail} (${s.ref}, ${s.at})`))
        .join('; ');
      const more = sightings.length > 3 ? `; and ${sightings.length - 3} more` : '';
      const policyText = allowed.length ? `the policy allows ${v.fromZone} → ${v.toZone} only on ${allowed.join(', ')}` : `the policy allows nothing from ${v.fromZone} to ${v.toZone}`;
      return { ...v, evidence: `${v.fromZone} → ${what}: ${seen}${more}; ${policyText}`, sightings };
    });
    violations.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.fromZone.localeCompare(b.fromZone) || a.host.localeCompare(b.host) || a.port - b.port);
    return {
      source: this.source,
      zones: zones.map((z) => ({ name: z.name, purpose: z.purpose, cidrs: z.cidrs.map((c) => c.text) })),
      vantages,
      matrix,
      violations,
      notAssessed: reported,
    };
  }
}

/** The zone a scan ran from: its --zone label when it names a policy zone, else the zone of its source address. */
export function vantageZone(policy: Policy, v: Pick<VantageScan, 'zoneLabel' | 'sourceAddress'>): Zone | null {
  return policy.zones.find((z) => z.name === v.zoneLabel) ?? (v.sourceAddress ? zoneOf(policy, v.sourceAddress) : null);
}

/**
 * Active verification. For every (vantage zone, host) the newest scan from that zone that covered the host decides
 * (a port closed since is not held against the network); every port it saw open to another zone is judged.
 */
export function checkScans(policy: Policy, scans: readonly VantageScan[], openPorts: readonly OpenPort[]): SegmentationResult {
  const judge = new Judge(policy, 'scan');
  const notAssessed: NotAssessed[] = [];
  const byScan = new Map<string, { scan: VantageScan; zone: Zone }>();
  for (const s of scans) {
    const zone = vantageZone(policy, s);
    if (!zone) {
      notAssessed.push({ from: s.zoneLabel, to: null, reason: `scan ${s.scanId} ran from zone "${s.zoneLabel}" (${s.sourceAddress ?? 'address unknown'}), which is not in the policy: rescan with --zone NAME` });
      continue;
    }
    byScan.set(s.scanId, { scan: s, zone });
  }
  // newest scan per (zone, host)
  const newest = new Map<string, VantageScan>();
  for (const { scan, zone } of byScan.values())
    for (const h of scan.hosts) {
      const k = `${zone.name}\u0000${h}`;
      const cur = newest.get(k);
      if (!cur || cur.startedAt < scan.startedAt) newest.set(k, scan);
    }
  for (const p of openPorts) {
    const entry = byScan.get(p.scanId);
    if (!entry) continue;
    if (newest.get(`${entry.zone.name}\u0000${p.host}`)?.scanId !== p.scanId) continue;
    const to = zoneOf(policy, p.host);
    if (!to) continue;
    judge.see(entry.zone, to, p.host, p.port, p.protocol, {
      kind: 'scan',
      ref: p.scanId,
      vantage: `${entry.zone.name}${entry.scan.sourceAddress ? ` ${entry.scan.sourceAddress}` : ''}`,
      at: entry.scan.startedAt,
      detail: p.alive ? 'open' : 'open (host silent to ping)',
    });
  }
  // What nobody looked at.
  const scannedPairs = new Set<string>();
  for (const k of newest.keys()) {
    const [zoneName, host] = k.split('\u0000') as [string, string];
    const to = zoneOf(policy, host);
    if (to) scannedPairs.add(`${zoneName}\u0000${to.name}`);
  }
  const zonesWithScan = new Set([...byScan.values()].map((e) => e.zone.name));
  for (const from of policy.zones) {
    if (!zonesWithScan.has(from.name)) {
      notAssessed.push({ from: from.name, to: null, reason: `no scan from a vantage in zone "${from.name}" yet (run: radguard scan --zone ${from.name} ... from a host in that zone)` });
      continue;
    }
    for (const to of policy.zones)
      if (to.name !== from.name && !scannedPairs.has(`${from.name}\u0000${to.name}`))
        notAssessed.push({ from: from.name, to: to.name, reason: `no host of zone "${to.name}" was scanned from zone "${from.name}"` });
  }
  const vantages = [...byScan.values()].map(({ scan, zone }) => ({ scanId: scan.scanId, zone: zone.name, sourceAddress: scan.sourceAddress, startedAt: scan.startedAt }));
  // Nobody scans from the internet side, so "no vantage in zone outside" is noise in the list; its matrix row
  // stays "not assessed" all the same (unless someone did scan from there).
  const outside = new Set(policy.zones.filter((z) => z.purpose === 'outside').map((z) => z.name));
  return judge.result(vantages, notAssessed, notAssessed.filter((n) => !(n.to === null && outside.has(n.from) && !zonesWithScan.has(n.from))));
}

/** Passive verification: every flow between two zones is judged; a zone no flow came from is "not assessed". */
export function checkFlows(policy: Policy, flows: Iterable<Flow>): SegmentationResult {
  const judge = new Judge(policy, 'traffic');
  const fromZones = new Set<string>();
  for (const f of flows) {
    const from = zoneOf(policy, f.src);
    const to = zoneOf(policy, f.dst);
    if (!from || !to) continue;
    fromZones.add(from.name);
    judge.see(from, to, f.dst, f.dstPort, f.protocol, {
      kind: 'traffic',
      ref: f.source,
      vantage: f.src,
      at: f.firstSeen,
      detail: `${f.src} → ${f.dst}:${f.dstPort}/${f.protocol}, ${f.packets} packet(s), ${f.bytes} byte(s), until ${f.lastSeen}`,
    });
  }
  const notAssessed = policy.zones
    .filter((z) => !fromZones.has(z.name))
    .map((z): NotAssessed => ({ from: z.name, to: null, reason: `no traffic from zone "${z.name}" in the imported flows` }));
  // A capture without connections opened from the internet side is the normal, good case, not a gap to list; the
  // outside row of the matrix still reads "not assessed".
  const outside = new Set(policy.zones.filter((z) => z.purpose === 'outside').map((z) => z.name));
  return judge.result([], notAssessed, notAssessed.filter((n) => !outside.has(n.from)));
}
