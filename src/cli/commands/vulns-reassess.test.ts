/**
 * `radguard vulns reassess`: a newer feed, an SBOM or a VEX reaches a scanned device's findings without a packet
 * on the network. A real FTP banner (vsFTPd 2.3.4) on 127.0.0.47:21 is scanned once with a feed that does not know
 * its backdoor; the listener is then closed, the real NVD record imported, and the re-assessment alone raises the
 * finding — and resolves it when a corrected record rejects the CVE.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { cdxJson, DCMTK_360, openVexJson } from '../../../test/documents.js';
import { cliOn, runCli } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-reassess-'));
const db = join(dir, 'r.db');
const { run, json } = cliOn(db);
const HOST = '127.0.0.47';
const RECORDS = join(SHARED_DATA, 'vuln/nvd/records');
type Finding = { key: string; cve: string | null; component: string | null; state: string; port: number | null; host: string };
const find = async (cve: string) => ((await json('findings', 'list')).findings as Finding[]).find((f) => f.cve === cve && f.host === HOST);
const feed = (name: string, file: string, edit?: (r: Record<string, unknown>) => void) => {
  const d = join(dir, name);
  mkdirSync(d);
  if (!edit) copyFileSync(join(RECORDS, file), join(d, file));
  else {
    const r = JSON.parse(readFileSync(join(RECORDS, file), 'utf8')) as Record<string, unknown>;
    edit(r);
    writeFileSync(join(d, file), JSON.stringify(r));
  }
  return d;
};
let bound = false;

beforeAll(async () => {
  // Only the DCMTK record at first: the scan identifies vsftpd 2.3.4 but knows no CVE of it.
  expect((await run('feeds', 'import', feed('feed1', 'CVE-2015-8979.json'))).code).toBe(0);
  writeFileSync(join(dir, 'assets.csv'), `name,manufacturer,model,ip,criticality\nCT-7,Acme,Imager 7,${HOST},high\n`);
  expect((await run('assets', 'import', join(dir, 'assets.csv'))).code).toBe(0);
  const ftp = createServer((c) => {
    c.on('error', () => {});
    c.write('220 (vsFTPd 2.3.4)\r\n');
    c.on('data', (d) => (/^QUIT/i.test(String(d)) ? c.end('221 Goodbye.\r\n') : c.write('530 Please login with USER and PASS.\r\n')));
  });
  bound = await new Promise<boolean>((ok) => ftp.once('error', () => ok(false)).listen(21, HOST, () => ok(true)));
  if (!bound) return; // port 21 needs root (CI runs as root)
  const r = await run('scan', HOST, '-p', '21', '--fast', '--json');
  expect([0, 1], r.err).toContain(r.code);
  ftp.close(); // from here on nothing accepts: no re-assessment can touch it (not awaited: the scan's socket may linger)
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vulns reassess', () => {
  it('refuses without feeds, and names an unknown device', async () => {
    const empty = join(dir, 'empty.db');
    const none = await runCli(['--db', empty, 'vulns', 'reassess']);
    expect(none).toMatchObject({ code: 2, err: expect.stringMatching(/no vulnerability feed is imported.*radguard feeds import PATH/) });
    expect(await run('vulns', 'reassess', '--asset', 'no-such-device')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no asset and no scanned address is "no-such-device"/),
    });
  });

  it('a newer feed raises the finding on the identified service, without a scan or a packet', async (ctx) => {
    if (!bound) return ctx.skip();
    expect(await find('CVE-2011-2523')).toBeUndefined();
    const scans = (await json('scans', 'list')).scans.length;
    // The newer bundle also lists the CVE in KEV (an entry in the catalog's own format, written for this test).
    const feed2 = feed('feed2', 'CVE-2011-2523.json');
    const entry = {
      cveID: 'CVE-2011-2523',
      vendorProject: 'vsftpd',
      product: 'vsftpd',
      vulnerabilityName: 'vsftpd 2.3.4 Backdoor',
      dateAdded: '2026-11-28',
      dueDate: '2026-12-19',
      knownRansomwareCampaignUse: 'Unknown',
    };
    writeFileSync(
      join(feed2, 'kev.json'),
      JSON.stringify({ catalogVersion: '2026.11.28', dateReleased: '2026-11-28T00:00:00.000Z', count: 1, vulnerabilities: [entry] }),
    );
    expect((await run('feeds', 'import', feed2)).code).toBe(0);
    const r = await run('vulns', 'reassess', '--json');
    expect(r.code, r.err).toBe(1); // something new affects a device
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ devices: 1, components: 2, opened: 1, reopened: 0, resolved: 0 }); // the device as the inventory names it, and the FTP server
    // What is new is named, most severe first, so the person who imported the bundle sees what it hits.
    expect(out.new).toEqual([
      expect.objectContaining({ title: 'CVE-2011-2523 in vsftpd 2.3.4', host: HOST, port: 21, kev: true, reopened: false }),
    ]);
    expect(out.feeds.map((f: { feed: string }) => f.feed)).toContain('nvd');
    const f = await find('CVE-2011-2523');
    expect(f).toMatchObject({ state: 'open', port: 21, component: 'vsftpd 2.3.4' });
    const shown = await json('findings', 'show', f!.key);
    expect(shown.history[0]).toMatchObject({
      actor: 'reassess',
      to: 'open',
      note: expect.stringMatching(/desk re-assessment.*no network traffic/),
    });
    expect(shown.finding.evidence).toMatch(/\+10 clinical criticality high/); // the inventory's criticality counts
    expect((await json('scans', 'list')).scans.length).toBe(scans); // no scan was made
    // Nothing new since: exit 0, nothing changes.
    const again = await run('vulns', 'reassess');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Re-assessed 1 scanned device\(s\), 2 component\(s\).*\n {2}0 new finding\(s\), 0 reopened, 0 resolved/);
  });

  it("the model's SBOM and a VEX decision reach the device's findings", async (ctx) => {
    if (!bound) return ctx.skip();
    writeFileSync(join(dir, 'imager.cdx.json'), cdxJson([DCMTK_360]));
    expect((await run('sbom', 'import', join(dir, 'imager.cdx.json'), '--model', 'Acme Imager 7')).code).toBe(0);
    expect(await json('vulns', 'reassess', '--asset', HOST)).toMatchObject({ devices: 1, opened: 1 });
    expect(await find('CVE-2015-8979')).toMatchObject({ state: 'open', port: null, component: 'dcmtk 3.6.0' });
    const vex = join(dir, 'vex.json');
    writeFileSync(
      vex,
      openVexJson([{ cve: 'CVE-2015-8979', product: DCMTK_360.cpe, status: 'not_affected', justification: 'vulnerable_code_not_present' }]),
    );
    expect((await run('vulns', 'vex', vex, '--model', 'Acme Imager 7')).out).toContain('radguard vulns reassess applies them now');
    expect(await json('vulns', 'reassess')).toMatchObject({ falsePositive: 1, opened: 0 });
    expect(await find('CVE-2015-8979')).toMatchObject({ state: 'false-positive' });
  });

  it('a corrected record that rejects the CVE resolves the finding (feeds import --reassess)', async (ctx) => {
    if (!bound) return ctx.skip();
    const rejected = feed('feed3', 'CVE-2011-2523.json', (r) => {
      r.vulnStatus = 'Rejected';
      r.lastModified = '2026-11-29T00:00:00.000';
    });
    // feeds import --reassess: the import and the re-assessment in one step, as an air-gap import script runs it.
    const r = await run('feeds', 'import', rejected, '--reassess', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).reassessment).toMatchObject({ devices: 1, resolved: 1, opened: 0 });
    const f = await find('CVE-2011-2523');
    expect(f!.state).toBe('resolved');
    expect((await json('findings', 'show', f!.key)).history.at(-1)).toMatchObject({
      actor: 'reassess',
      note: expect.stringMatching(/the software on port 21 no longer matches CVE-2011-2523/),
    });
  });
});
