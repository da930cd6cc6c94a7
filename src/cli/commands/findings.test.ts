import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteSegmentationStore, type ViolationRecord } from '../../store/sqlite/segmentation-store.js';
import { runCli } from '../../../test/run-cli.js';

const run = (...argv: string[]) => runCli(argv);

const violation = (ruleId: string, host: string, port: number, extra: Partial<ViolationRecord> = {}): ViolationRecord => ({
  ruleId, severity: 'high', title: `title of ${ruleId}`, remediation: 'fix it', fromZone: 'office', toZone: 'imaging', host, port, protocol: 'tcp', evidence: `evidence for ${host}`, ...extra,
});

describe('radguard findings list: segmentation findings as a second source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-findings-'));
  const db = join(dir, 'rg.db');
  beforeAll(() => {
    const store = SqliteSegmentationStore.open(db);
    try {
      store.recordCheck({ id: 'seg-1', at: '2026-01-01T10:00:00Z', source: 'scan', site: null, inputs: [], result: {} }, [
        violation('segmentation-office-to-imaging', '10.1.0.5', 104),
        violation('dicom-no-tls-between-zones', '10.1.0.5', 104, { severity: 'medium' }),
        violation('dicom-duplicate-ae-title', '10.1.0.6', 0, { subject: 'ae:MOD1>10.1.0.6', fromZone: 'imaging' }),
      ], () => true);
    } finally {
      store.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists them apart from the scan findings, in JSON and text, with VEX status', async () => {
    const j = await run('--db', db, 'findings', 'list', '--json');
    expect(j.code, j.err).toBe(0);
    const out = JSON.parse(j.out);
    expect(out.findings).toEqual([]);
    expect(out.segmentationFindings.map((f: Record<string, unknown>) => [f.ruleId, f.host, f.state, f.vex, f.source])).toEqual([
      ['dicom-duplicate-ae-title', '10.1.0.6', 'open', 'affected', 'scan'],
      ['dicom-no-tls-between-zones', '10.1.0.5', 'open', 'affected', 'scan'],
      ['segmentation-office-to-imaging', '10.1.0.5', 'open', 'affected', 'scan'],
    ]);
    const t = await run('--db', db, 'findings', 'list');
    expect(t.out).toContain('No findings.\n\nSegmentation findings (zone policy');
    expect(t.out).toMatch(/office → 10\.1\.0\.5:104 {2}segmentation-office-to-imaging: title of segmentation-office-to-imaging\n/);
    expect(t.out).toMatch(/imaging → 10\.1\.0\.6 {2}dicom-duplicate-ae-title/); // port 0: no port shown
  });

  it('honours --host and --state for both sources', async () => {
    const byHost = JSON.parse((await run('--db', db, 'findings', 'list', '--json', '--host', '10.1.0.6')).out);
    expect(byHost.segmentationFindings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['dicom-duplicate-ae-title']);
    const resolved = JSON.parse((await run('--db', db, 'findings', 'list', '--json', '--state', 'resolved')).out);
    expect(resolved.segmentationFindings).toEqual([]);
    expect((await run('--db', db, 'findings', 'list', '--state', 'resolved')).out).toBe('No findings.\n');
  });

  it('triage through the same commands and state machine: accept a vendor exception, show its history, reopen', async () => {
    const list = JSON.parse((await run('--db', db, 'findings', 'list', '--json')).out).segmentationFindings as { key: string; ruleId: string }[];
    const key = list.find((f) => f.ruleId === 'segmentation-office-to-imaging')!.key;
    const bad = await run('--db', db, 'findings', 'reopen', key);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cannot reopen a finding that is open');
    expect((await run('--db', db, 'findings', 'accept', key, '--reason', 'vendor remote service, ticket 42')).err).toContain('accept needs --reason, --approver and --until');
    const ok = await run('--db', db, 'findings', 'accept', key, '--actor', 'ana', '--reason', 'vendor remote service, ticket 42', '--approver', 'CISO', '--until', '2026-06-30');
    expect(ok, ok.err).toMatchObject({ code: 0, out: `${key} is now risk-accepted\n` });
    const show = JSON.parse((await run('--db', db, 'findings', 'show', key, '--json')).out);
    expect(show.segmentationFinding).toMatchObject({ state: 'risk-accepted', acceptedBy: 'CISO', acceptedUntil: '2026-06-30T00:00:00.000Z', vex: 'affected' });
    expect(show.history.map((h: { from: string | null; to: string; actor: string }) => `${h.from}>${h.to} ${h.actor}`)).toEqual(['null>open radguard segmentation check', 'open>risk-accepted ana']);
    expect((await run('--db', db, 'findings', 'show', key)).out).toContain('(segmentation finding, from scan)');
    expect((await run('--db', db, 'findings', 'reopen', key, '--actor', 'ana')).out).toBe(`${key} is now open\n`);
    expect((await run('--db', db, 'findings', 'resolve', 'ffffffffffffffffffffffff')).err).toContain('no finding with key ffffffffffffffffffffffff');
  });
});
