/**
 * The devices of a maintenance-system export (manufacturer, model, software version; no SBOM, no scan: an infusion
 * pump has no banner) against CISA's real medical advisories: `vulns match --asset` lists what concerns each, the
 * desk re-assessment makes findings of it, and an updated software version in the inventory resolves them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOn } from '../../../test/run-cli.js';
import { csafDocument } from '../../../test/documents.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-inv-adv-'));
const { run, json } = cliOn(join(dir, 'r.db'));
const PACS = '127.0.0.61'; // in the inventory, never scanned: judged at the desk, nothing sent
type Finding = { key: string; cve: string | null; component: string | null; state: string; subject: string; evidence: string };
const inventory = (pacsVersion: string) =>
  `name,manufacturer,model,ip,serial,criticality,software_version\nPACS-1,Philips Healthcare,Vue PACS,${PACS},PX-1,high,${pacsVersion}\nPump-7,BD,Alaris PC Unit,,AL-7,high,9.19\n`;

beforeAll(async () => {
  const feed = join(dir, 'feed');
  mkdirSync(feed);
  for (const f of ['2021/icsma-21-187-01.json', '2020/icsma-20-170-06.json'])
    copyFileSync(join(SHARED_DATA, 'vuln/csaf/cisa-icsma', f), join(feed, f.split('/')[1]!));
  expect((await run('feeds', 'import', feed)).code).toBe(0);
  writeFileSync(join(dir, 'assets.csv'), inventory('12.1.6'));
  expect((await run('assets', 'import', join(dir, 'assets.csv'))).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a device the inventory names, against the CISA medical advisories', () => {
  it('vulns match --asset lists the advisories of its manufacturer, model and software version', async () => {
    const r = await json('vulns', 'match', '--asset', 'PX-1');
    const advisories = new Set(r.matches.map((m: { evidence: { advisory: string }[] }) => m.evidence[0]!.advisory.split(' ')[0]));
    expect([...advisories]).toEqual(['ICSMA-21-187-01']);
    expect(r.matches[0]).toMatchObject({ source: 'csaf', component: { name: 'Vue PACS', version: '12.1.6' }, confidence: 'low' });
    expect(r.matches[0].evidence[0].searched).toBe('Philips Healthcare Vue PACS 12.1.6');
    // The CycloneDX VEX download states them against the device.
    const vexFile = join(dir, 'pacs.vex.json');
    await json('vulns', 'match', '--asset', 'PX-1', '--vex-out', vexFile);
    const vex = JSON.parse(readFileSync(vexFile, 'utf8'));
    expect(vex.components).toMatchObject([{ type: 'device', name: 'Vue PACS', version: '12.1.6' }]);
    expect(vex.vulnerabilities.length).toBe(r.matches.length);
    // A model: what the advisories say of it, for review where they bound the version (its devices may differ).
    const model = await json('vulns', 'match', '--model', 'Philips Healthcare Vue PACS');
    expect(model.matches.length).toBe(r.matches.length);
    expect(
      model.matches.every(
        (m: { confidence: string; component: { version?: string } }) => m.confidence === 'review' && !m.component.version,
      ),
    ).toBe(true);
    // CISA files the pump under "Becton, Dickinson and Company (BD)" and lists four versions in one.
    const pump = await json('vulns', 'match', '--asset', 'AL-7');
    expect(pump.matches.map((m: { cve: string }) => m.cve)).toContain('CVE-2019-11479');
  });

  it('becomes findings at the desk re-assessment, for the pump without an address too', async () => {
    const r = await run('vulns', 'reassess', '--json');
    expect(r.code, r.err).toBe(1);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ devices: 2, unprobed: 2 });
    const findings = (await json('findings', 'list')).findings as Finding[];
    const pacs = (await json('assets', 'show', 'PX-1')).asset.id;
    const pump = (await json('assets', 'show', 'AL-7')).asset.id;
    const of = (subject: string) => findings.filter((f) => f.subject === subject && f.cve);
    expect(of(pacs).length).toBeGreaterThan(5);
    expect(of(pacs).every((f) => f.component === 'Vue PACS 12.1.6' && f.state === 'open')).toBe(true);
    expect(of(pacs)[0]!.evidence).toContain('listed in the inventory: Philips Healthcare Vue PACS, software 12.1.6');
    expect(of(pacs)[0]!.evidence).toMatch(/in advisory ICSMA-21-187-01 v\d/); // what a ticket to the manufacturer cites
    expect(of(pump).map((f) => f.cve)).toContain('CVE-2019-11479');
  });

  it("takes a vendor's CSAF VEX that names the company and the product its own way", async () => {
    // Philips states CVE-2021-33020 does not affect "Philips" / "Vue PACS" 12.1.6; the inventory says "Philips Healthcare".
    const vex = csafDocument(
      {
        category: 'csaf_vex',
        id: 'PHILIPS-VEX-1',
        title: 'Vue PACS and CVE-2021-33020',
        publisher: 'Philips PSIRT',
        namespace: 'https://www.philips.com/psirt',
        date: '2026-11-20T00:00:00Z',
      },
      {
        branches: [
          {
            category: 'vendor',
            name: 'Philips',
            branches: [
              {
                category: 'product_name',
                name: 'Vue PACS',
                branches: [{ category: 'product_version', name: '12.1.6', product: { name: 'Philips Vue PACS 12.1.6', product_id: 'P1' } }],
              },
            ],
          },
        ],
      },
      [
        {
          cve: 'CVE-2021-33020',
          product_status: { known_not_affected: ['P1'] },
          flags: [{ label: 'vulnerable_code_not_in_execute_path', product_ids: ['P1'] }],
        },
      ],
    );
    writeFileSync(join(dir, 'philips.vex.json'), JSON.stringify(vex));
    expect((await run('vulns', 'vex', join(dir, 'philips.vex.json'), '--asset', 'PX-1')).code).toBe(0);
    const r = await json('vulns', 'match', '--asset', 'PX-1');
    expect(r.matches.find((m: { cve: string }) => m.cve === 'CVE-2021-33020').triage).toMatchObject({ status: 'not_affected' });
    expect(r.matches.find((m: { cve: string }) => m.cve === 'CVE-2021-33022').triage).toBeUndefined();
    await json('vulns', 'reassess', '--asset', 'PX-1');
    const pacs = (await json('assets', 'show', 'PX-1')).asset.id;
    const findings = ((await json('findings', 'list')).findings as Finding[]).filter((f) => f.subject === pacs);
    expect(findings.find((f) => f.cve === 'CVE-2021-33020')!.state).toBe('false-positive');
  });

  it('resolves them when the inventory says the software was updated past the range', async () => {
    writeFileSync(join(dir, 'assets.csv'), inventory('12.3.0'));
    expect((await run('assets', 'import', join(dir, 'assets.csv'))).code).toBe(0);
    const r = await json('vulns', 'reassess', '--asset', 'PX-1');
    expect(r.resolved).toBeGreaterThan(5);
    const pacs = (await json('assets', 'show', 'PX-1')).asset.id;
    const open = ((await json('findings', 'list', '--state', 'open')).findings as Finding[]).filter((f) => f.subject === pacs && f.cve);
    expect(open).toEqual([]);
  });

  it('without a software version: review findings that say the version decides them, resolved once it is recorded', async () => {
    const csv = (version: string) =>
      `name,manufacturer,model,serial,criticality,software_version\nPump-8,BD,Alaris PC Unit,AL-8,high,${version}\n`;
    writeFileSync(join(dir, 'pump8.csv'), csv(''));
    expect((await run('assets', 'import', join(dir, 'pump8.csv'))).code).toBe(0);
    await json('vulns', 'reassess', '--asset', 'AL-8');
    const pump = (await json('assets', 'show', 'AL-8')).asset.id;
    const mine = async () =>
      ((await json('findings', 'list', '--state', 'open')).findings as (Finding & { severity: string })[]).filter(
        (f) => f.subject === pump && f.cve,
      );
    const review = await mine();
    expect(review.length).toBeGreaterThan(0);
    expect(review.every((f) => f.severity === 'info')).toBe(true);
    expect(review[0]!.evidence).toContain(
      "No version is known: record the device's software version in the inventory (software_version), then radguard vulns reassess decides this match.",
    );
    // 9.20 is past every range ICSMA-20-170-06 gives for the PC Unit.
    writeFileSync(join(dir, 'pump8.csv'), csv('9.20'));
    expect((await run('assets', 'import', join(dir, 'pump8.csv'))).code).toBe(0);
    expect((await json('vulns', 'reassess', '--asset', 'AL-8')).resolved).toBe(review.length);
    expect(await mine()).toEqual([]);
  });
});
