/**
 * The executive scorecard, end-of-support timeline and replacement plan, now counted and ranked in SQL (the
 * dashboard's cold load at 100k devices), against the computation they replaced, which read every device into
 * JS: kept here only as the reference. A store of 3,000 devices and ~20,000 findings with varied dates, OS
 * strings, catalog models with and without dates and declared ports, roles, removable media, rules, severities,
 * states and CVEs is compared for the whole department and for vendor and site scopes, and the dashboard route's
 * answer is checked to carry the same numbers as the report the PDF is built from.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import type { AssetScope } from '../../store/sqlite/inventory-store.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { DashboardQueries } from '../../store/sqlite/dashboard-queries.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { replacementPlan, supportEndOf } from '../lifecycle/plan.js';
import { executiveReport } from './executive.js';

const AT = new Date('2026-11-30T09:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'rg-scorecard-sql-'));
let store: SqliteScanStore;
let inv: InventoryStore;

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OSES = [
  null,
  '',
  'Windows 7 SP1',
  'Windows 7',
  'Win 10 22H2',
  'Windows XP',
  'Debian 10',
  'Ubuntu 18.04',
  'RHEL 7',
  'VxWorks 6.9',
  'Windows 11 23H2',
];
const DATES = [null, '', '2020-01-14', '2019-01-31', '2024-06-30', '2026-11-30', '2026-12-01', '2027-03-31', '2030-01-01', '2015-07-14'];
const RULES = [
  'dicom-any-ae',
  'insecure-telnet',
  'tls-expired',
  'end-of-support',
  'legacy-os',
  'outdated-software',
  'open-port-unneeded',
  'removable-media-autorun',
  'zone-flow',
  'snmp-default-community',
  'some-other-rule',
];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const STATES = ['open', 'open', 'in-remediation', 'resolved', 'risk-accepted', 'false-positive'];
const CRITICALITY = ['life-critical', 'high', 'medium', 'low', 'unknown'];
const MANUFACTURERS = ['Siemens', 'GE', 'Philips', 'siemens', null];

function fill(db: SqliteScanStore['db'], assets: number): void {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('scan_1', ?, 'complete', 'scan', '[]', '{}', '{}')",
    ).run(AT.toISOString());
    const model = db.prepare('INSERT INTO device_models (id, manufacturer, model, os, end_of_support, updated_at) VALUES (?,?,?,?,?,?)');
    const port = db.prepare("INSERT INTO device_model_ports (model_id, port, protocol, source) VALUES (?, 104, 'tcp', 'manual')");
    for (let m = 0; m < 30; m++) {
      model.run(`mdl_${m}`, 'Maker', `M${m}`, m % 3 === 0 ? pick(OSES) : null, m % 4 === 0 ? pick(DATES) : null, AT.toISOString());
      if (m % 2 === 0) port.run(`mdl_${m}`);
    }
    const asset = db.prepare(
      `INSERT INTO assets (id, name, criticality, zone, site, created_at, manufacturer, model_name, model_id, os, end_of_support, role_source, removable_media, autorun)
       VALUES (?,?,?,'imaging',?,?,?,?,?,?,?,?,?,?)`,
    );
    const finding = db.prepare(
      `INSERT INTO findings (key, rule_id, cve, subject, host, port, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES (?,?,?,?,'10.0.0.1',104,?,'t','e','r',?,?,?,'scan_1','scan_1')`,
    );
    // three completed scans (and one running): hosts resolved to a device or not, alive or not
    for (const [id, status] of [
      ['scan_2', 'complete'],
      ['scan_3', 'complete'],
      ['scan_4', 'running'],
    ] as const)
      db.prepare(
        "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES (?, ?, ?, 'scan', '[]', '{}', '{}')",
      ).run(id, `2026-11-${id.slice(-1)}0T09:00:00.000Z`, status);
    const host = db.prepare('INSERT INTO scan_hosts (scan_id, address, asset_id, alive, finished_at) VALUES (?,?,?,?,?)');
    const occurrence = db.prepare(
      "INSERT INTO finding_occurrences (scan_id, finding_key, address, severity, evidence) VALUES (?,?,?,?,'e')",
    );
    for (let i = 0; i < assets; i++) {
      const id = `asset_${String(Math.floor(r() * 1e9)).padStart(9, '0')}_${i}`; // ids not in insertion order
      const modelId = r() < 0.5 ? `mdl_${Math.floor(r() * 30)}` : null;
      asset.run(
        id,
        r() < 0.8 ? `DEV-${i}` : null,
        pick(CRITICALITY),
        pick(['north', 'south', 'east']),
        AT.toISOString(),
        pick(MANUFACTURERS),
        r() < 0.7 ? `Model ${i % 13}` : null,
        modelId,
        pick(OSES),
        pick(DATES),
        pick([null, null, 'declared', 'inferred-dicom', 'inferred-banner']),
        r() < 0.1 ? '["cd"]' : '[]',
        r() < 0.1 ? (r() < 0.5 ? 1 : 0) : null,
      );
      const scans = ['scan_1', 'scan_2', 'scan_3', 'scan_4'].filter(() => r() < 0.7);
      for (const scan of scans) host.run(scan, `10.1.${i >> 8}.${i & 255}`, r() < 0.9 ? id : null, r() < 0.9 ? 1 : 0, AT.toISOString());
      const n = Math.floor(r() * 14);
      for (let f = 0; f < n; f++) {
        finding.run(
          `${id}-${f}`,
          pick(RULES),
          r() < 0.25 ? `CVE-2024-${Math.floor(r() * 50)}` : null,
          r() < 0.03 ? `host:10.9.${i % 250}.1` : id, // some findings on unresolved hosts
          pick(SEVERITIES),
          pick(STATES),
          AT.toISOString(),
          AT.toISOString(),
        );
        for (const scan of scans) if (r() < 0.8) occurrence.run(scan, `${id}-${f}`, `10.1.${i >> 8}.${i & 255}`, pick(SEVERITIES));
      }
    }
  })();
}

/** The computation the SQL replaced: every device read into JS (the reference only). */
function reference(scope: AssetScope | undefined, timelineRows: number) {
  const defs = (
    JSON.parse(readFileSync(new URL('../data/practices.json', import.meta.url), 'utf8')) as {
      practices: Array<{ id: number; rules: string[]; cve?: boolean }>;
    }
  ).practices;
  const matches = (patterns: readonly string[], ruleId: string) =>
    patterns.some((p) => (p.endsWith('*') ? ruleId.startsWith(p.slice(0, -1)) : ruleId === p));
  const totals = inv.openFindingTotals(scope);
  const counts = inv.findingCounts(scope);
  const assets = [...inv.eachAsset(scope)];
  const modelOf = (id: string) => inv.model(id);
  const plan = replacementPlan(assets, modelOf, (id) => counts.get(id) ?? { open: 0, highOrCritical: 0, kev: 0 }, AT);
  const withEnd = plan.filter((p) => p.supportEnds !== null);
  const withPortBasis = assets.filter(
    (a) => a.roleSource === 'declared' || a.roleSource === 'inferred-dicom' || (a.modelId && (modelOf(a.modelId)?.ports.length ?? 0) > 0),
  ).length;
  const removableKnown = assets.filter((a) => a.removableMedia.length > 0 || a.autorun !== null).length;
  const open3 = totals.filter((t) => matches(defs.find((x) => x.id === 3)!.rules, t.ruleId)).reduce((n, t) => n + t.n, 0);
  const timeline = assets
    .map((a) => ({ a, end: supportEndOf(a, a.modelId ? modelOf(a.modelId) : null) }))
    .filter((x) => x.end)
    .sort((x, y) => x.end!.date.localeCompare(y.end!.date))
    .slice(0, timelineRows)
    .map(({ a, end }) => ({
      assetId: a.id,
      label: a.name ?? ([a.manufacturer, a.model].filter(Boolean).join(' ') || a.id),
      date: end!.date,
      what: end!.what,
      criticality: a.criticality,
    }));
  return {
    assets: assets.length,
    withEnd: withEnd.length,
    ended: withEnd.filter((p) => (p.monthsLeft ?? 1) <= 0).length,
    withPortBasis,
    removableKnown,
    open3,
    timeline,
    plan,
  };
}

/** The posture trend's per-scan counts as they were queried before: each occurrence's finding looked up. */
function referenceTrend(scope: AssetScope) {
  const where = [
    scope.manufacturer !== null ? 'a.manufacturer = ? COLLATE NOCASE' : null,
    scope.site !== null ? 'a.site = ?' : null,
  ].filter(Boolean);
  const args = [scope.manufacturer, scope.site].filter((v) => v !== null);
  const sc = where.map((w) => ` AND ${w}`).join('');
  const ids = [...new DashboardQueries(store.db).scanSeverities(scope, 30)].map((x) => x.scanId);
  return ids.map((id) => ({
    devices: store.db
      .prepare(
        `SELECT count(*) FROM scan_hosts h ${sc ? 'JOIN assets a ON a.id = h.asset_id' : ''} WHERE h.scan_id = ? AND h.alive = 1${sc}`,
      )
      .pluck()
      .get(id, ...args),
    bySeverity: Object.fromEntries(
      (
        store.db
          .prepare(
            `SELECT o.severity, count(*) AS n FROM finding_occurrences o JOIN findings f ON f.key = o.finding_key
               ${sc ? 'JOIN scan_hosts h ON h.scan_id = o.scan_id AND h.address = o.address JOIN assets a ON a.id = h.asset_id' : ''}
              WHERE o.scan_id = ? AND f.state != 'false-positive'${sc} GROUP BY o.severity`,
          )
          .all(id, ...args) as Array<{ severity: string; n: number }>
      ).map((r) => [r.severity, r.n]),
    ),
  }));
}

beforeAll(() => {
  store = SqliteScanStore.open(join(dir, 'sc.db'));
  fill(store.db, 3000);
  inv = new InventoryStore(store.db, sequentialIds());
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const SCOPES: Array<[string, AssetScope | undefined]> = [
  ['the whole department', undefined],
  ['a vendor (any letter case)', { manufacturer: 'SIEMENS', site: null }],
  ['a site', { manufacturer: null, site: 'north' }],
  ['a vendor at a site', { manufacturer: 'GE', site: 'south' }],
  ['a vendor with no devices', { manufacturer: 'Nobody', site: null }],
];

describe('executive scorecard counted in SQL', () => {
  it.each(SCOPES)('matches the device-by-device computation for %s', (_name, scope) => {
    const ref = reference(scope, 5000);
    const got = executiveReport(inv, AT, { scope, timelineRows: 5000, planRows: 1_000_000, topRiskRows: 0 });
    expect(got.assets).toBe(ref.assets);
    expect(inv.assetFacts(scope)).toEqual({ assets: ref.assets, portBasis: ref.withPortBasis, removableKnown: ref.removableKnown });
    expect(got.timeline).toEqual(ref.timeline);
    expect(got.plan).toEqual(ref.plan);
    const p2 = got.practices.find((p) => p.id === 2)!;
    if (ref.withEnd > 0) expect(p2.summary).toContain(` ${ref.ended} of ${ref.withEnd} devices with a known date are out of support.`);
    const p3 = got.practices.find((p) => p.id === 3)!;
    if (p3.status !== 'not-assessed') expect(p3.summary).toContain(`Judged on ${ref.withPortBasis} devices`);
    else expect(ref.withPortBasis + ref.removableKnown + ref.open3).toBe(0);
  });

  it.each(SCOPES)('counts open findings by rule, severity and CVE as the single GROUP BY did for %s', (_name, scope) => {
    const sc = scope ?? { manufacturer: null, site: null };
    const where = [sc.manufacturer !== null ? 'a.manufacturer = ? COLLATE NOCASE' : null, sc.site !== null ? 'a.site = ?' : null].filter(
      Boolean,
    );
    const args = [sc.manufacturer, sc.site].filter((v) => v !== null);
    const old = (
      store.db
        .prepare(
          `SELECT f.rule_id, f.severity, f.cve IS NOT NULL AS has_cve, count(*) AS n FROM findings f ${where.length ? 'JOIN assets a ON a.id = f.subject' : ''}
            WHERE f.state IN ('open','in-remediation')${where.map((w) => ` AND ${w}`).join('')} GROUP BY f.rule_id, f.severity, has_cve`,
        )
        .all(...args) as Array<{ rule_id: string; severity: string; has_cve: number; n: number }>
    ).map((r) => ({ ruleId: r.rule_id, severity: r.severity, cve: r.has_cve === 1, n: r.n }));
    const order = (xs: Array<{ ruleId: string; severity: string; cve: boolean }>) =>
      [...xs].sort((x, y) => `${x.ruleId}|${x.severity}|${x.cve}`.localeCompare(`${y.ruleId}|${y.severity}|${y.cve}`));
    expect(order(inv.openFindingTotals(scope))).toEqual(order(old));
    expect(old.length).toBeGreaterThan(scope?.manufacturer === 'Nobody' ? -1 : 20);
  });

  it('exercises the branches the comparison relies on', () => {
    const ref = reference(undefined, 3000);
    // device dates and OS dates both lead somewhere, ties on a date are many, some devices are out of support
    expect(new Set(ref.timeline.map((t) => t.what)).size).toBeGreaterThan(3);
    expect(ref.timeline.filter((t) => t.date === ref.timeline[0]!.date).length).toBeGreaterThan(20);
    expect(ref.ended).toBeGreaterThan(0);
    expect(ref.withEnd).toBeLessThan(ref.assets);
    expect(ref.withPortBasis).toBeGreaterThan(0);
    expect(ref.removableKnown).toBeGreaterThan(0);
  });

  it('cuts the timeline at the rows asked for, in date then device order', () => {
    const ref = reference(undefined, 50);
    expect(executiveReport(inv, AT, { timelineRows: 50, planRows: 0, topRiskRows: 0 }).timeline).toEqual(ref.timeline);
    expect(ref.timeline).toHaveLength(50);
  });

  it.each(SCOPES)('counts the posture trend per scan as before for %s', (_name, scope) => {
    const full = scope ?? { manufacturer: null, site: null };
    const got = [...new DashboardQueries(store.db).scanSeverities(full, 30)];
    expect(got.map(({ devices, bySeverity }) => ({ devices, bySeverity }))).toEqual(referenceTrend(full));
    if (!scope) {
      expect(got.map((x) => x.scanId).sort()).toEqual(['scan_1', 'scan_2', 'scan_3']); // the running one is left out
      expect(
        store.db
          .prepare("SELECT count(*) FROM finding_occurrences o JOIN findings f ON f.key = o.finding_key WHERE f.state = 'false-positive'")
          .pluck()
          .get(),
      ).toBeGreaterThan(100);
    }
  });

  it('keeps the plan out of a report that asks for no plan rows', () => {
    expect(executiveReport(inv, AT, { planRows: 0, topRiskRows: 0 }).plan).toEqual([]);
  });
});
