/**
 * The zone diagram of a segmentation result as a standalone SVG document: each zone a box (name, purpose, address
 * blocks), each observed cross-zone flow one arrow per ordered zone pair — red when anything on it breaks the
 * policy, green when all of it is allowed — labelled with the ports seen, and a legend. Pure string building, no
 * browser; every piece of text (site, zone names, CIDRs, ports) is XML-escaped. Elements carry `data-` attributes
 * so tools and tests can read the diagram back.
 */
import type { SegmentationResult } from './check.js';
import { BOX_H, BOX_W, LEGEND_H, layoutDiagram } from './diagram.js';

const COLOUR = { violation: '#c62828', allowed: '#2e7d32' } as const;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

export function renderSvg(r: SegmentationResult, opts: { site?: string | null } = {}): string {
  const { width, height, boxes, arrows, notAssessedPairs } = layoutDiagram(r);
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

  for (const z of boxes) {
    const p = z.centre;
    const short = z.cidrs.length > 34 ? `${z.cidrs.slice(0, 33)}…` : z.cidrs;
    out.push(`<g class="zone" data-zone="${escapeXml(z.name)}" data-purpose="${escapeXml(z.purpose)}">`);
    out.push(`<rect x="${num(p.x - BOX_W / 2)}" y="${num(p.y - BOX_H / 2)}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="#eef3f8" stroke="#37474f"/>`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y - 12)}" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(z.name)}</text>`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y + 6)}" text-anchor="middle" fill="#455a64">${escapeXml(z.purpose)}</text>`);
    out.push(`<text x="${num(p.x)}" y="${num(p.y + 24)}" text-anchor="middle" fill="#455a64" font-size="11"><title>${escapeXml(z.cidrs)}</title>${escapeXml(short)}</text>`);
    out.push('</g>');
  }

  for (const a of arrows) {
    out.push(`<g class="flow" data-from="${escapeXml(a.from)}" data-to="${escapeXml(a.to)}" data-status="${a.status}" data-ports="${escapeXml(a.label)}">`);
    out.push(`<title>${escapeXml(`${a.from} → ${a.to}: ${a.detail}`)}</title>`);
    out.push(`<line x1="${num(a.start.x)}" y1="${num(a.start.y)}" x2="${num(a.end.x)}" y2="${num(a.end.y)}" stroke="${COLOUR[a.status]}" stroke-width="${a.status === 'violation' ? 2.5 : 1.8}" marker-end="url(#arrow-${a.status})"/>`);
    // a white halo keeps the label readable over lines
    out.push(
      `<text x="${num(a.labelAt.x)}" y="${num(a.labelAt.y + 4)}" text-anchor="middle" fill="${COLOUR[a.status]}" font-size="11" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(a.label)}</text>`,
    );
    out.push('</g>');
  }

  const ly = height - LEGEND_H + 16;
  out.push(`<g class="legend">`);
  out.push(`<line x1="16" y1="${ly}" x2="56" y2="${ly}" stroke="${COLOUR.allowed}" stroke-width="1.8" marker-end="url(#arrow-allowed)"/>`);
  out.push(`<text x="64" y="${ly + 4}">observed flow, allowed by the zone policy</text>`);
  out.push(`<line x1="16" y1="${ly + 22}" x2="56" y2="${ly + 22}" stroke="${COLOUR.violation}" stroke-width="2.5" marker-end="url(#arrow-violation)"/>`);
  out.push(`<text x="64" y="${ly + 26}">observed flow that breaks the policy (port marked !)</text>`);
  out.push(`<text x="16" y="${ly + 48}" fill="#455a64">${escapeXml(`${r.violations.length} violation(s); ${notAssessedPairs} zone pair(s) not assessed (no arrow does not mean blocked there)`)}</text>`);
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
