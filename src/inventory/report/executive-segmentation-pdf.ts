/**
 * The executive PDF's practice-4 page ("keep systems separate"): the zone matrix of the newest segmentation check
 * (rows: from zone, columns: to zone; each cell coloured by verdict with the policy's allowed services and the ports
 * observed) and the zone diagram drawn with pdfkit's own vector calls from the same geometry as the SVG
 * (src/segmentation/diagram.ts, carried in the view) — no SVG renderer needed — then the violations and what was
 * not assessed.
 */
/**
 * What the page draws: the shape of src/segmentation/view.ts's SegmentationView, diagram geometry included. The
 * inventory layer does not import segmentation (src/architecture.test.ts); the CLI and the API pass the view in.
 */
export interface ZoneMatrixPage {
  readonly checkId: string;
  readonly at: string;
  readonly source: 'scan' | 'traffic';
  readonly site: string | null;
  readonly zones: readonly { readonly name: string }[];
  readonly matrix: readonly MatrixViewCell[];
  readonly violations: readonly {
    readonly severity: string;
    readonly fromZone: string;
    readonly toZone: string;
    readonly host: string;
    readonly protocol: string;
    readonly port: number;
    readonly service: string | null;
    readonly title: string;
  }[];
  readonly notAssessed: readonly { readonly reason: string }[];
  readonly diagram: {
    readonly width: number;
    readonly height: number;
    readonly boxW: number;
    readonly boxH: number;
    readonly legendH: number;
    readonly top: number;
    readonly boxes: readonly { readonly name: string; readonly purpose: string; readonly cidrs: string; readonly centre: Point }[];
    readonly arrows: readonly { readonly status: 'violation' | 'allowed'; readonly start: Point; readonly end: Point; readonly label: string; readonly labelAt: Point }[];
    readonly notAssessedPairs: number;
  };
}

interface Point {
  readonly x: number;
  readonly y: number;
}

interface MatrixViewCell {
  readonly from: string;
  readonly to: string;
  readonly status: 'violation' | 'allowed-only' | 'nothing-observed' | 'not-assessed';
  readonly allowed: readonly string[];
  readonly allowedServices: readonly string[];
  readonly observed: readonly { readonly port: number; readonly allowedBy: number | null }[];
  readonly violations: number;
}

const CELL: Record<MatrixViewCell['status'], { fill: string; label: string }> = {
  violation: { fill: '#f5b7b1', label: 'VIOLATION' },
  'allowed-only': { fill: '#abebc6', label: 'allowed only' },
  'nothing-observed': { fill: '#f4f6f7', label: 'nothing seen' },
  'not-assessed': { fill: '#d5d8dc', label: 'not assessed' },
};
const ARROW = { violation: '#c62828', allowed: '#2e7d32' } as const;

const ports = (c: MatrixViewCell) => {
  const list = [...new Set(c.observed.map((o) => `${o.port}${o.allowedBy === null ? '!' : ''}`))];
  return list.length > 6 ? `${list.slice(0, 6).join(' ')} +${list.length - 6}` : list.join(' ');
};

/** `none`: what to say without a check (the scorecard's practice-4 sentence, e.g. why a scoped reader sees none). */
export function segmentationPage(doc: PDFKit.PDFDocument, v: ZoneMatrixPage | null, W: number, none?: string): void {
  doc.font('Helvetica-Bold').fontSize(13).fillColor('#000').text('Practice 4: keep systems separate - zone matrix', 40);
  doc.font('Helvetica').fontSize(9).fillColor('#333');
  if (!v) {
    doc.moveDown(0.3).text(none ?? 'Not assessed: no zone policy has been verified yet.', { width: W });
    doc.moveDown(0.3).text('To assess it: write the zone policy (radguard zones template), scan from a host in each zone (radguard scan --zone NAME) and run radguard segmentation check --policy FILE, or import traffic (radguard traffic import --policy FILE).', { width: W });
    return;
  }
  const how = v.source === 'scan' ? 'active: ports open as seen from a vantage in each zone' : 'passive: flows in imported traffic';
  doc.moveDown(0.2).text(`${v.site ?? 'Zone policy'} · check ${v.checkId} of ${v.at.slice(0, 16).replace('T', ' ')} UTC (${how}) · ${v.violations.length} violation(s)`, { width: W });
  doc.text('Rows: from zone; columns: to zone. Each cell: the verdict, the services the policy allows, the ports observed (! = not allowed).', { width: W });

  // The matrix
  const names = v.zones.map((z) => z.name);
  const head = 74;
  const cw = Math.min(110, (W - head) / Math.max(names.length, 1));
  const ch = 34;
  let y = doc.y + 6;
  doc.font('Helvetica-Bold').fontSize(7.5).fillColor('#000');
  names.forEach((n, i) => doc.text(`to ${n}`, 40 + head + i * cw + 2, y, { width: cw - 4, lineBreak: false, ellipsis: true }));
  y += 12;
  for (const from of names) {
    doc.font('Helvetica-Bold').fontSize(7.5).fillColor('#000').text(from, 40, y + 3, { width: head - 4, lineBreak: false, ellipsis: true });
    names.forEach((to, i) => {
      const x = 40 + head + i * cw;
      doc.rect(x, y, cw, ch).lineWidth(0.5).fillAndStroke(from === to ? '#ffffff' : CELL[v.matrix.find((c) => c.from === from && c.to === to)?.status ?? 'not-assessed'].fill, '#999');
      if (from === to) return;
      const c = v.matrix.find((m) => m.from === from && m.to === to);
      if (!c) return;
      const label = c.status === 'violation' ? `${CELL[c.status].label} (${c.violations})` : CELL[c.status].label;
      doc.font('Helvetica-Bold').fontSize(6.5).fillColor('#000').text(label, x + 2, y + 2, { width: cw - 4, lineBreak: false, ellipsis: true });
      const allowed = c.allowedServices.length ? c.allowedServices.join(', ') : c.allowed.length ? c.allowed.join(', ') : 'nothing';
      doc.font('Helvetica').fontSize(6).text(`allows: ${allowed}`, x + 2, y + 12, { width: cw - 4, lineBreak: false, ellipsis: true });
      if (c.observed.length) doc.text(`seen: ${ports(c)}`, x + 2, y + 22, { width: cw - 4, lineBreak: false, ellipsis: true });
    });
    y += ch;
  }

  // The diagram, scaled into the rest of the page width
  const d = v.diagram;
  const { boxW: BOX_W, boxH: BOX_H, top } = d; // the layout leaves room above the boxes for the SVG's title, not needed here
  const contentH = d.height - d.legendH - 90;
  const maxH = doc.page.height - 70 - (y + 12);
  const s = Math.min(W / d.width, Math.max(maxH, 220) / contentH);
  if (y + 12 + contentH * s > doc.page.height - 60) {
    doc.addPage();
    y = 40;
  } else y += 12;
  const ox = 40 + (W - d.width * s) / 2;
  const oy = y - top * s;
  const X = (x: number) => ox + x * s;
  const Y = (yy: number) => oy + yy * s;
  doc.save();
  for (const b of d.boxes) {
    doc.roundedRect(X(b.centre.x - BOX_W / 2), Y(b.centre.y - BOX_H / 2), BOX_W * s, BOX_H * s, 6 * s).lineWidth(0.8).fillAndStroke('#eef3f8', '#37474f');
    doc.fillColor('#000').font('Helvetica-Bold').fontSize(11 * s + 2).text(b.name, X(b.centre.x - BOX_W / 2), Y(b.centre.y - 24), { width: BOX_W * s, align: 'center', lineBreak: false });
    doc.fillColor('#455a64').font('Helvetica').fontSize(9 * s + 1.5).text(b.purpose, X(b.centre.x - BOX_W / 2), Y(b.centre.y - 2), { width: BOX_W * s, align: 'center', lineBreak: false });
    doc.text(b.cidrs, X(b.centre.x - BOX_W / 2) + 4, Y(b.centre.y + 16), { width: BOX_W * s - 8, align: 'center', lineBreak: false, ellipsis: true });
  }
  for (const a of d.arrows) {
    const colour = ARROW[a.status];
    const [x1, y1, x2, y2] = [X(a.start.x), Y(a.start.y), X(a.end.x), Y(a.end.y)];
    const len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
    const head = 7;
    doc.moveTo(x1, y1).lineTo(x2 - ux * head, y2 - uy * head).lineWidth(a.status === 'violation' ? 1.8 : 1.2).strokeColor(colour).stroke();
    doc.polygon([x2, y2], [x2 - ux * head - uy * head * 0.5, y2 - uy * head + ux * head * 0.5], [x2 - ux * head + uy * head * 0.5, y2 - uy * head - ux * head * 0.5]).fill(colour);
    doc.font('Helvetica-Bold').fontSize(7.5);
    const tw = doc.widthOfString(a.label);
    doc.rect(X(a.labelAt.x) - tw / 2 - 1, Y(a.labelAt.y) - 5, tw + 2, 10).fill('#ffffff');
    doc.fillColor(colour).text(a.label, X(a.labelAt.x) - tw / 2, Y(a.labelAt.y) - 3.5, { lineBreak: false });
  }
  doc.restore();
  doc.x = 40;
  doc.y = Y(top + contentH) + 6;
  doc.font('Helvetica').fontSize(7.5).fillColor('#455a64').text(`Arrows: observed cross-zone flows: green allowed by the zone policy, red breaks it (port marked !). ${d.notAssessedPairs} zone pair(s) not assessed: no arrow does not mean blocked there.`, 40, doc.y, { width: W });

  // Violations and gaps, in words
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).fillColor('#000').text('Violations', 40);
  doc.font('Helvetica').fontSize(8.5);
  if (!v.violations.length) doc.text('None in what was assessed.', 40);
  for (const x of v.violations.slice(0, 12)) {
    if (doc.y > doc.page.height - 70) doc.addPage();
    doc.text(`[${x.severity}] ${x.fromZone} -> ${x.toZone} ${x.host} ${x.protocol}/${x.port}${x.service ? ` (${x.service})` : ''}: ${x.title}.`, 40, doc.y, { width: W, paragraphGap: 2 });
  }
  if (v.violations.length > 12) doc.text(`… and ${v.violations.length - 12} more (radguard segmentation findings).`, 40);
  if (v.notAssessed.length) {
    if (doc.y > doc.page.height - 90) doc.addPage();
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text('Not assessed', 40);
    doc.font('Helvetica').fontSize(8.5);
    for (const n of v.notAssessed.slice(0, 10)) doc.text(`• ${n.reason}`, 40, doc.y, { width: W });
    if (v.notAssessed.length > 10) doc.text(`… and ${v.notAssessed.length - 10} more.`, 40);
  }
}
