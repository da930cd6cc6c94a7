import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aliasNames } from './aliases.js';
import { assetCpe, evaluateConfigurations, type AssetCpe, type Configuration } from './nvd-config.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const REC = `${SHARED_DATA}/vuln/nvd/records`;
const configs = (cve: string): Configuration[] =>
  (JSON.parse(readFileSync(`${REC}/${cve}.json`, 'utf8')) as { configurations?: Configuration[] }).configurations ?? [];

const asset = (...cpes: string[]): AssetCpe[] => cpes.map((c, i) => assetCpe(`c${i}`, c)!);
const outcome = (cve: string, ...cpes: string[]): 'match' | 'review' | 'no' => {
  const r = evaluateConfigurations(configs(cve), asset(...cpes));
  return r.some((o) => o.state === 'match') ? 'match' : r.some((o) => o.state === 'review') ? 'review' : 'no';
};
const dcmtk = (v: string) => `cpe:2.3:a:offis:dcmtk:${v}:*:*:*:*:*:*:*`;

describe('NVD configuration trees on real records', () => {
  it('versionEndExcluding 3.6.7 (CVE-2022-2119)', () => {
    expect(outcome('CVE-2022-2119', dcmtk('3.6.6'))).toBe('match');
    expect(outcome('CVE-2022-2119', dcmtk('3.6.7'))).toBe('no');
    expect(outcome('CVE-2022-2119', dcmtk('3.6.10'))).toBe('no');
  });

  it('versionEndIncluding 3.6.6 (CVE-2021-41687)', () => {
    expect(outcome('CVE-2021-41687', dcmtk('3.6.6'))).toBe('match');
    expect(outcome('CVE-2021-41687', dcmtk('3.6.7'))).toBe('no');
  });

  it('an unknown asset version is a review, not a silent miss', () => {
    expect(outcome('CVE-2022-2119', 'cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*')).toBe('review');
  });

  it('the dicom:dcmtk vendor of CVE-2015-8979 is found through the alias table, with medium confidence', () => {
    const r = evaluateConfigurations(configs('CVE-2015-8979'), asset(dcmtk('3.6.0')));
    const hit = r.find((o) => o.state === 'match')!.hits[0]!;
    expect(hit.verdict.state === 'match' && hit.verdict.confidence).toBe('medium');
    expect(hit.verdict.notes.join(' ')).toMatch(/offis↔dicom/);
    expect(outcome('CVE-2015-8979', dcmtk('3.6.1'))).toBe('no');
  });

  it('two disjoint ranges in two schemes (CVE-2021-32966)', () => {
    const xds = (v: string) => `cpe:2.3:a:philips:interoperability_solution_xds:${v}:*:*:*:*:*:*:*`;
    expect(outcome('CVE-2021-32966', xds('3.5'))).toBe('match'); // 3.5 < 3.11 numerically
    expect(outcome('CVE-2021-32966', xds('2019-1'))).toBe('match');
    expect(outcome('CVE-2021-32966', xds('2022-1'))).toBe('no');
    expect(outcome('CVE-2021-32966', xds('3.12'))).toBe('no');
  });

  it('non-numeric bound r4.1l1 (CVE-2017-14111)', () => {
    const x = (v: string) => `cpe:2.3:a:philips:xcelera:${v}:*:*:*:*:*:*:*`;
    expect(outcome('CVE-2017-14111', x('R4.1L0'))).toBe('match');
    expect(outcome('CVE-2017-14111', x('r4.1l1'))).toBe('match');
    expect(outcome('CVE-2017-14111', x('r4.2l0'))).toBe('no');
    expect(outcome('CVE-2017-14111', x('4.1'))).toBe('review');
  });

  it('the DICOM standard as a product, [1995, 2019b] (CVE-2019-11687)', () => {
    const d = (v: string) => `cpe:2.3:a:nema:dicom_standard:${v}:*:*:*:*:*:*:*`;
    expect(outcome('CVE-2019-11687', d('2019a'))).toBe('match');
    expect(outcome('CVE-2019-11687', d('2020a'))).toBe('no');
  });

  it('firmware AND hardware (CVE-2018-8853): firmware alone needs review, with the model it matches', () => {
    const fw = 'cpe:2.3:o:philips:brilliance_firmware_64:2.6.0:*:*:*:*:*:*:*';
    expect(outcome('CVE-2018-8853', fw)).toBe('review');
    expect(outcome('CVE-2018-8853', fw, 'cpe:2.3:h:philips:brilliance_64:-:*:*:*:*:*:*:*')).toBe('match');
    expect(outcome('CVE-2018-8853', fw, 'cpe:2.3:h:philips:other_scanner:-:*:*:*:*:*:*:*')).toBe('no');
    expect(outcome('CVE-2018-8853', 'cpe:2.3:o:philips:brilliance_firmware_64:2.6.3:*:*:*:*:*:*:*', 'cpe:2.3:h:philips:brilliance_64:-:*:*:*:*:*:*:*')).toBe('no');
  });

  it('an asset matching only the vulnerable:false hardware entry is not affected', () => {
    expect(outcome('CVE-2018-8853', 'cpe:2.3:h:philips:brilliance_64:-:*:*:*:*:*:*:*')).toBe('no');
  });

  it('application running on an OS (CVE-2018-17891 Carestream Vue RIS on Windows 8.1)', () => {
    const ris = 'cpe:2.3:a:carestream:carestream_vue_ris:11.0:*:*:*:*:*:*:*';
    expect(outcome('CVE-2018-17891', ris, 'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*')).toBe('match');
    expect(outcome('CVE-2018-17891', ris, 'cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:*:*')).toBe('no');
    expect(outcome('CVE-2018-17891', ris)).toBe('review');
  });

  it('firmware version "*" with no bounds covers every version with medium confidence (CVE-2020-6977)', () => {
    const r = evaluateConfigurations(configs('CVE-2020-6977'), asset('cpe:2.3:o:ge:vivid_e95_firmware:204:*:*:*:*:*:*:*', 'cpe:2.3:h:ge:vivid_e95:-:*:*:*:*:*:*:*'));
    expect(r.find((o) => o.state === 'match')).toBeDefined();
  });

  it('negate inverts a node', () => {
    const cfg: Configuration[] = [{ operator: 'AND', nodes: [
      { operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:v:p:*:*:*:*:*:*:*:*' }] },
      { operator: 'OR', negate: true, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:v:safe_os:*:*:*:*:*:*:*:*' }] },
    ] }];
    expect(evaluateConfigurations(cfg, asset('cpe:2.3:a:v:p:1:*:*:*:*:*:*:*', 'cpe:2.3:o:v:other_os:1:*:*:*:*:*:*:*'))[0]?.state).toBe('match');
    expect(evaluateConfigurations(cfg, asset('cpe:2.3:a:v:p:1:*:*:*:*:*:*:*', 'cpe:2.3:o:v:safe_os:1:*:*:*:*:*:*:*'))).toEqual([]);
  });

  it('carries an OpenSSH update field into the version (9.2 + p1) and lowers confidence for distribution builds', () => {
    const cfg: Configuration[] = [{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*', versionEndExcluding: '9.3p2' }] }] }];
    expect(evaluateConfigurations(cfg, asset('cpe:2.3:a:openbsd:openssh:9.3:p2:*:*:*:*:*:*'))).toEqual([]);
    const r = evaluateConfigurations(cfg, asset('cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*'));
    expect(r[0]?.state).toBe('match');
    const deb = evaluateConfigurations(cfg, [assetCpe('x', 'cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*', '1:9.2p1-2+deb12u3')!]);
    const v = deb[0]!.hits[0]!.verdict;
    expect(v.state === 'match' && v.confidence).toBe('medium');
    expect(v.notes.join(' ')).toMatch(/backported/);
  });
});

describe('alias table', () => {
  it('expands vendors only for the products the alias is curated for', () => {
    expect(aliasNames('offis', 'dcmtk').map((a) => a.vendor)).toEqual(['offis', 'dicom']);
    expect(aliasNames('offis', 'other').map((a) => a.vendor)).toEqual(['offis']);
    expect(aliasNames('ge', 'vivid_e95').map((a) => a.vendor).sort()).toEqual(['ge', 'ge_healthcare', 'gehealthcare']);
  });
});
