/**
 * The presentation of one stored segmentation check, as the report, the API and the web console show it: the zone
 * matrix with, per ordered zone pair, what the policy allows (ports and service names), what was observed (open
 * ports or flows), how many violations, and why it was not assessed — plus the violations and the not-assessed
 * list. Works on the result JSON of any stored check, including ones made before a field was added.
 */
import type { MatrixCell, ObservedPort, SegmentationResult, Violation } from './check.js';
import { layoutDiagram, type DiagramLayout } from './diagram.js';
import { serviceName } from './services.js';

export interface MatrixViewCell {
  readonly from: string;
  readonly to: string;
  readonly status: MatrixCell['status'];
  readonly allowed: readonly string[]; // "tcp/104", "tcp/443 on 10.20.20.10/32"
  readonly allowedServices: readonly string[]; // service names of the allowed ports, e.g. ["dicom", "hl7"]
  readonly observed: readonly ObservedPort[]; // allowedBy: the index of the allow rule, null when not allowed
  readonly violations: number;
  readonly notAssessed: string | null; // the reason, when the pair was not assessed
}

export interface SegmentationView {
  readonly checkId: string;
  readonly at: string;
  readonly source: 'scan' | 'traffic';
  readonly site: string | null;
  readonly zones: SegmentationResult['zones'];
  readonly matrix: readonly MatrixViewCell[];
  readonly violations: readonly Violation[];
  readonly notAssessed: SegmentationResult['notAssessed'];
  /** The zone diagram's geometry (what svg.ts draws), for renderers that draw it themselves (the executive PDF). */
  readonly diagram: DiagramLayout;
}

export interface StoredCheck {
  readonly id: string;
  readonly at: string;
  readonly source: 'scan' | 'traffic';
  readonly site: string | null;
  readonly result: SegmentationResult;
}

/** "tcp/104" or "tcp/8000-8100 on 10.0.0.5/32" → the service name of its first port, when it has one. */
const serviceOf = (allowance: string): string | null => {
  const m = /^(tcp|udp)\/(\d+)/.exec(allowance);
  if (!m) return null;
  if (m[1] === 'udp') return m[2] === '53' ? 'dns' : m[2] === '123' ? 'ntp' : null;
  return serviceName(Number(m[2]));
};

export function segmentationView(check: StoredCheck): SegmentationView {
  const r = check.result;
  const outside = new Set(r.zones.filter((z) => z.purpose === 'outside').map((z) => z.name));
  const vantageZones = new Set(r.vantages.map((v) => v.zone));
  // Nobody scans from the internet side: "no vantage in the outside zone" is noise in the list (checks stored
  // before this was filtered at the source still carry it); the outside row of the matrix still says why.
  const isOutsideVantageNoise = (n: { from: string; to: string | null }) => n.to === null && outside.has(n.from) && !vantageZones.has(n.from);
  const reasonFor = (from: string, to: string): string | null =>
    r.notAssessed.find((n) => n.from === from && n.to === to)?.reason ??
    r.notAssessed.find((n) => n.from === from && n.to === null)?.reason ??
    (outside.has(from) && !vantageZones.has(from)
      ? r.source === 'scan'
        ? `no scan from the outside zone "${from}" (reachability from the internet side needs a scan from there)`
        : `no traffic from the outside zone "${from}" in the imported flows`
      : 'not assessed');
  const matrix = r.matrix.map((c): MatrixViewCell => {
    const services = [...new Set(c.allowed.map(serviceOf).filter((s): s is string => s !== null))];
    return {
      from: c.from,
      to: c.to,
      status: c.status,
      allowed: c.allowed,
      allowedServices: services,
      observed: c.observed,
      violations: r.violations.filter((v) => v.fromZone === c.from && v.toZone === c.to).length,
      notAssessed: c.status === 'not-assessed' ? reasonFor(c.from, c.to) : null,
    };
  });
  return {
    checkId: check.id,
    at: check.at,
    source: check.source,
    site: check.site,
    zones: r.zones,
    matrix,
    violations: r.violations,
    notAssessed: r.notAssessed.filter((n) => !isOutsideVantageNoise(n)),
    diagram: layoutDiagram(r),
  };
}
