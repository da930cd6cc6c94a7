/**
 * The geometry of the zone diagram, shared by the SVG (svg.ts) and the executive PDF's practice-4 page, so both
 * draw the same picture: zones as boxes on a circle (every pair gets a straight arrow that crosses no other box for
 * up to ~8 zones), one arrow per ordered zone pair with observed flows — "violation" when anything on it breaks
 * the policy, "allowed" when all of it is allowed — labelled with the ports seen ("tcp/25!" marks a denied one).
 * Pure arithmetic, no text escaping: each renderer escapes for its own format.
 */
import type { MatrixCell, SegmentationResult } from './check.js';

export const BOX_W = 200;
export const BOX_H = 76;
export const LEGEND_H = 70;
const TOP = 60;
const MAX_PORT_LABELS = 4;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface ZoneBox {
  readonly name: string;
  readonly purpose: string;
  readonly cidrs: string; // "every other address" for a catch-all outside zone
  readonly centre: Point;
}

export interface FlowArrow {
  readonly from: string;
  readonly to: string;
  readonly status: 'violation' | 'allowed';
  readonly start: Point;
  readonly end: Point;
  readonly label: string;
  readonly labelAt: Point;
  readonly detail: string; // every observed host:port, for a tooltip
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly boxW: number;
  readonly boxH: number;
  readonly legendH: number;
  readonly top: number; // y of the first box's top edge: room above for a title
  readonly boxes: readonly ZoneBox[];
  readonly arrows: readonly FlowArrow[];
  readonly violations: number;
  readonly notAssessedPairs: number;
}

/** Where the ray from a box's centre towards `to` leaves the box (so arrows end on the border, not the centre). */
function borderPoint(c: Point, to: Point): Point {
  const dx = to.x - c.x;
  const dy = to.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const t = Math.min(dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx), dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy));
  return { x: c.x + dx * t, y: c.y + dy * t };
}

/** The ports an arrow is labelled with: "tcp/104", "tcp/25!" (the "!" marks a denied one), at most a few. */
export function portLabel(cell: Pick<MatrixCell, 'observed'>): string {
  const ports = new Map<string, boolean>();
  for (const o of cell.observed) {
    const k = `${o.protocol}/${o.port}`;
    ports.set(k, (ports.get(k) ?? false) || o.allowedBy === null);
  }
  const parts = [...ports].map(([p, bad]) => `${p}${bad ? '!' : ''}`);
  return parts.length > MAX_PORT_LABELS ? `${parts.slice(0, MAX_PORT_LABELS).join(', ')} +${parts.length - MAX_PORT_LABELS}` : parts.join(', ');
}

export function layoutDiagram(r: Pick<SegmentationResult, 'zones' | 'matrix' | 'violations'>): DiagramLayout {
  const n = r.zones.length;
  const radius = n <= 1 ? 0 : Math.max(170, (n * (BOX_W + 40)) / (2 * Math.PI));
  const width = Math.ceil(2 * radius + BOX_W + 120);
  const height = Math.ceil(2 * radius + BOX_H + 90 + LEGEND_H);
  const centre: Point = { x: width / 2, y: TOP + radius + BOX_H / 2 };
  const boxes: ZoneBox[] = r.zones.map((z, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
    return { name: z.name, purpose: z.purpose, cidrs: z.cidrs.length ? z.cidrs.join(', ') : 'every other address', centre: { x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a) } };
  });
  const pos = new Map(boxes.map((b) => [b.name, b.centre]));
  const observed = r.matrix.filter((c) => c.observed.length > 0);
  const pairs = new Set(observed.map((c) => `${c.from}\u0000${c.to}`));
  const arrows: FlowArrow[] = [];
  for (const c of observed) {
    const a = pos.get(c.from);
    const b = pos.get(c.to);
    if (!a || !b) continue;
    // Both directions observed: shift each arrow sideways so they do not overlap, and label them at different spots.
    const both = pairs.has(`${c.to}\u0000${c.from}`);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const off = both ? 12 : 0;
    const nx = (-(b.y - a.y) / len) * off;
    const ny = ((b.x - a.x) / len) * off;
    const s = borderPoint(a, b);
    const e = borderPoint(b, a);
    const start = { x: s.x + nx, y: s.y + ny };
    const end = { x: e.x + nx, y: e.y + ny };
    const t = both ? 0.4 : 0.5;
    arrows.push({
      from: c.from,
      to: c.to,
      status: c.observed.some((o) => o.allowedBy === null) ? 'violation' : 'allowed',
      start,
      end,
      label: portLabel(c),
      labelAt: { x: start.x + (end.x - start.x) * t + nx, y: start.y + (end.y - start.y) * t + ny },
      detail: c.observed.map((o) => `${o.host}:${o.protocol}/${o.port}${o.allowedBy === null ? ' (not allowed)' : ''}`).join(', '),
    });
  }
  return { width, height, boxW: BOX_W, boxH: BOX_H, legendH: LEGEND_H, top: TOP, boxes, arrows, violations: r.violations.length, notAssessedPairs: r.matrix.filter((c) => c.status === 'not-assessed').length };
}
