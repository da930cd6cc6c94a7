/**
 * An SBOM on a device model reaches every scanned device of that model as findings, through the CLI: the real NVD
 * records, real TCP listeners on 127.0.0.43 and .44 as two devices of the model, the inventory's identity resolver. A VEX statement
 * turns its finding into a false positive; an upgraded SBOM resolves what it no longer gives; removing it brings
 * the previous SBOM back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdxJson as cdx, DCMTK_360 as dcmtk, openVexJson } from '../../../test/documents.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { cliOn } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-sbom-findings-'));
const db = join(dir, 'r.db');
const { run, json } = cliOn(db);
const HOST = '127.0.0.43';
const HOST2 = '127.0.0.44';
const servers: Server[] = [];
let port = 0;

const vsftpd = (v: string) => ({ name: 'vsftpd', version: v, cpe: `cpe:2.3:a:vsftpd_project:vsftpd:${v}:*:*:*:*:*:*:*` });

type Finding = {
  key: string;
  cve: string | null;
  component: string | null;
  state: string;
  port: number | null;
  evidence: string;
  host: string;
};
const cveFindings = async (): Promise<Finding[]> => (await json('findings', 'list')).findings.filter((f: Finding) => f.cve);
const byCve = (fs: Finding[], cve: string, component: string, host = HOST) =>
  fs.find((f) => f.cve === cve && f.component === component && f.host === host);
const scan = async () => {
  const r = await run('scan', HOST, HOST2, '-p', String(port), '--fast', '--json');
  expect([0, 1], r.err).toContain(r.code);
  return JSON.parse(r.out);
};

beforeAll(async () => {
  for (const host of [HOST, HOST2]) {
    const server = createServer((s) => s.on('error', () => {}).end());
    await new Promise<void>((ok) => server.listen(port, host, ok));
    port = (server.address() as { port: number }).port; // the second device listens on the first one's port
    servers.push(server);
  }
  expect((await run('feeds', 'import', join(SHARED_DATA, 'vuln/nvd/records'))).code).toBe(0);
  const csv = join(dir, 'assets.csv');
  writeFileSync(
    csv,
    `name,manufacturer,model,ip,criticality\nCT-1,Acme,Imager 9,${HOST},high\nCT-2,Acme,Imager 9,127.0.0.44,high\nUS-1,Acme,Sono 2,127.0.0.45,medium\n`,
  );
  expect((await run('assets', 'import', csv)).code).toBe(0);
});
afterAll(async () => {
  for (const s of servers) s.close(); // not awaited: the scans' half-closed sockets may linger
  rmSync(dir, { recursive: true, force: true });
});

describe('SBOM findings on the devices of a model', () => {
  it('says which assets an SBOM applies to: "Manufacturer Model" in any case and spacing, or a warning', async () => {
    writeFileSync(join(dir, 'v1.cdx.json'), cdx([vsftpd('2.3.4'), dcmtk]));
    const r = await run('sbom', 'import', join(dir, 'v1.cdx.json'), '--model', 'ACME  imager 9');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/as SBOM 1 for model "ACME {2}imager 9": 2 components/);
    expect(r.out).toMatch(/Applies to 2 asset\(s\) of the inventory: CT-1, CT-2; their next scan matches it/);
    const none = await run('sbom', 'import', join(dir, 'v1.cdx.json'), '--model', 'Imager 8', '--json');
    expect(JSON.parse(none.out).assets).toEqual([]);
    expect((await run('sbom', 'import', join(dir, 'v1.cdx.json'), '--model', 'Imager 8')).out).toMatch(
      /warning: no asset of the inventory is of model "Imager 8"/,
    );
    expect((await run('sbom', 'remove', '3')).code).toBe(0); // the next import is SBOM 4: ids are never reused
    const shown = await run('sbom', 'show', '1');
    expect(shown.out).toMatch(/^SBOM 1: model "ACME {2}imager 9", cyclonedx-json 1\.5, /);
    expect(shown.out).toMatch(/application +vsftpd 2\.3\.4 +cpe:2\.3:a:vsftpd_project:vsftpd:2\.3\.4:/);
    expect(shown.out).toContain('2 components, 0 without a CPE or purl');
    expect(await run('sbom', 'show', '3')).toMatchObject({ code: 2, err: expect.stringMatching(/no SBOM 3 on file/) });
  });

  it("a scan of one device of the model raises the SBOM's CVEs on it, citing the SBOM, with no port", async () => {
    await scan();
    const fs = await cveFindings();
    const backdoor = byCve(fs, 'CVE-2011-2523', 'vsftpd 2.3.4');
    expect(backdoor, JSON.stringify(fs.map((f) => [f.cve, f.component]))).toMatchObject({ state: 'open', port: null, host: HOST });
    expect(backdoor!.evidence).toMatch(/exposure: unknown; \+10 clinical criticality high/); // an SBOM entry may not listen
    expect(backdoor!.evidence).toMatch(
      /^vsftpd 2\.3\.4 \(listed in SBOM 1 of model "ACME {2}imager 9" \(v1\.cdx\.json, imported \d{4}-\d\d-\d\d\)\) matches CVE-2011-2523 \(nvd, confidence high\)/,
    );
    expect(byCve(fs, 'CVE-2015-8979', 'dcmtk 3.6.0')).toMatchObject({ state: 'open' });
    // Both devices of the model, the same findings; US-1 (another model, not scanned) has none.
    expect(byCve(fs, 'CVE-2011-2523', 'vsftpd 2.3.4', HOST2)).toMatchObject({ state: 'open', port: null });
    expect(
      fs
        .filter((f) => f.host === HOST)
        .map((f) => f.cve)
        .sort(),
    ).toEqual(
      fs
        .filter((f) => f.host === HOST2)
        .map((f) => f.cve)
        .sort(),
    );
    expect(new Set(fs.map((f) => f.host))).toEqual(new Set([HOST, HOST2]));
  });

  it('a VEX statement for the model makes its finding a false positive at the next scan, with the reason', async () => {
    const vex = join(dir, 'vendor.openvex.json');
    const recordVex = async (status: string, justification?: string) => {
      writeFileSync(vex, openVexJson([{ cve: 'CVE-2015-8979', product: dcmtk.cpe, status, justification }]));
      const recorded = await run('vulns', 'vex', vex, '--model', 'Acme Imager 9'); // spelled as the inventory has it
      expect(recorded.code, recorded.err).toBe(0);
      expect(recorded.out).toContain('They apply to the findings of 2 device(s) at the next scan');
      await scan();
      return byCve(await cveFindings(), 'CVE-2015-8979', 'dcmtk 3.6.0')!;
    };
    const f = await recordVex('not_affected', 'vulnerable_code_not_in_execute_path');
    expect(f.state).toBe('false-positive');
    const shown = await json('findings', 'show', f.key);
    expect(JSON.stringify(shown)).toMatch(/vex.*not_affected \(vulnerable_code_not_in_execute_path\)/);
    expect(byCve(await cveFindings(), 'CVE-2011-2523', 'vsftpd 2.3.4')!.state).toBe('open');
    // The vendor revises its statement: the false positive VEX made reopens; a person's own decision would stand.
    expect((await recordVex('affected')).state).toBe('open');
    expect(JSON.stringify(await json('findings', 'show', f.key))).toMatch(/the decision now says affected/);
    expect((await recordVex('not_affected', 'vulnerable_code_not_in_execute_path')).state).toBe('false-positive');
  });

  it("vulns match --asset and assets show cover the model's SBOM too; the VEX decision applies", async () => {
    const ct1 = (await json('assets', 'show', HOST)).asset.id;
    const m = await json('vulns', 'match', '--asset', ct1);
    expect(m.components).toBe(3); // the CT as the inventory names it, and the two its model's SBOM lists
    const dcmtkMatch = m.matches.find(
      (x: { cve: string; component: { name: string } }) => x.cve === 'CVE-2015-8979' && x.component.name === 'dcmtk',
    );
    expect(dcmtkMatch.triage).toMatchObject({ status: 'not_affected', scope: 'model:acme imager 9' });
    expect(dcmtkMatch.priority.why).toContain('+10 clinical criticality high'); // CT-1 is high in the inventory
    const queue = await json('findings', 'list', '--rule', 'vulnerability-needs-review', '--host', HOST);
    expect(queue.findings.length).toBeGreaterThan(0);
    expect(
      queue.findings.every((f: { ruleId: string; severity: string }) => f.ruleId === 'vulnerability-needs-review' && f.severity === 'info'),
    ).toBe(true);
    expect((await run('findings', 'list', '--rule', 'no-such-rule')).out).toBe('No findings of rule no-such-rule.\n');
    const shown = await run('assets', 'show', HOST);
    expect(shown.out).toMatch(
      /SBOMs on file \(matched at every scan of it\): \n +1 {2}model "ACME {2}imager 9" {2}cyclonedx-json 1\.5, 2 components/,
    );
  });

  it('an upgraded SBOM resolves what it no longer gives; removing it brings the old one back', async () => {
    writeFileSync(join(dir, 'v2.cdx.json'), cdx([vsftpd('3.0.5'), dcmtk]));
    expect((await run('sbom', 'import', join(dir, 'v2.cdx.json'), '--model', 'Acme Imager 9')).code).toBe(0);
    await scan();
    let fs = await cveFindings();
    expect(byCve(fs, 'CVE-2011-2523', 'vsftpd 2.3.4')!.state).toBe('resolved');
    expect(byCve(fs, 'CVE-2015-8979', 'dcmtk 3.6.0')!.state).toBe('false-positive'); // a decision stands
    const list = await json('sbom', 'list');
    expect(list.sboms.map((s: { id: number; current: boolean; assets: number }) => [s.id, s.current, s.assets])).toEqual([
      [1, false, 2],
      [2, true, 0],
      [4, true, 2],
    ]); // 4 replaces 1: the same model, spelled otherwise
    expect((await run('sbom', 'remove', '4')).out).toMatch(
      /Removed SBOM 4 \(.*v2\.cdx\.json\)\. SBOM 1 \(.*v1\.cdx\.json\) applies to model "Acme Imager 9" again/,
    );
    await scan();
    fs = await cveFindings();
    expect(byCve(fs, 'CVE-2011-2523', 'vsftpd 2.3.4')!.state).toBe('open'); // seen again: reopened
    expect(await run('sbom', 'remove', '99')).toMatchObject({ code: 2, err: expect.stringMatching(/no SBOM 99 on file/) });
  });

  it('vulns match --asset takes any identifier and adds what the latest scan identified (an FTP banner on port 21)', async (ctx) => {
    const ftp = createServer((c) => {
      c.on('error', () => {});
      c.write('220 (vsFTPd 2.3.4)\r\n');
      c.on('data', (d) => (/^QUIT/i.test(String(d)) ? c.end('221 Goodbye.\r\n') : c.write('530 Please login with USER and PASS.\r\n')));
    });
    const bound = await new Promise<boolean>((ok) => ftp.once('error', () => ok(false)).listen(21, '127.0.0.45', () => ok(true)));
    if (!bound) return ctx.skip(); // port 21 needs root (CI runs as root)
    try {
      const r = await run('scan', '127.0.0.45', '-p', '21', '--fast', '--json');
      expect([0, 1], r.err).toContain(r.code);
      const m = await json('vulns', 'match', '--asset', '127.0.0.45'); // US-1, model Sono 2: no SBOM on file
      expect(m.components).toBe(2); // the ultrasound as the inventory names it, and the FTP server on its port 21
      // The banner's CPE says beasts:vsftpd, the CVE vsftpd_project:vsftpd: the alias table joins them.
      const backdoor = m.matches.find((x: { cve: string }) => x.cve === 'CVE-2011-2523');
      expect(backdoor).toMatchObject({ component: { name: 'vsftpd', version: '2.3.4' }, confidence: 'medium' });
      expect(backdoor.priority.why).toContain('+5 clinical criticality medium');
      expect(byCve(await cveFindings(), 'CVE-2011-2523', 'vsftpd 2.3.4', '127.0.0.45')).toMatchObject({ port: 21, state: 'open' });

      // The model's SBOM lists the same vsftpd under its package name: one finding, the wire's (port 21).
      const sono = join(dir, 'sono.cdx.json');
      writeFileSync(sono, cdx([{ ...vsftpd('2.3.4'), name: 'vsftpd-server' }, dcmtk]));
      expect((await run('sbom', 'import', sono, '--model', 'Acme Sono 2')).code).toBe(0);
      await run('scan', '127.0.0.45', '-p', '21', '--fast');
      const mine = (await cveFindings()).filter((f) => f.host === '127.0.0.45');
      expect(mine.filter((f) => f.cve === 'CVE-2011-2523').map((f) => [f.component, f.port])).toEqual([['vsftpd 2.3.4', 21]]);
      expect(byCve(mine, 'CVE-2015-8979', 'dcmtk 3.6.0', '127.0.0.45')).toMatchObject({ port: null, state: 'open' });
      const both = await json('vulns', 'match', '--asset', '127.0.0.45');
      expect(
        both.matches
          .filter((x: { cve: string }) => x.cve === 'CVE-2011-2523')
          .map((x: { component: { name: string } }) => x.component.name),
      ).toEqual(['vsftpd']);
    } finally {
      ftp.close();
    }
    const byAddress = await run('vulns', 'vex', join(dir, 'vendor.openvex.json'), '--asset', '127.0.0.45', '--json');
    expect(JSON.parse(byAddress.out)).toMatchObject({ assets: 1 }); // keyed by US-1's id, found by its address
    expect((await run('vulns', 'vex', join(dir, 'vendor.openvex.json'), '--model', 'Imager 8')).out).toMatch(
      /warning: no asset of the inventory is of model "Imager 8"/,
    );
    const bare = join(dir, 'bare.cdx.json');
    writeFileSync(
      bare,
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        version: 1,
        components: [{ type: 'application', name: 'console-ui', version: '2.1' }],
      }),
    );
    const id = JSON.parse((await run('sbom', 'import', bare, '--asset', 'bench-top-unit', '--json')).out).id;
    const shown = await run('sbom', 'show', String(id));
    expect(shown.out).toMatch(/console-ui 2\.1 +no CPE or purl: cannot be matched/);
    expect(shown.out).toContain('1 components, 1 without a CPE or purl');
    expect(await run('vulns', 'match', '--asset', 'no-such-device')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/nothing known of the software of asset no-such-device/),
    });
  });
});
