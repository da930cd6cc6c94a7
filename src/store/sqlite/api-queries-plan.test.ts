/**
 * The list queries' plans, so a change to a query, an index or a migration that makes a main page read the
 * whole table fails here instead of in a hospital with 1M findings. A small department built like bench/api.ts
 * (3,000 assets, 30,000 findings: the same proportions, so the plan choices are the ones made at 100k / 1M),
 * then each main filter × sort combination's page query is captured and EXPLAINed: it must walk the named index
 * (no sort of every matching row) or be driven by the few trigram candidates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiQueries, type Cursor } from './api-queries.js';
import type { Scope } from './api-store.js';
import type { Db } from './db.js';
import { SqliteScanStore } from './scan-store.js';
import { indexFindingsBatch } from './search-indexer.js';

const AT = '2026-11-30T09:00:00.000Z';
const ALL: Scope = { manufacturer: null, site: null };
const VENDOR: Scope = { manufacturer: 'Vendor7', site: null };
const N = 3000;
const SEV = ['info', 'low', 'medium', 'high', 'critical'];
const TITLES = [
  'DICOM accepts any calling AE title',
  'Telnet service exposed',
  'TLS certificate expired',
  'SMBv1 enabled',
  'Known vulnerable software version',
];

let dir: string;
let store: SqliteScanStore;
let queries: ApiQueries;
let last: { sql: string; args: unknown[] } | null = null;
let lastCount: { sql: string; args: unknown[] } | null = null;

/** The page query's plan (the one that reads rows: totals and plan probes are not pages). */
function planOf(read: () => unknown): string {
  last = null;
  read();
  if (!last) throw new Error('no page query captured');
  const { sql, args } = last as { sql: string; args: unknown[] };
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radguard-api-plan-'));
  store = SqliteScanStore.open(join(dir, 'rg.db'));
  const db = store.db;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('s', ?, 'complete', 'scan', '[]', '{}', '{}')",
    ).run(AT);
    const asset = db.prepare(
      'INSERT INTO assets (id, name, criticality, site, created_at, manufacturer, model_name) VALUES (?,?,?,?,?,?,?)',
    );
    const ident = db.prepare('INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES (?,?,?,?,?)');
    const finding = db.prepare(
      `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES (?,?,?,?,?,?,?,'e','r',?,?,?,'s','s')`,
    );
    for (let i = 0; i < N; i++) {
      const m = i % 200;
      asset.run(
        `asset_${i}`,
        `DEV-${i}`,
        ['low', 'medium', 'high'][i % 3],
        ['north', 'south', 'east', 'west'][i % 4],
        AT,
        `Vendor${m % 20}`,
        `Model${m}`,
      );
      ident.run(`asset_${i}`, 'address', `10.0.${i >> 8}.${i & 255}`, AT, AT);
      for (let f = 0; f < 10; f++) {
        const day = String(1 + ((i + f) % 28)).padStart(2, '0');
        finding.run(
          `${i}-${f}`,
          `rule-${f % 5}`,
          f % 5 === 4 ? `CVE-2024-${i + 1000}` : null,
          `asset_${i}`,
          `10.0.${i >> 8}.${i & 255}`,
          SEV[(i + f) % 5],
          `${TITLES[f % 5]} (${i})`,
          f < 7 ? 'open' : 'resolved',
          AT,
          `2026-11-${day}T00:00:00Z`,
        );
      }
    }
  })();
  while (indexFindingsBatch(db, 10_000) > 0);
  // capture the statement that reads a page: its SQL selects whole rows plus the sort value
  const capturing = new Proxy(db, {
    get(target, prop) {
      if (prop !== 'prepare') return Reflect.get(target, prop, target);
      return (sql: string) => {
        const st = target.prepare(sql);
        if (sql.startsWith('SELECT count(*)') && sql.includes('FROM findings f JOIN'))
          return new Proxy(st, {
            get: (s, p) =>
              p === 'pluck'
                ? () => ({ get: (...args: unknown[]) => ((lastCount = { sql, args }), s.pluck().get(...args)) })
                : Reflect.get(s, p, s),
          });
        if (!sql.includes('AS sort_value')) return st;
        return new Proxy(st, {
          get: (s, p) => (p === 'all' ? (...args: unknown[]) => ((last = { sql, args }), s.all(...args)) : Reflect.get(s, p, s)),
        });
      };
    },
  }) as Db;
  queries = new ApiQueries(capturing);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = { limit: 50, offset: 0, order: 'asc' as const };
const walks = (plan: string, index: string) => {
  expect(plan).toContain(`INDEX ${index}`);
  expect(plan).not.toMatch(/USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/);
};

describe('list query plans at scale', () => {
  it('walks an index in order for the main asset pages', () => {
    walks(
      planOf(() => queries.assets(ALL, { ...page, sort: 'name' })),
      'api_assets_by_name',
    );
    walks(
      planOf(() => queries.assets(ALL, { ...page, sort: 'name', order: 'desc', site: 'north', criticality: 'high' })),
      'api_assets_by_site_name',
    );
    walks(
      planOf(() => queries.assets(VENDOR, { ...page, sort: 'name' })),
      'api_assets_by_manufacturer_name',
    );
    walks(
      planOf(() => queries.assets(ALL, { ...page, sort: 'criticality' })),
      'api_assets_by_criticality',
    );
    // a common text walks the order and tests each row; a rare one is driven by its trigram hits
    walks(
      planOf(() => queries.assets(ALL, { ...page, sort: 'criticality', q: 'Vendor1' })),
      'api_assets_by_criticality',
    );
    expect(planOf(() => queries.assets(ALL, { ...page, sort: 'name', q: 'DEV-1234' }))).toContain('VIRTUAL TABLE');
  });

  it('walks an index in order for the main finding pages, probing a large vendor scope per row', () => {
    walks(
      planOf(() => queries.findings(ALL, { ...page, sort: 'severity' })),
      'api_findings_by_severity',
    );
    walks(
      planOf(() => queries.findings(ALL, { ...page, sort: 'severity', state: 'open', severity: 'critical' })),
      'api_findings_by_state_severity',
    );
    walks(
      planOf(() => queries.findings(ALL, { ...page, sort: 'severity', state: 'open', q: 'Telnet' })),
      'api_findings_by_state_severity',
    );
    walks(
      planOf(() => queries.findings(ALL, { ...page, sort: 'lastSeen', order: 'desc' })),
      'api_findings_by_last_seen',
    );
    expect(planOf(() => queries.findings(ALL, { ...page, sort: 'severity', host: '10.0.3.4' }))).toContain(
      'INDEX api_findings_by_host (host=?)',
    );
    const vendor = planOf(() => queries.findings(VENDOR, { ...page, sort: 'severity' }));
    walks(vendor, 'api_findings_by_severity');
    expect(vendor).toContain('CORRELATED SCALAR SUBQUERY');
    walks(
      planOf(() => queries.findings(VENDOR, { ...page, sort: 'severity', q: 'TLS', severity: 'high' })),
      'api_findings_by_severity',
    );
    const rare = planOf(() => queries.findings(ALL, { ...page, sort: 'severity', q: 'CVE-2024-1777' }));
    expect(rare).toMatch(/SEARCH f USING INTEGER PRIMARY KEY \(rowid=\?\).*VIRTUAL TABLE/);
  });

  it("counts a vendor's text search over its own findings, not candidates × devices", () => {
    lastCount = null;
    queries.findings(VENDOR, { ...page, sort: 'severity', q: 'TLS' });
    const { sql, args } = lastCount as unknown as { sql: string; args: unknown[] };
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toContain('SEARCH f USING INDEX findings_by_subject (subject=?)');
    expect(plan).not.toContain('rowid=?');
  });

  it('reads a small vendor scope first instead of walking every finding', () => {
    store.db.prepare("UPDATE assets SET manufacturer = 'Tiny' WHERE id IN ('asset_5', 'asset_6')").run();
    const plan = planOf(() => queries.findings({ manufacturer: 'tiny', site: null }, { ...page, sort: 'severity' }));
    expect(plan).toMatch(
      /^SEARCH a USING (COVERING )?INDEX api_assets_by_manufacturer\w* \(manufacturer=\?\) \| SEARCH f USING INDEX findings_by_subject \(subject=\?\)/,
    );
    expect(queries.findings({ manufacturer: 'tiny', site: null }, { ...page, sort: 'severity' }).total).toBe(20);
  });

  it('seeks a deep page by cursor instead of skipping rows, also within a tie of an expression sort', () => {
    const after = (value: string | number, id: string): { cursor: Cursor } => ({ cursor: { value, id } });
    walks(
      planOf(() => queries.findings(ALL, { ...page, sort: 'lastSeen', ...after('2026-11-10T00:00:00Z', '500-1') })),
      'api_findings_by_last_seen',
    );
    expect(planOf(() => queries.findings(ALL, { ...page, sort: 'lastSeen', ...after('2026-11-10T00:00:00Z', '500-1') }))).toContain(
      '(last_seen,key)>(?,?)',
    );
    const tie = planOf(() => queries.findings(ALL, { ...page, sort: 'severity', state: 'open', ...after(0, '1500-1') }));
    expect(tie).toContain('api_findings_by_state_severity (state=? AND <expr>=? AND key>?)');
    expect(tie).toContain('api_findings_by_state_severity (state=? AND <expr>>?)');
    expect(planOf(() => queries.assets(ALL, { ...page, sort: 'name', ...after('DEV-2000', 'asset_2000') }))).toContain(
      'api_assets_by_name (<expr>=? AND id>?)',
    );
    expect(planOf(() => queries.findings(ALL, { ...page, sort: 'severity', severity: 'high', ...after(1, '1500-1') }))).toContain('key>?');
  });
});
