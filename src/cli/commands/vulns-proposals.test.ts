/**
 * A vendor account's not_affected statement (recorded as the API records it) changes no finding until someone at
 * the site approves it from the terminal: the finding stays open and says what the vendor claims; approval with
 * --reassess makes it a false positive naming vendor and approver; rejection drops a proposal. The real NVD record of
 * DCMTK 3.6.0's CVE-2015-8979 reaches the device through its model's SBOM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { readVex } from '../../vuln/vex/read-vex.js';
import { recordVex } from '../../vuln/vex/triage.js';
import { deskStore } from '../../../test/desk-setup.js';
import { DCMTK_360, openVexJson } from '../../../test/documents.js';
import { cliOn } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-proposals-'));
const db = join(dir, 'r.db');
const { run, json } = cliOn(db);
const DEVICE = '127.0.0.52'; // never scanned: judged at the desk
type Finding = { key: string; cve: string | null; state: string; host: string; evidence: string; justification: string | null };
const dcmtkFinding = async () => ((await json('findings', 'list')).findings as Finding[]).find((f) => f.cve === 'CVE-2015-8979')!;
const vendorSays = (status: string, justification?: string) => {
  const store = SqliteScanStore.open(db);
  try {
    const doc = openVexJson([{ cve: 'CVE-2015-8979', product: DCMTK_360.cpe, status, justification }], 'Acme PSIRT');
    return recordVex(
      store.db,
      readVex('acme.openvex.json', doc),
      { model: 'Acme Mammo 3' },
      fixedClock('2026-11-30T10:00:00Z'),
      'acme-fse',
    );
  } finally {
    store.close();
  }
};

beforeAll(async () => {
  await deskStore(run, dir, `name,manufacturer,model,ip,criticality\nMammo-1,Acme,Mammo 3,${DEVICE},high\n`);
  expect(await json('vulns', 'reassess')).toMatchObject({ unprobed: 1, opened: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vulns proposals', () => {
  it("keeps the finding open while the vendor's not_affected awaits approval, and says so", async () => {
    expect(vendorSays('not_affected', 'vulnerable_code_not_in_execute_path')).toEqual({ recorded: 0, proposed: 1 });
    expect(await json('vulns', 'reassess')).toMatchObject({ falsePositive: 0 });
    const f = await dcmtkFinding();
    expect(f.state).toBe('open');
    expect(f.evidence).toMatch(
      /A vendor states not_affected \(vulnerable_code_not_in_execute_path\) \(https:\/\/vex\.example\/Acme%20PSIRT\/1, model:acme mammo 3\): awaiting the site's approval/,
    );
    const listed = await run('vulns', 'proposals');
    expect(listed.out).toMatch(
      /1 VEX statement\(s\) from vendors await the site's approval:\n {2}CVE-2015-8979 {2}cpe:dicom:dcmtk {2}model:acme mammo 3: not_affected \(vulnerable_code_not_in_execute_path\) {2}by acme-fse 2026-11-30/,
    );
    expect((await json('vulns', 'proposals')).pending).toHaveLength(1);
  });

  it('decides only what is named, and approval with --reassess makes the finding a false positive', async () => {
    expect(await run('vulns', 'proposals', '--approve')).toMatchObject({ code: 2, err: expect.stringMatching(/say which proposals/) });
    expect(await run('vulns', 'proposals', '--approve', '--cve', 'CVE-2099-1')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no pending proposal matches/),
    });
    const r = await json('vulns', 'proposals', '--approve', '--cve', 'CVE-2015-8979', '--reassess', '--actor', 'sam');
    expect(r).toMatchObject({
      approved: true,
      decided: [{ cve: 'CVE-2015-8979', proposedBy: 'acme-fse' }],
      pending: [],
      reassessment: { devices: 1, falsePositive: 1 },
    });
    const f = await dcmtkFinding();
    expect(f.state).toBe('false-positive');
    const history = (await run('findings', 'show', f.key)).out;
    expect(history).toMatch(/proposed by acme-fse, approved by sam/);
  });

  it('rejects a proposal: it is dropped and changes nothing', async () => {
    expect(vendorSays('not_affected', 'component_not_present')).toEqual({ recorded: 0, proposed: 1 });
    const r = await json('vulns', 'proposals', '--reject', '--all');
    expect(r).toMatchObject({ approved: false, decided: [{ justification: 'component_not_present' }], pending: [] });
    expect((await run('vulns', 'proposals')).out).toBe("No vendor VEX statement awaits the site's approval.\n");
    // The vendor's "affected" needs no approval: it only keeps a finding in view, and it reopens this one.
    expect(vendorSays('affected')).toEqual({ recorded: 1, proposed: 0 });
    expect(await json('vulns', 'reassess')).toMatchObject({ reopened: 1 });
  });
});
