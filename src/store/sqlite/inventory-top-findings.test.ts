/**
 * The executive report's top risks and replacement-plan counts are read severity by severity and from a covering
 * index; they must equal the plain definitions: every open or in-remediation finding sorted by (severity, device
 * criticality, key), and per device the open count, the high-or-critical count and the KEV count.
 */
import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import { InventoryStore } from './inventory-store.js';
import { SqliteScanStore } from './scan-store.js';

const AT = '2026-11-01T08:00:00.000Z';
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const CRITICALITIES = ['life-critical', 'high', 'medium', 'low', null] as const;
const STATES = ['open', 'in-remediation', 'resolved', 'risk-accepted'];
const sevRank = (s: string) => SEVERITIES.indexOf(s);
const critRank = (c: string | null) => ({ 'life-critical': 0, high: 1, medium: 2, low: 4 })[c ?? ''] ?? 3;

function fleet() {
  const store = SqliteScanStore.open(':memory:');
  const inv = new InventoryStore(store.db, sequentialIds());
  store.db
    .prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('s', ?, 'complete', 'scan', '[]', '{}', '{}')",
    )
    .run(AT);
  store.db
    .prepare(
      "INSERT INTO vuln_feed_files (id, feed, path, sha256, bytes, imported_at, records) VALUES (1, 'kev', 'kev.json', '-', 0, ?, 1)",
    )
    .run(AT);
  store.db
    .prepare(
      "INSERT INTO vuln_kev (cve_id, vendor_project, product, name, date_added, ransomware, file_id) VALUES ('CVE-2024-0001', 'v', 'p', 'n', '2024-01-01', 'Known', 1)",
    )
    .run();
  const add = store.db.prepare(
    `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
     VALUES (?,?,?,?,?,?,'t','e','r',?,?,?,'s','s')`,
  );
  const all: {
    key: string;
    subject: string;
    severity: string;
    state: string;
    cve: string | null;
    criticality: string | null;
    manufacturer: string | null;
  }[] = [];
  for (let i = 0; i < 12; i++) {
    const criticality = CRITICALITIES[i % 5]!;
    const manufacturer = i % 3 ? 'Siemens' : 'GE';
    const id = inv.upsert(
      {
        name: `D-${i}`,
        manufacturer,
        site: i % 2 ? 'north' : 'south',
        addresses: [`10.0.0.${i + 1}`],
        ...(criticality ? { criticality } : {}),
      },
      'test',
      AT,
    ).assetId;
    for (let f = 0; f < 7; f++) {
      // few criticals (so the top rows run into the next severities), keys not in insertion order
      const severity = SEVERITIES[(i * 7 + f) % 11 === 0 ? 0 : 1 + ((i + f) % 4)]!;
      const row = {
        key: `k-${(f * 37 + i * 11) % 97}-${i}-${f}`,
        subject: id,
        severity,
        state: STATES[(i + 2 * f) % 4]!,
        cve: f % 3 === 0 ? 'CVE-2024-0001' : null,
        criticality,
        manufacturer,
      };
      add.run(row.key, `rule.${f}`, row.cve, id, `10.0.0.${i + 1}`, severity, row.state, AT, AT);
      all.push(row);
    }
  }
  add.run('k-zone', 'segmentation.violation', null, 'zone:office>imaging', '10.0.0.99', 'critical', 'open', AT, AT);
  all.push({
    key: 'k-zone',
    subject: 'zone:office>imaging',
    severity: 'critical',
    state: 'open',
    cve: null,
    criticality: null,
    manufacturer: null,
  });
  return { inv, all };
}

describe('executive report reads', () => {
  const { inv, all } = fleet();
  const open = all.filter((f) => f.state === 'open' || f.state === 'in-remediation');
  const ranked = (rows: typeof open) =>
    [...rows]
      .sort(
        (a, b) =>
          sevRank(a.severity) - sevRank(b.severity) ||
          critRank(a.criticality) - critRank(b.criticality) ||
          (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      )
      .map((f) => f.key);

  it('top open findings: the first rows of every open finding sorted by severity, device criticality and key', () => {
    expect(open.filter((f) => f.severity === 'critical').length).toBeLessThan(8); // the top rows span severities
    for (const limit of [1, 3, 8, 20, 500]) expect(inv.topOpenFindings(limit).map((f) => f.key)).toEqual(ranked(open).slice(0, limit));
    const siemens = open.filter((f) => f.manufacturer === 'Siemens');
    expect(inv.topOpenFindings(10, { manufacturer: 'siemens', site: null }).map((f) => f.key)).toEqual(ranked(siemens).slice(0, 10));
  });

  it('counts per device: open, high or critical, in KEV', () => {
    const want = new Map<string, { open: number; highOrCritical: number; kev: number }>();
    for (const f of open) {
      const c = want.get(f.subject) ?? { open: 0, highOrCritical: 0, kev: 0 };
      want.set(f.subject, {
        open: c.open + 1,
        highOrCritical: c.highOrCritical + +(f.severity === 'high' || f.severity === 'critical'),
        kev: c.kev + +(f.cve !== null),
      });
    }
    expect(inv.findingCounts()).toEqual(want);
    const ge = new Map([...want].filter(([subject]) => open.find((f) => f.subject === subject)!.manufacturer === 'GE'));
    expect(inv.findingCounts({ manufacturer: 'GE', site: null })).toEqual(ge);
  });
});
