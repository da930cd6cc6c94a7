/**
 * Renders the executive report as a PDF (pdfkit, built-in Helvetica, no external assets): page 1 the five-practice
 * scorecard and the top risks in plain words, page 2 the end-of-support timeline chart and the replacement plan,
 * then practice 4's zone matrix and diagram (executive-segmentation-pdf.ts).
 * Deterministic for a given report (creation date from the report), so its text can be tested with pdftotext.
 */
import type { ExecutiveReport, PracticeScore } from './executive.js';
import { segmentationPage } from './executive-segmentation-pdf.js';

const COLORS: Record<PracticeScore['status'], string> = {
  'at-risk': '#c0392b',
  'needs-work': '#d68910',
  good: '#1e8449',
  'not-assessed': '#7f8c8d',
};
const LABEL: Record<PracticeScore['status'], string> = {
  'at-risk': 'AT RISK',
  'needs-work': 'NEEDS WORK',
  good: 'GOOD',
  'not-assessed': 'NOT ASSESSED',
};
const SEV = ['critical', 'high', 'medium', 'low', 'info'];

export async function executivePdf(r: ExecutiveReport): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit'); // loaded on use, not at every command's start-up
  const at = new Date(r.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: {
      Title: 'Radguard executive report',
      Author: 'radguard',
      Producer: 'radguard',
      Creator: 'radguard',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const W = doc.page.width - 80;

  doc.font('Helvetica-Bold').fontSize(18).text('Imaging network security: executive summary');
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(`${r.site} · generated ${r.generatedAt.slice(0, 10)} · ${r.assets} devices in the inventory · ${r.scans} scans`);
  doc
    .moveDown(0.4)
    .fillColor('#000')
    .fontSize(10)
    .text(`Open findings: ${SEV.map((s) => `${r.openBySeverity[s] ?? 0} ${s}`).join(', ')}.`);

  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text('Scorecard: the five practices');
  doc.moveDown(0.3);
  for (const p of r.practices) {
    const y = doc.y;
    doc.roundedRect(40, y, 86, 16, 3).fill(COLORS[p.status]);
    doc
      .fillColor('#fff')
      .font('Helvetica-Bold')
      .fontSize(8)
      .text(LABEL[p.status], 40, y + 4.5, { width: 86, align: 'center' });
    doc
      .fillColor('#000')
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${p.id}. ${p.title}`, 136, y, { width: W - 96 });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#333')
      .text(p.summary, 136, doc.y, { width: W - 96 });
    doc.fillColor('#000');
    doc.y = Math.max(doc.y, y + 18) + 6;
  }

  doc.x = 40;
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).text('Top risks', 40);
  doc.moveDown(0.3).font('Helvetica').fontSize(9.5);
  if (r.topRisks.length === 0) doc.text('No open findings.');
  r.topRisks.forEach((t, i) => doc.text(`${i + 1}. [${t.severity}] ${t.text}`, 40, doc.y, { width: W, paragraphGap: 3 }));

  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(13).text('End-of-support timeline');
  timeline(doc, r, at, W);

  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#000').text('Replacement plan (risk-ranked)', 40);
  doc.moveDown(0.3);
  const cols = [
    { h: '#', w: 22 },
    { h: 'Device', w: 110 },
    { h: 'Criticality', w: 62 },
    { h: 'Support ends', w: 66 },
    { h: 'Score', w: 36 },
    { h: 'Why', w: W - 296 },
  ];
  const row = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = 40;
    let bottom = y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: cols[i]!.w - 4 });
      bottom = Math.max(bottom, doc.y);
      x += cols[i]!.w;
    });
    doc.y = bottom + 3;
    if (doc.y > doc.page.height - 60) doc.addPage();
  };
  row(
    cols.map((c) => c.h),
    true,
  );
  if (r.plan.length === 0) doc.font('Helvetica').fontSize(9).text('No devices in the inventory yet.', 40);
  for (const p of r.plan)
    row([String(p.rank), p.name ?? p.assetId, p.criticality, p.supportEnds ?? 'unknown', String(p.score), p.why], false);

  doc.addPage();
  segmentationPage(doc, r.segmentation, W, r.practices.find((p) => p.id === 4)?.summary);
  doc.end();
  return done;
}

function timeline(doc: PDFKit.PDFDocument, r: ExecutiveReport, at: Date, W: number): void {
  doc.moveDown(0.3);
  if (r.timeline.length === 0) {
    doc.font('Helvetica').fontSize(9).text('No device has a known end-of-support date yet.');
    return;
  }
  const year = at.getUTCFullYear();
  const first = Math.min(year - 2, ...r.timeline.map((t) => Number(t.date.slice(0, 4))));
  const last = Math.max(year + 4, ...r.timeline.map((t) => Number(t.date.slice(0, 4)) + 1));
  const x0 = 190;
  const x1 = 40 + W;
  const top = doc.y + 14;
  const rowH = 13;
  const xOf = (d: Date) => x0 + ((d.getTime() - Date.UTC(first, 0, 1)) / (Date.UTC(last, 0, 1) - Date.UTC(first, 0, 1))) * (x1 - x0);
  doc.font('Helvetica').fontSize(7).fillColor('#555');
  for (let y = first; y <= last; y++) {
    const x = xOf(new Date(Date.UTC(y, 0, 1)));
    doc
      .moveTo(x, top - 4)
      .lineTo(x, top + r.timeline.length * rowH)
      .strokeColor('#ddd')
      .lineWidth(0.5)
      .stroke();
    if (y < last) doc.text(String(y), x + 2, top - 12, { lineBreak: false });
  }
  const today = xOf(at);
  doc
    .moveTo(today, top - 6)
    .lineTo(today, top + r.timeline.length * rowH)
    .strokeColor('#2c3e50')
    .lineWidth(1)
    .stroke();
  doc.fillColor('#2c3e50').text('today', today + 2, top + r.timeline.length * rowH + 2, { lineBreak: false });
  r.timeline.forEach((t, i) => {
    const y = top + i * rowH;
    const d = new Date(`${t.date}T00:00:00Z`);
    const months = (d.getTime() - at.getTime()) / (30.44 * 86_400_000);
    const color = months <= 0 ? '#c0392b' : months <= 12 ? '#d68910' : '#1e8449';
    doc
      .fillColor('#000')
      .fontSize(7.5)
      .text(`${t.label}`.slice(0, 34), 40, y + 2, { width: 145, lineBreak: false });
    // the bar spans today to the end of support: time left (green/amber) or time already out of support (red)
    doc
      .moveTo(today, y + 6)
      .lineTo(xOf(d), y + 6)
      .strokeColor(color)
      .lineWidth(3)
      .stroke();
    doc.circle(xOf(d), y + 6, 3).fill(color);
    doc
      .fillColor('#333')
      .fontSize(6.5)
      .text(`${t.date} ${t.what === 'device' ? '' : t.what}`.trim(), Math.min(xOf(d) + 5, x1 - 90), y + 2, { lineBreak: false });
  });
  doc.fillColor('#000');
  doc.y = top + r.timeline.length * rowH + 14;
  doc.x = 40;
}
