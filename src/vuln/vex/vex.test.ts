import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Component } from '../component.js';
import type { Match } from '../match/match.js';
import { memDb } from '../testdata/mem-db.js';
import { exportCycloneDxVex } from './export-cyclonedx.js';
import { readVex } from './read-vex.js';
import { applyTriage, recordVex } from './triage.js';
import { identityOf } from './vex.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const S = SHARED_DATA;
const here = new URL('.', import.meta.url).pathname;
const clock = fixedClock('2026-11-30T00:00:00Z');
const read = (p: string) => readVex(p, readFileSync(p, 'utf8'));

describe('VEX readers', () => {
  it('CycloneDX VEX: state, justification, response, refs resolved to components', () => {
    const [st] = read(`${S}/sbom/vex/cyclonedx/Use-Cases/Case-1/vex.json`);
    expect(st).toMatchObject({ cve: 'CVE-2020-25649', status: 'not_affected', justification: 'code_not_reachable', response: ['will_not_fix', 'update'] });
    expect(st!.identity).toBe('name:/acmeproduct');
  });

  it('reads every CycloneDX VEX use case and maps every analysis state', () => {
    const statuses = new Set<string>();
    const root = `${S}/sbom/vex/cyclonedx`;
    for (const dir of ['Use-Cases', 'CISA-Use-Cases'])
      for (const c of readdirSync(join(root, dir)).filter((n) => n.startsWith('Case')))
        for (const f of readdirSync(join(root, dir, c)).filter((n) => /vex.*\.json$/.test(n))) for (const s of read(join(root, dir, c, f))) statuses.add(s.status);
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['affected', 'fixed', 'not_affected', 'under_investigation']));
  });

  it('CSAF VEX: all OASIS examples, with flags as justifications', () => {
    const dir = `${S}/vuln/csaf/oasis-examples/csaf/csaf_vex`;
    const all = readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => read(join(dir, f)));
    expect(new Set(all.map((s) => s.status))).toEqual(new Set(['affected', 'not_affected', 'fixed', 'under_investigation']));
    const na = read(join(dir, '2022-evd-uc-02-na-001.json')).find((s) => s.status === 'not_affected');
    expect(na?.detail).toBeTruthy();
    const flagged = read(join(dir, 'sec-vex-2022-0001.json')).find((s) => s.status === 'not_affected');
    expect(flagged?.justification).toBe('component_not_present');
  });

  it('OpenVEX v0.2.0 (object vulnerabilities, identifiers) and v0.0.1 (string vulnerabilities)', () => {
    const v2 = read(join(here, 'testdata/openvex-v0.2.0.json'));
    expect(v2[0]).toMatchObject({ cve: 'CVE-2022-2119', status: 'not_affected', identity: 'pkg:generic/offis/dcmtk', justification: 'vulnerable_code_not_in_execute_path' });
    expect(v2[1]).toMatchObject({ cve: 'CVE-2022-2120', status: 'affected', identity: 'cpe:offis:dcmtk', detail: 'Upgrade to DCMTK 3.6.7' });
    const v0 = read(join(here, 'testdata/openvex-v0.0.1.json'));
    expect(v0.map((s) => [s.cve, s.status, s.identity])).toEqual([
      ['CVE-2014-0160', 'fixed', 'pkg:deb/debian/openssl'],
      ['CVE-2016-0800', 'under_investigation', 'pkg:deb/debian/openssl'],
    ]);
    expect(() => readVex('x', JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: 'CVE-1', products: ['x'], status: 'maybe' }] }))).toThrow(/status/);
  });
});

describe('triage decisions and VEX export', () => {
  const comp = (version: string): Component => ({ id: `dcmtk-${version}`, kind: 'library', name: 'dcmtk', vendor: 'OFFIS', version, cpes: [`cpe:2.3:a:offis:dcmtk:${version}:*:*:*:*:*:*:*`], purl: `pkg:generic/offis/dcmtk@${version}`, source: 'sbom' });
  const match = (c: Component, cve: string): Match => ({ component: { id: c.id, name: c.name, version: c.version }, cve, source: 'nvd', confidence: 'high', evidence: [], cvss: 'unscored' });

  it('a decision keyed by purl without version survives an upgrade, and stays within its scope', () => {
    const db = memDb();
    recordVex(db, read(join(here, 'testdata/openvex-v0.2.0.json')), { model: 'Acme Workstation' }, clock);
    const upgraded = comp('3.6.6.1');
    expect(identityOf(upgraded)).toBe('pkg:generic/offis/dcmtk');
    const [m] = applyTriage(db, [match(upgraded, 'CVE-2022-2119')], [upgraded], { model: 'Acme Workstation', asset: 'ws-7' });
    expect(m!.triage).toMatchObject({ status: 'not_affected', scope: 'model:acme workstation' });
    const [other] = applyTriage(db, [match(upgraded, 'CVE-2022-2119')], [upgraded], { model: 'Other Model' });
    expect(other!.triage).toBeUndefined();
  });

  it('the most specific scope decides: asset, then model, then site-wide', () => {
    const db = memDb();
    const statements = read(join(here, 'testdata/openvex-v0.2.0.json'));
    recordVex(db, statements.map((s) => ({ ...s, status: 'affected' as const, justification: undefined })), {}, clock);
    recordVex(db, statements, { model: 'Acme Workstation' }, clock);
    recordVex(db, statements.map((s) => ({ ...s, status: 'fixed' as const, justification: undefined })), { asset: 'ws-7' }, clock);
    const c = comp('3.6.6');
    const status = (scope: { model?: string; asset?: string }) => applyTriage(db, [match(c, 'CVE-2022-2119')], [c], scope)[0]!.triage?.status;
    expect(status({ model: 'Acme Workstation', asset: 'ws-7' })).toBe('fixed');
    expect(status({ model: 'Acme Workstation', asset: 'ws-8' })).toBe('not_affected');
    expect(status({ model: 'Other Model' })).toBe('affected');
  });

  it("a name-only product is keyed by the company's core name and the product without it; older keys still apply", () => {
    const device: Component = { id: 'd', kind: 'device', vendor: 'Philips Medical Systems Nederland B.V.', name: 'Philips Vue PACS', version: '12.1.6', cpes: [], source: 'inventory' };
    expect(identityOf(device)).toBe('name:philips/vuepacs');
    expect(identityOf({ ref: 'P1', vendor: 'Philips', name: 'Vue PACS' })).toBe('name:philips/vuepacs');
    // A company known by its abbreviation on one side: one identity through the alias table.
    for (const vendor of ['BD', 'Becton Dickinson', 'Becton, Dickinson and Company (BD)'])
      expect(identityOf({ ref: 'P2', vendor, name: 'Alaris PC Unit' })).toBe('name:bd/alarispcunit');
    // A joint advisory's vendor is one company here (matching takes it apart; its decisions keep their key).
    expect(identityOf({ ref: 'P3', vendor: 'Silex Technology and GE Healthcare', name: 'GEH-500' })).toBe('name:silextechnologyandge/geh500');
    // Accents fold away: "Dräger" and "Drager" are one company.
    expect(identityOf({ ref: 'P4', vendor: 'Dräger', name: 'Infinity Delta' })).toBe(identityOf({ ref: 'P5', vendor: 'Drager', name: 'Infinity Delta' }));
    // A decision recorded under the identity name-only products had before (folded vendor and name as written).
    const db = memDb();
    const legacy = { cve: 'CVE-2021-33020', product: { ref: 'P1' }, identity: 'name:philipsmedicalsystemsnederlandbv/philipsvuepacs', status: 'not_affected' as const, source: 'old' };
    recordVex(db, [legacy], {}, clock);
    expect(applyTriage(db, [match(device, 'CVE-2021-33020')], [device], {})[0]!.triage).toMatchObject({ status: 'not_affected' });
    // As it was folded then: a letter with an accent dropped whole.
    const drager: Component = { id: 'i', kind: 'device', vendor: 'Dräger', name: 'Infinity Delta', cpes: [], source: 'inventory' };
    recordVex(db, [{ ...legacy, cve: 'CVE-2019-6447', identity: 'name:drger/infinitydelta' }], {}, clock);
    expect(applyTriage(db, [match(drager, 'CVE-2019-6447')], [drager], {})[0]!.triage).toMatchObject({ status: 'not_affected' });
  });

  it('exports CycloneDX 1.6 VEX that validates against the published schema', () => {
    const db = memDb();
    recordVex(db, read(join(here, 'testdata/openvex-v0.2.0.json')), {}, clock);
    const c = comp('3.6.6');
    const triaged = applyTriage(db, [match(c, 'CVE-2022-2119'), match(c, 'CVE-2021-41687')], [c], {});
    const bom = exportCycloneDxVex([c], triaged, clock, '3e671687-395b-41f5-a30f-a58921a69b79');
    const schemaDir = `${S}/sbom/cyclonedx/schema`;
    const ajv = new Ajv({ strict: false, validateFormats: false });
    for (const f of ['spdx.schema.json', 'jsf-0.82.schema.json']) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, f), 'utf8')));
    const validate = ajv.compile(JSON.parse(readFileSync(join(schemaDir, 'bom-1.6.schema.json'), 'utf8')));
    expect(validate(bom), JSON.stringify(validate.errors)).toBe(true);
    const vulns = bom.vulnerabilities as { id: string; analysis: { state: string; justification?: string } }[];
    expect(vulns.find((v) => v.id === 'CVE-2022-2119')!.analysis).toMatchObject({ state: 'not_affected', justification: 'code_not_reachable' });
    expect(vulns.find((v) => v.id === 'CVE-2021-41687')!.analysis.state).toBe('in_triage');
    // round trip: our export reads back as the same statuses
    expect(readVex('export', JSON.stringify(bom)).map((s) => s.status).sort()).toEqual(['not_affected', 'under_investigation']);
  });
});
