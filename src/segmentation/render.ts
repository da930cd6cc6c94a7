/** Plain-text rendering of a segmentation result: the zone matrix (allowed vs observed), violations, gaps. */
import type { SegmentationResult } from './check.js';
import type { DicomFinding } from './dicom-findings.js';

const MARK: Record<string, string> = { violation: 'VIOLATION', 'allowed-only': 'ok', 'nothing-observed': '-', 'not-assessed': 'not assessed' };

export function renderResult(r: SegmentationResult): string {
  const out: string[] = [];
  out.push(`Zone matrix (${r.source === 'scan' ? 'active: open ports seen from each vantage' : 'passive: flows in traffic'})`);
  for (const c of r.matrix) {
    if (c.status === 'nothing-observed' && c.allowed.length === 0) continue;
    const obs = c.observed.map((o) => `${o.host}:${o.port}${o.allowedBy === null ? '!' : ''}`).join(' ');
    out.push(`  ${`${c.from} → ${c.to}`.padEnd(28)} ${MARK[c.status]!.padEnd(13)} allowed: ${c.allowed.join(', ') || 'nothing'}${obs ? `  observed: ${obs}` : ''}`);
  }
  out.push('', r.violations.length ? `${r.violations.length} violation(s):` : 'No violations in what was assessed.');
  for (const v of r.violations) out.push(`  [${v.severity}] ${v.ruleId}: ${v.evidence}`);
  if (r.notAssessed.length) {
    out.push('', 'Not assessed:');
    for (const n of r.notAssessed) out.push(`  ${n.reason}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderDicomFindings(list: readonly DicomFinding[]): string {
  if (!list.length) return '';
  return `\n${list.length} DICOM finding(s):\n${list.map((f) => `  [${f.severity}] ${f.ruleId}: ${f.evidence}\n`).join('')}`;
}
