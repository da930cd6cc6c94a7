/**
 * DICOM hygiene findings that come with the zone view, kept beside the segmentation violations (ADR 0400):
 * - `dicom-no-tls-between-zones`: a plain DICOM port (104, 11112, 4242) of a host in one zone open to another zone
 *   (active scans), or a DICOM association readable in a capture — hence not TLS — between two zones (traffic).
 *   This holds even where the policy allows the flow: allowed is not encrypted.
 * - `dicom-duplicate-ae-title` (traffic): one AE title used by several hosts, one finding per host using it.
 * Reads only results already computed (matrix, association facts); sends nothing.
 */
import type { DicomAssociation } from '../traffic/dicom-passive.js';
import { aeRegistry } from '../traffic/passive.js';
import type { SegmentationResult } from './check.js';
import { zoneOf, type Policy } from './policy.js';
import { SEGMENTATION_RULES, type SegmentationRule } from './rules.js';
import { SERVICES } from './services.js';

/** Shaped like a violation so the segmentation store keeps it with the same states and history. */
export interface DicomFinding {
  readonly ruleId: string;
  readonly severity: SegmentationRule['severity'];
  readonly title: string;
  readonly remediation: string;
  readonly fromZone: string;
  readonly toZone: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'tcp';
  readonly evidence: string;
  readonly subject?: string;
}

const PLAIN_DICOM_PORTS = new Set(SERVICES.dicom!.map((r) => r.from));

const base = (rule: SegmentationRule) => ({ ruleId: rule.id, severity: rule.severity, title: rule.title, remediation: rule.remediation, protocol: 'tcp' as const });

const list = (items: readonly string[], max = 3) => (items.length > max ? `${items.slice(0, max).join('; ')}; and ${items.length - max} more` : items.join('; '));

/** Active: plain DICOM ports the matrix shows open from another zone. */
export function cleartextDicomFromScans(result: SegmentationResult): DicomFinding[] {
  const out: DicomFinding[] = [];
  for (const cell of result.matrix)
    for (const o of cell.observed) {
      if (o.protocol !== 'tcp' || !PLAIN_DICOM_PORTS.has(o.port)) continue;
      const vantages = result.vantages.filter((v) => v.zone === cell.from).map((v) => `${v.sourceAddress ?? 'address unknown'} (scan ${v.scanId}, ${v.startedAt})`);
      out.push({
        ...base(SEGMENTATION_RULES.dicomNoTls),
        fromZone: cell.from,
        toZone: cell.to,
        host: o.host,
        port: o.port,
        evidence: `plain DICOM port tcp/${o.port} of ${o.host} in zone ${cell.to} is open to zone ${cell.from}, seen from vantage ${list(vantages)}; ${
          o.allowedBy === null ? 'the zone policy does not allow it either' : 'the zone policy allows it, but nothing on this port is encrypted'
        }; DICOM over TLS uses port 2762`,
      });
    }
  return out.sort((a, b) => a.fromZone.localeCompare(b.fromZone) || a.host.localeCompare(b.host) || a.port - b.port);
}

/** Traffic: associations readable in the capture between two different zones, one finding per (client zone, server port). */
export function cleartextDicomFromTraffic(policy: Policy, associations: readonly DicomAssociation[]): DicomFinding[] {
  const groups = new Map<string, { from: string; to: string; server: string; port: number; assocs: DicomAssociation[] }>();
  for (const a of associations) {
    const from = zoneOf(policy, a.client)?.name;
    const to = zoneOf(policy, a.server)?.name;
    if (!from || !to || from === to) continue;
    const k = `${from}\u0000${a.server}\u0000${a.serverPort}`;
    const g = groups.get(k) ?? { from, to, server: a.server, port: a.serverPort, assocs: [] };
    g.assocs.push(a);
    groups.set(k, g);
  }
  return [...groups.values()]
    .map((g): DicomFinding => {
      const sorted = [...g.assocs].sort((x, y) => x.startedAt.localeCompare(y.startedAt));
      const seen = sorted.map((a) => `${a.client} (AE ${a.callingAe || '?'}) → AE ${a.calledAe || '?'}, ${a.outcome}, ${a.startedAt}`);
      return {
        ...base(SEGMENTATION_RULES.dicomNoTls),
        fromZone: g.from,
        toZone: g.to,
        host: g.server,
        port: g.port,
        evidence: `${g.assocs.length} DICOM association(s) from zone ${g.from} to ${g.server}:${g.port} in zone ${g.to} were readable in the capture, so not encrypted: ${list(seen)}`,
      };
    })
    .sort((a, b) => a.fromZone.localeCompare(b.fromZone) || a.host.localeCompare(b.host) || a.port - b.port);
}

/** Traffic: one AE title used by several hosts; a finding for each host that uses it. */
export function duplicateAeTitles(policy: Policy, associations: readonly DicomAssociation[]): DicomFinding[] {
  const { entries, duplicates } = aeRegistry(associations);
  const out: DicomFinding[] = [];
  for (const d of duplicates)
    for (const host of d.hosts) {
      const mine = entries.filter((e) => e.aeTitle === d.aeTitle && e.host === host);
      const acceptorPort = associations.find((a) => a.server === host && a.calledAe === d.aeTitle && a.outcome === 'accepted')?.serverPort;
      const zone = zoneOf(policy, host)?.name ?? 'none';
      const others = d.hosts.filter((h) => h !== host);
      out.push({
        ...base(SEGMENTATION_RULES.duplicateAeTitle),
        subject: `ae:${d.aeTitle}>${host}`,
        fromZone: zone,
        toZone: zone,
        host,
        port: acceptorPort ?? 0,
        evidence: `AE title ${d.aeTitle} is used by ${host} (${mine.map((e) => `${e.role} in ${e.associations} association(s)`).join(', ')}) and also by ${others.join(', ')} in the capture`,
      });
    }
  return out;
}
