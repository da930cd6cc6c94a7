/**
 * Accuracy against hand-labelled (product, version) → CVE cases. Labels were read by hand from the NVD cpeMatch
 * rows flattened in shared/data/cpe/cpe-match.from-nvd-records.tsv (bounds, exact versions, AND-ed hardware/OS)
 * — not produced by this matcher — and include the traps listed in shared/data/vuln/nvd/SOURCES.md. A match
 * needing review counts as "not matched" here (it is surfaced to a human, not asserted), and is tallied apart.
 */
import { memDb } from '../testdata/mem-db.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { importFeeds } from '../feeds/import.js';
import { matchComponents, type Component } from '../index.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

type Case = [cpes: string[], labels: Record<string, boolean>, why?: string];
const a = (vp: string, v: string) => `cpe:2.3:a:${vp}:${v}:*:*:*:*:*:*:*`;
const o = (vp: string, v: string) => `cpe:2.3:o:${vp}:${v}:*:*:*:*:*:*:*`;
const h = (vp: string) => `cpe:2.3:h:${vp}:-:*:*:*:*:*:*:*`;

const CASES: Case[] = [
  [[a('offis:dcmtk', '3.6.0')], { 'CVE-2015-8979': true, 'CVE-2019-1010228': true, 'CVE-2021-41687': true, 'CVE-2022-2119': true, 'CVE-2024-47796': false, 'CVE-2025-2357': false, 'CVE-2025-9732': true }, 'dicom:dcmtk alias'],
  [[a('offis:dcmtk', '3.6.1')], { 'CVE-2015-8979': false, 'CVE-2019-1010228': true }],
  [[a('offis:dcmtk', '3.6.3')], { 'CVE-2019-1010228': true, 'CVE-2021-41690': true }],
  [[a('offis:dcmtk', '3.6.4')], { 'CVE-2019-1010228': false, 'CVE-2021-41688': true }],
  [[a('offis:dcmtk', '3.6.6')], { 'CVE-2021-41689': true, 'CVE-2022-2120': true }],
  [[a('offis:dcmtk', '3.6.7')], { 'CVE-2021-41690': false, 'CVE-2022-2121': false, 'CVE-2025-9732': true }],
  [[a('offis:dcmtk', '3.6.8')], { 'CVE-2024-47796': true, 'CVE-2025-2357': false }],
  [[a('offis:dcmtk', '3.6.9')], { 'CVE-2025-2357': true, 'CVE-2025-9732': true, 'CVE-2024-47796': false }],
  [[a('offis:dcmtk', '3.6.10')], { 'CVE-2025-9732': false, 'CVE-2022-2119': false }, '3.6.10 > 3.6.9 numerically'],
  [[a('orthanc-server:orthanc', '1.11.3')], { 'CVE-2023-33466': true }],
  [[a('orthanc-server:orthanc', '1.9.7')], { 'CVE-2023-33466': true }],
  [[a('orthanc-server:orthanc', '1.12.0')], { 'CVE-2023-33466': false }],
  [[a('santesoft:dicom_viewer_pro', '12.2.5')], { 'CVE-2023-35986': true, 'CVE-2023-39431': true }],
  [[a('santesoft:dicom_viewer_pro', '12.2.6')], { 'CVE-2023-35986': false }],
  [[a('santesoft:dicom_viewer_pro', '14.0')], { 'CVE-2023-39431': false }],
  [[a('santesoft:fft_imaging', '1.4.0')], { 'CVE-2023-5059': true, 'CVE-2024-1696': true }],
  [[a('santesoft:fft_imaging', '1.4.1')], { 'CVE-2023-5059': false, 'CVE-2024-1696': true }],
  [[a('santesoft:fft_imaging', '1.4.2')], { 'CVE-2024-1696': false }],
  [[a('microdicom:dicom_viewer', '2023.3')], { 'CVE-2024-22100': true, 'CVE-2024-28877': true }, 'date-like versions'],
  [[a('microdicom:dicom_viewer', '2024.1')], { 'CVE-2024-22100': false, 'CVE-2024-28877': true }],
  [[a('microdicom:dicom_viewer', '2024.2')], { 'CVE-2024-33606': false }],
  [[a('philips:vue_pacs', '12.2.1.0')], { 'CVE-2021-27493': true, 'CVE-2023-40159': true }],
  [[a('philips:vue_pacs', '12.2.8.0')], { 'CVE-2021-27493': false, 'CVE-2023-40159': true }],
  [[a('philips:vue_pacs', '12.2.8.410')], { 'CVE-2023-40704': false }],
  [[a('philips:myvue', '12.2.1.0')], { 'CVE-2021-27497': true }],
  [[a('philips:myvue', '12.2.1.5')], { 'CVE-2021-27497': false }],
  [[a('philips:xcelera', 'R4.1L0')], { 'CVE-2017-14111': true }, 'non-numeric bound r4.1l1'],
  [[a('philips:xcelera', '4.1')], { 'CVE-2018-14789': true }],
  [[a('philips:intellispace_cardiovascular', '2.3.0')], { 'CVE-2017-14111': true, 'CVE-2018-14789': true }],
  [[a('philips:intellispace_cardiovascular', '3.2')], { 'CVE-2018-14789': false, 'CVE-2017-14111': false }],
  [[a('philips:interoperability_solution_xds', '3.5')], { 'CVE-2021-32966': true }, 'two schemes: 3.5 < 3.11'],
  [[a('philips:interoperability_solution_xds', '2019-1')], { 'CVE-2021-32966': true }],
  [[a('philips:interoperability_solution_xds', '2022-1')], { 'CVE-2021-32966': false }],
  [[a('philips:interoperability_solution_xds', '3.12')], { 'CVE-2021-32966': false }],
  [[a('nema:dicom_standard', '2019a')], { 'CVE-2019-11687': true }],
  [[a('nema:dicom_standard', '2020a')], { 'CVE-2019-11687': false }],
  [[a('philips:intellispace_portal', '7.0')], { 'CVE-2017-0143': true, 'CVE-2018-5474': false }, 'description says 7.0.x, CPEs say 8.0/9.0'],
  [[a('philips:intellispace_portal', '9.0')], { 'CVE-2018-5474': true, 'CVE-2017-0143': false }],
  [[o('philips:brilliance_firmware_64', '2.6.0'), h('philips:brilliance_64')], { 'CVE-2018-8853': true, 'CVE-2018-8857': true }],
  [[o('philips:brilliance_firmware_64', '2.6.3'), h('philips:brilliance_64')], { 'CVE-2018-8861': false }],
  [[o('philips:brilliance_ct_big_bore_firmware', '2.3.0'), h('philips:brilliance_ct_big_bore')], { 'CVE-2018-8853': true }, 'leading-underscore product typo'],
  [[o('philips:gemini_882300_firmware', '-'), h('philips:gemini_882300')], { 'CVE-2021-27456': true }, 'phillips vendor typo'],
  [[o('philips:gemini_882300_firmware', '-'), h('philips:gemini_882160')], { 'CVE-2021-27456': false }, 'firmware of one model on another model'],
  [[a('vsftpd_project:vsftpd', '2.3.4')], { 'CVE-2011-2523': true }],
  [[a('vsftpd_project:vsftpd', '2.3.5')], { 'CVE-2011-2523': false }],
  [[a('beasts:vsftpd', '2.3.4')], { 'CVE-2011-2523': true }, 'the vendor our FTP banner fingerprint (and older NVD records) use'],
  [[a('openssl:openssl', '1.0.1f')], { 'CVE-2014-0160': true, 'CVE-2016-0800': true }, 'letter suffix releases'],
  [[a('openssl:openssl', '1.0.1g')], { 'CVE-2014-0160': false }],
  [[a('openssl:openssl', '1.0.2')], { 'CVE-2014-0160': false }],
  [[a('openssl:openssl', '1.0.2g')], { 'CVE-2016-0800': false }],
  [['cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'], { 'CVE-2017-0144': true, 'CVE-2017-0143': true }],
  [['cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x64:*'], { 'CVE-2017-0144': true }],
  [['cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*', 'cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*'], { 'CVE-2017-0144': false }],
  [[o('siemens:acuson_sc2000_firmware', '4.0'), h('siemens:acuson_sc2000')], { 'CVE-2017-0143': true }, '4.0 < 4.0e'],
  [[o('siemens:acuson_sc2000_firmware', '4.0e'), h('siemens:acuson_sc2000')], { 'CVE-2017-0143': false }],
  [[o('siemens:acuson_sc2000_firmware', '5.0a'), h('siemens:acuson_sc2000')], { 'CVE-2017-0143': true }],
  [[o('siemens:acuson_p500_firmware', 'va10'), h('siemens:acuson_p500')], { 'CVE-2017-0143': true }],
  [[o('siemens:acuson_p500_firmware', 'vc10'), h('siemens:acuson_p500')], { 'CVE-2017-0143': false }],
  [[a('carestream:carestream_vue_ris', '11.0'), 'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*'], { 'CVE-2018-17891': true }, 'application on OS'],
  [[a('carestream:carestream_vue_ris', '11.0'), 'cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:*:*'], { 'CVE-2018-17891': false }],
  [[a('carestream:carestream_vue_ris', '11.3'), 'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*'], { 'CVE-2018-17891': false }],
  [[o('silextechnology:geh-sd-320an_firmware', 'geh-1.0'), h('silextechnology:geh-sd-320an')], { 'CVE-2018-6020': true }, 'non-numeric bound geh-1.1'],
  [[o('silextechnology:geh-sd-320an_firmware', 'geh-1.2'), h('silextechnology:geh-sd-320an')], { 'CVE-2018-6020': false }],
  [[o('ge:vivid_e95_firmware', '204'), h('ge:vivid_e95')], { 'CVE-2020-6977': true }],
  [[o('gehealthcare:vivid_e95_firmware', '204'), h('gehealthcare:vivid_e95')], { 'CVE-2020-6977': true }, 'ge/gehealthcare alias'],
  [[a('johnsoncontrols:metasys_system', '8.0')], { 'CVE-2018-10624': true }],
];

let db: Db;
beforeAll(async () => {
  db = memDb();
  await importFeeds(db, [`${SHARED_DATA}/vuln/nvd/records`, `${SHARED_DATA}/vuln/nvd/legacy-1.1`], { clock: fixedClock('2026-11-30T00:00:00Z') });
});

describe('matching accuracy on hand-labelled cases', () => {
  it('has at least 50 labelled pairs and keeps precision and recall at 1.0', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    let review = 0;
    const wrong: string[] = [];
    CASES.forEach(([cpes, labels, why], i) => {
      const comps: Component[] = cpes.map((c, j) => ({ id: `c${i}-${j}`, kind: 'application', name: c, cpes: [c], source: 'manual', asset: `case-${i}` }));
      const m = matchComponents(db, comps, { bare: true }).filter((x) => x.source === 'nvd');
      for (const [cve, want] of Object.entries(labels)) {
        const hits = m.filter((x) => x.cve === cve);
        const got = hits.some((x) => x.confidence !== 'review');
        if (!got && hits.length) review++;
        if (got && want) tp++;
        else if (got && !want) fp++;
        else if (!got && want) fn++;
        else tn++;
        if (got !== want) wrong.push(`${cpes.join(' + ')} ${cve}: expected ${want}, got ${got}${hits.length && !got ? ' (review)' : ''}${why ? ` [${why}]` : ''}`);
      }
    });
    const pairs = tp + fp + fn + tn;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`accuracy: ${pairs} labelled pairs, TP ${tp} FP ${fp} FN ${fn} TN ${tn}, review ${review}; precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`);
    expect(pairs).toBeGreaterThanOrEqual(50);
    expect(wrong).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});
