/**
 * Practice 4 in `radguard report`: the newest stored segmentation check becomes the JSON report's zone matrix and
 * the executive PDF's practice-4 page (matrix, diagram drawn from the SVG's geometry, violations, gaps), checked
 * with pdftotext; a PNG render goes to artifacts/segmentation/ to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { commandsAvailable } from '../../../test/peers/require.js';
import { checkScans } from '../../segmentation/check.js';
import { parsePolicy } from '../../segmentation/policy.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-seg-report-'));
const db = join(dir, 'r.db');
const artifacts = new URL('../../../artifacts/segmentation/', import.meta.url).pathname;

const policy = parsePolicy(`version: 1
site: Example General
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom, hl7] }
  - { from: office, to: pacs, services: [https], hosts: [10.2.0.10] }
`);

beforeAll(() => {
  SqliteScanStore.open(db).close(); // migrations
  const result = checkScans(
    policy,
    [
      { scanId: 's1', zoneLabel: 'office', sourceAddress: '10.3.0.9', startedAt: '2026-01-01T10:00:00Z', hosts: ['10.1.0.5', '10.2.0.10'] },
      { scanId: 's2', zoneLabel: 'imaging', sourceAddress: '10.1.0.99', startedAt: '2026-01-01T11:00:00Z', hosts: ['10.2.0.10', '192.0.2.25'] },
    ],
    [
      { scanId: 's1', host: '10.1.0.5', port: 104, protocol: 'tcp', alive: false },
      { scanId: 's1', host: '10.2.0.10', port: 443, protocol: 'tcp', alive: true },
      { scanId: 's2', host: '10.2.0.10', port: 104, protocol: 'tcp', alive: true },
      { scanId: 's2', host: '192.0.2.25', port: 25, protocol: 'tcp', alive: true },
    ],
  );
  const seg = SqliteSegmentationStore.open(db);
  // an older check first: the report must show the newest
  seg.recordCheck({ id: 'seg_old', at: '2026-01-01T09:00:00Z', source: 'scan', site: policy.site, inputs: [], result: checkScans(policy, [], []) }, [], () => false);
  seg.recordCheck({ id: 'seg_new', at: '2026-01-01T12:00:00Z', source: 'scan', site: policy.site, inputs: ['s1', 's2'], result }, result.violations, () => true);
  seg.close();
});

describe('practice 4 in radguard report', () => {
  it('report --format json carries the newest check\'s zone matrix, violations and what was not assessed', async () => {
    const r = await runCli(['--db', db, 'report', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const seg = JSON.parse(r.out).segmentation;
    expect(seg.checkId).toBe('seg_new');
    expect(seg.matrix).toHaveLength(12);
    expect(seg.matrix.find((c: { from: string; to: string }) => c.from === 'office' && c.to === 'imaging')).toMatchObject({ status: 'violation', violations: 1, allowedServices: [] });
    expect(seg.violations.map((v: { ruleId: string; host: string; port: number }) => `${v.ruleId} ${v.host}:${v.port}`)).toEqual([
      'segmentation-imaging-to-internet 192.0.2.25:25',
      'segmentation-office-to-imaging 10.1.0.5:104',
    ]);
    expect(seg.notAssessed.map((n: { from: string }) => n.from)).toEqual(['imaging', 'pacs', 'office']);
    expect(JSON.parse(r.out).practices.find((p: { id: number }) => p.id === 4).status).toBe('at-risk');
  });

  it.skipIf(!commandsAvailable('pdftotext', 'pdftoppm'))('the executive PDF has a practice-4 page with the matrix, the diagram and the violations', async () => {
    const pdf = join(dir, 'exec.pdf');
    const r = await runCli(['--db', db, 'report', '--format', 'pdf', '-o', pdf]);
    expect(r.code, r.err).toBe(0);
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
    const page = pages.find((p) => p.includes('Practice 4: keep systems separate'))!;
    expect(page).toBeDefined();
    expect(page).toContain('check seg_new of 2026-01-01 12:00 UTC');
    expect(page).toMatch(/to imaging\s+to pacs\s+to office\s+to outside/);
    expect(page).toMatch(/VIOLATION \(1\)/);
    expect(page).toContain('allows: dicom, hl7');
    expect(page).toContain('seen: 104!');
    expect(page).toContain('seen: 25!');
    // the diagram: zone boxes with their blocks and the arrow labels
    expect(page).toContain('10.1.0.0/24');
    expect(page).toContain('every other address');
    expect(page).toContain('tcp/25!');
    expect(page).toContain('tcp/443');
    expect(page).toMatch(/\[high\] imaging -> outside 192\.0\.2\.25 tcp\/25 \(smtp\)/);
    expect(page).toMatch(/\[high\] office -> imaging 10\.1\.0\.5 tcp\/104 \(dicom\)/);
    expect(page).toMatch(/no scan from a vantage in zone "pacs"/);
    expect(page).not.toMatch(/vantage in zone "outside"/);
    // without any check the page says so, and how to get one
    const empty = join(dir, 'empty.db');
    SqliteScanStore.open(empty).close();
    const pdf2 = join(dir, 'empty.pdf');
    expect((await runCli(['--db', empty, 'report', '--format', 'pdf', '-o', pdf2])).code).toBe(0);
    const none = execFileSync('pdftotext', ['-layout', pdf2, '-'], { encoding: 'utf8' }).split('\f').find((p) => p.includes('Practice 4: keep systems separate'))!;
    expect(none).toMatch(/Not assessed: no scan has been run yet\.[\s\S]*radguard segmentation check --policy FILE/); // the scorecard's own sentence
    expect(none).not.toContain('VIOLATION');
    mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(pages.indexOf(page) + 1), '-l', String(pages.indexOf(page) + 1), pdf, join(artifacts, 'practice4')]);
  });
});
