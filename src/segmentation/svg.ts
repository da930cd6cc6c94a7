/**
 * The zone diagram of a segmentation result as a standalone SVG document: each zone a box (name, purpose, address
 * blocks), each observed cross-zone flow one arrow per ordered zone pair — red when anything on it breaks the
 * policy, green when all of it is allowed — labelled with the ports seen, and a legend. Pure string building, no
 * browser; every piece of text (site, zone names, CIDRs, ports) is XML-escaped. Elements carry `data-` attributes
 * so tools and tests can read the diagram back.
 */
import type { MatrixCell, SegmentationResult } from './check.js';

const BOX_W = 200;
const BOX_H = 76;
const COLOUR = { violation: '#c62828', allowed: '#2e7d32' } as const;
const MAX_PORT_LABELS = 4;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

interface Point {
  x: number;
  y: number;
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
function portLabel(cell: MatrixCell): string {
  const ports = new Map<string, boolean>();
  for (const o of cell.observed) {
    const k = `${o.protocol}/${o.port}`;
    ports.set(k, (ports.get(k) ?? false) || o.allowedBy === null);
  }
  const parts = [...ports].map(([p, bad]) => `${p}${bad ? '!' : ''}`);
  return parts.length > MAX_PORT_LABELS ? `${parts.slice(0, MAX_PORT_LABELS).join(', ')} +${parts.length - MAX_PORT_LABELS}` : parts.join(', ');
}

export function renderSvg(r: SegmentationResult, opts: { site?: string | null } = {}): string {
  const n = r.zones.length;
  // Zones on a circle: every pair gets a straight arrow that crosses no other box for up to ~8 zones.
  const radius = n <= 1 ? 0 : Math.max(170, (n * (BOX_W + 40)) / (2 * Math.PI));
  const width = Math.ceil(2 * radius + BOX_W + 120);
  const legendH = 70;
  const height = Math.ceil(2 * radius + BOX_H + 90 + legendH);
  const centre: Point = { x: width / 2, y: 60 + radius + BOX_H / 2 };
  const pos = new Map<string, Point>();
  r.zones.forEach((z, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
    pos.set(z.name, { x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a) });
  });

  const title = `Zone diagram${opts.site ? ` — ${opts.site}` : ''} (${r.source === 'scan' ? 'active: open ports seen from each vantage' : 'passive: flows in traffic'})`;
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push('<defs>');
  for (const [name, colour] of Object.entries(COLOUR))
    out.push(`<marker id="arrow-${name}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`);
  out.push('</defs>');
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="16" y="28" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);

  for (const z of r.zones) {
    const p = pos.get(z.name)!;
    const cidrs = z.cidrs.length ? z.cidrs.join(', ') : 'every other address';
    const short = cidrs.length > 34 ? `${cidrs.slice(0, 33)}…` : cidrs;
    out.push(`<g class="zone" data-zone="${escapeXml(z.name)}" data-purpose="${escapeXml(z.purpose)}">`);
    out.push(`<rect x="${num(p.x - BOX_W / 2)}" y="${num(p.y - BOX_H / 2)}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="#eef3f8" stroke="#37474f"/>`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y - 12)}" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(z.name)}</text>`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y + 6)}" text-anchor="middle" fill="#455a64">${escapeXml(z.purpose)}</text>`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y + 24)}" text-anchor="middle" fill="#455a64" font-size="11"><title>${escapeXml(cidrs)}</title>${escapeXml(short)}</text>`);
    out.push('</g>');
  }

  const observed = r.matrix.filter((c) => c.observed.length > 0);
  const pairs = new Set(observed.map((c) => `${c.from}\u0000${c.to}`));
  for (const c of observed) {
    const a = pos.get(c.from);
    const b = pos.get(c.to);
    if (!a || !b) continue;
    const status = c.observed.some((o) => o.allowedBy === null) ? 'violation' : 'allowed';
    // Both directions observed: shift each arrow sideways so they do not overlap.
    const both = pairs.has(`${c.to}\u0000${c.from}`);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const off = both ? 12 : 0;
    const nx = (-(b.y - a.y) / len) * off;
    const ny = ((b.x - a.x) / len) * off;
    const s = borderPoint(a, b);
    const e = borderPoint(b, a);
    const x1 = s.x + nx;
    const y1 = s.y + ny;
    const x2 = e.x + nx;
    const y2 = e.y + ny;
    const label = portLabel(c);
    const detail = c.observed.map((o) => `${o.host}:${o.protocol}/${o.port}${o.allowedBy === null ? ' (not allowed)' : ''}`).join(', ');
    out.push(`<g class="flow" data-from="${escapeXml(c.from)}" data-to="${escapeXml(c.to)}" data-status="${status}" data-ports="${escapeXml(label)}">`);
    out.push(`<title>${escapeXml(`${c.from} → ${c.to}: ${detail}`)}</title>`);
    out.push(`<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${COLOUR[status]}" stroke-width="${status === 'violation' ? 2.5 : 1.8}" marker-end="url(#arrow-${status})"/>`);
    // label a little before the middle, so the two arrows of a pair do not label the same spot; a white halo keeps it readable over lines
    const t = both ? 0.4 : 0.5;
    out.push(
      `<text x="${num(x1 + (x2 - x1) * t + nx)}" y="${num(y1 + (y2 - y1) * t + ny + 4)}" text-anchor="middle" fill="${COLOUR[status]}" font-size="11" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(label)}</text>`,
    );
    out.push('</g>');
  }

  const ly = height - legendH + 16;
  out.push(`<g class="legend">`);
  out.push(`<line x1="16" y1="${ly}" x2="56" y2="${ly}" stroke="${COLOUR.allowed}" stroke-width="1.8" marker-end="url(#arrow-allowed)"/>`);
  out.push(`<text x="64" y="${ly + 4}">observed flow, allowed by the zone policy</text>`);
  out.push(`<line x1="16" y1="${ly + 22}" x2="56" y2="${ly + 22}" stroke="${COLOUR.violation}" stroke-width="2.5" marker-end="url(#arrow-violation)"/>`);
  out.push(`<text x="64" y="${ly + 26}">observed flow that breaks the policy (port marked !)</text>`);
  const na = r.matrix.filter((c) => c.status === 'not-assessed').length;
  out.push(`<text x="16" y="${ly + 48}" fill="#455a64">${escapeXml(`${r.violations.length} violation(s); ${na} zone pair(s) not assessed (no arrow does not mean blocked there)`)}</text>`);
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
