/**
 * The findings CSV reads each tracked finding with its device's columns in one joined query: a finding on a
 * device carries the device, one on something else (a zone flow) carries empty device cells, closed findings are
 * left out, and a vendor's CSV holds exactly its devices' findings.
 */
import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { FINDINGS_CSV_COLUMNS, findingsCsv } from './findings-csv.js';

const AT = '2026-11-01T08:00:00.000Z';

function store() {
  const s = SqliteScanStore.open(':memory:');
  const inv = new InventoryStore(s.db, sequentialIds());
  const ct = inv.upsert(
    {
      name: 'CT-1',
      manufacturer: 'Siemens',
      model: 'SOMATOM',
      site: 'north',
      department: 'Radiology',
      location: 'Room 4',
      addresses: ['10.0.0.5'],
      criticality: 'high',
    },
    'test',
    AT,
  ).assetId;
  const mr = inv.upsert({ name: 'MR-1', manufacturer: 'GE', model: 'SIGNA', site: 'south', addresses: ['10.0.0.6'] }, 'test', AT).assetId;
  s.db
    .prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('s', ?, 'complete', 'scan', '[]', '{}', '{}')",
    )
    .run(AT);
  const add = s.db.prepare(
    `INSERT INTO findings (key, rule_id, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
     VALUES (?,?,?,?,?,'t','e','r',?,?,?,'s','s')`,
  );
  add.run('k-ct', 'dicom.no-tls', ct, '10.0.0.5', 'high', 'open', AT, AT);
  add.run('k-mr', 'smb.signing-off', mr, '10.0.0.6', 'medium', 'in-remediation', AT, AT);
  add.run('k-mr-closed', 'telnet.open', mr, '10.0.0.6', 'high', 'resolved', AT, AT);
  add.run('k-flow', 'segmentation.violation', 'zone:office>imaging', '10.0.0.9', 'high', 'open', AT, AT);
  return { inv, ct, mr };
}

const rows = (csv: string) => {
  const [header, ...lines] = csv.trimEnd().split('\n');
  expect(header).toBe(FINDINGS_CSV_COLUMNS.join(','));
  return new Map(lines.map((l) => [l.split(',')[0]!, Object.fromEntries(l.split(',').map((v, i) => [FINDINGS_CSV_COLUMNS[i]!, v]))]));
};

describe('findings CSV', () => {
  const now = new Date('2026-11-30T12:00:00.000Z');

  it('lists every tracked finding with its device, and empty device cells where the subject is no device', () => {
    const { inv } = store();
    const r = rows(findingsCsv(inv, now));
    expect([...r.keys()].sort()).toEqual(['k-ct', 'k-flow', 'k-mr']);
    expect(r.get('k-ct')).toMatchObject({
      device: 'CT-1',
      criticality: 'high',
      manufacturer: 'Siemens',
      model: 'SOMATOM',
      location: 'Radiology / Room 4',
      due: '2026-12-01',
      due_from: 'sla',
      sla_status: 'due-soon',
    });
    expect(r.get('k-mr')).toMatchObject({ device: 'MR-1', manufacturer: 'GE', model: 'SIGNA', state: 'in-remediation' });
    expect(r.get('k-flow')).toMatchObject({ device: '', manufacturer: '', model: '', location: '', host: '10.0.0.9' });
  });

  it("holds exactly a vendor's own devices' findings for the vendor", () => {
    const { inv } = store();
    expect([...rows(findingsCsv(inv, now, { manufacturer: 'siemens', site: null })).keys()]).toEqual(['k-ct']);
    expect([...rows(findingsCsv(inv, now, { manufacturer: 'GE', site: 'south' })).keys()]).toEqual(['k-mr']);
    expect([...rows(findingsCsv(inv, now, { manufacturer: 'GE', site: 'north' })).keys()]).toEqual([]);
  });
});
