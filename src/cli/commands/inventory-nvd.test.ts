/**
 * A device the inventory names by manufacturer, model and software version, against NVD's real record of EternalBlue
 * (CVE-2017-0143), which names Siemens' ultrasound firmware on its hardware: `vulns match --asset` finds it
 * through NVD's names, the desk re-assessment makes a finding of it, and a newer version resolves it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/run-cli.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-inv-nvd-'));
const { run, json } = cliOn(join(dir, 'r.db'));
const csv = (version: string) =>
  `name,manufacturer,model,serial,criticality,software_version\nUS-3,Siemens Healthineers,ACUSON SC2000,SC-3,high,${version}\nPACS-1,Philips Healthcare,Vue PACS,PX-1,high,12.1.6\n`;

beforeAll(async () => {
  const feed = join(dir, 'feed');
  mkdirSync(feed);
  for (const cve of ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2021-33020'])
    copyFileSync(join(SHARED_DATA, 'vuln/nvd/records', `${cve}.json`), join(feed, `${cve}.json`));
  copyFileSync(join(SHARED_DATA, 'vuln/csaf/cisa-icsma/2021/icsma-21-187-01.json'), join(feed, 'icsma-21-187-01.json'));
  expect((await run('feeds', 'import', feed)).code).toBe(0);
  writeFileSync(join(dir, 'assets.csv'), csv('4.0c'));
  expect((await run('assets', 'import', join(dir, 'assets.csv'))).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a device the inventory names, against NVD', () => {
  it('vulns match --asset finds the CVEs NVD gives its firmware, through NVD names, and says so', async () => {
    const r = await json('vulns', 'match', '--asset', 'SC-3');
    expect(r.matches.map((m: { cve: string }) => m.cve).sort()).toEqual(['CVE-2017-0143', 'CVE-2017-0144']);
    // NVD lists 5.0a as affected too: past the range is 4.0e, but not that later release.
    expect(r.patchFirst[0].upgradeTo).toEqual(['>= 4.0e except 5.0a']);
    const m = r.matches.find((x: { cve: string }) => x.cve === 'CVE-2017-0143');
    expect(m).toMatchObject({ source: 'nvd', confidence: 'medium', component: { name: 'ACUSON SC2000', version: '4.0c' } });
    expect(m.upgradeTo).toEqual(['>= 4.0e except 5.0a']);
    expect(m.kev).toBeUndefined(); // KEV was not imported: the feed ages say so, the match does not invent it
    expect(m.evidence[0].searched).toBe('cpe:2.3:o:siemens:acuson_sc2000_firmware:4.0c:*:*:*:*:*:*:*');
    expect(m.evidence[0].notes.join(' ')).toMatch(
      /CPE from the names: "Siemens Healthineers" "ACUSON SC2000" is NVD's siemens:acuson_sc2000_firmware on siemens:acuson_sc2000/,
    );
  });

  it('the desk re-assessment opens the findings, and the version past the range resolves them', async () => {
    expect((await run('vulns', 'reassess', '--asset', 'SC-3', '--json')).code).toBe(1);
    const asset = (await json('assets', 'show', 'SC-3')).asset.id;
    const open = async () =>
      ((await json('findings', 'list', '--state', 'open')).findings as { subject: string; cve: string | null }[])
        .filter((f) => f.subject === asset && f.cve)
        .map((f) => f.cve)
        .sort();
    expect(await open()).toEqual(['CVE-2017-0143', 'CVE-2017-0144']);
    const [f] = (await json('findings', 'list', '--state', 'open')).findings.filter(
      (x: { cve: string | null }) => x.cve === 'CVE-2017-0143',
    );
    expect((await json('findings', 'show', f.key)).finding.remediation).toMatch(
      /^Update ACUSON SC2000 4\.0c to >= 4\.0e except 5\.0a: past every version/,
    );
    // 5.1 is past both ranges (4.0 ≤ v < 4.0e, and 5.0a listed).
    writeFileSync(join(dir, 'assets.csv'), csv('5.1'));
    expect((await run('assets', 'import', join(dir, 'assets.csv'))).code).toBe(0);
    expect((await json('vulns', 'reassess', '--asset', 'SC-3')).resolved).toBe(2);
    expect(await open()).toEqual([]);
  });

  it('vulns match --vendor --product --software-version asks the same of a product no inventory lists', async () => {
    const ask = ['vulns', 'match', '--vendor', 'Siemens Healthineers', '--product', 'ACUSON SC2000'];
    const r = await run(...ask, '--software-version', '4.0c', '--json');
    expect(r.code).toBe(1); // something affects it
    expect(
      JSON.parse(r.out)
        .matches.map((m: { cve: string }) => m.cve)
        .sort(),
    ).toEqual(['CVE-2017-0143', 'CVE-2017-0144']);
    const past = await run(...ask, '--software-version', '5.1', '--json');
    expect([past.code, JSON.parse(past.out).matches]).toEqual([0, []]);
    const alone = await run('vulns', 'match', '--product', 'ACUSON SC2000');
    expect([alone.code, alone.err]).toEqual([2, expect.stringContaining('--vendor and --product go together')]);
  });

  it("one finding per CVE where CISA's advisory and NVD both name the device: both cited, the vendor's remediation kept", async () => {
    await run('vulns', 'reassess', '--asset', 'PX-1');
    const asset = (await json('assets', 'show', 'PX-1')).asset.id;
    const findings = (await json('findings', 'list')).findings as { key: string; subject: string; cve: string | null }[];
    const mine = findings.filter((f) => f.subject === asset && f.cve === 'CVE-2021-33020');
    expect(mine.length).toBe(1);
    const f = (await json('findings', 'show', mine[0]!.key)).finding;
    expect(f.evidence).toMatch(/matches CVE-2021-33020 \(nvd, confidence medium\)\. Searched cpe:2\.3:a:philips:vue_pacs:12\.1\.6/);
    expect(f.evidence).toMatch(
      /Also csaf \(confidence low\): searched Philips Healthcare Vue PACS 12\.1\.6; matched .* in advisory ICSMA-21-187-01/,
    );
    expect(f.remediation).toMatch(/^vendor_fix: Philips recommends configuring the Vue PACS environment/);
  });
});
