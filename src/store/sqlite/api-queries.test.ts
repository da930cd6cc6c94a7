import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiQueries } from './api-queries.js';
import type { Scope } from './api-store.js';
import { SqliteScanStore } from './scan-store.js';

const AT = '2026-11-01T08:00:00.000Z';
const ALL: Scope = { manufacturer: null, site: null };
const SIEMENS: Scope = { manufacturer: 'siemens', site: null };
const NORTH_GE: Scope = { manufacturer: 'GE', site: 'north' };
const page = { limit: 500, offset: 0, order: 'asc' as const };

// names and titles with case, LIKE wildcards, quotes, FTS5 operators and non-ASCII, so the trigram prefilter is
// tested against every way it could disagree with LIKE
const ASSETS: [string, string | null, string | null, string | null, string, string[]][] = [
  ['a1', 'CT-North_1', 'Siemens', 'SOMATOM Force', 'north', ['10.0.0.5', 'ct-north.example']],
  ['a2', 'MR 100% "Signa"', 'GE', 'SIGNA Premier', 'north', ['10.0.0.6']],
  ['a3', null, 'GE', 'Revolution', 'south', ['10.0.1.7', 'AE_CT_SOUTH']],
  ['a4', 'Röntgen-Arbeitsplatz', 'siemens', 'YSIO Max', 'south', ['10.0.1.8']],
  ['a5', 'PACS AND RIS', 'Agfa', 'Enterprise Imaging', 'north', ['pacs.example']],
  ['a6', 'workstation NEAR x', null, null, 'east', []],
];
const TITLES = [
  'DICOM accepts any AE title',
  'Telnet open',
  'TLS 1.0 enabled (weak)',
  '100% "quoted" NOT title',
  'Schwachstelle in Röntgen',
  'SMBv1_enabled',
];
const QUERIES = [
  '',
  'ct',
  'CT-',
  'north',
  'NORTH_1',
  '_',
  '%',
  '100%',
  '"Signa"',
  'signa',
  'SIGNA Pre',
  'ge',
  'a3',
  'a',
  'AND',
  'NEAR',
  'NOT',
  'röntgen',
  'RÖNTGEN',
  'Röntgen',
  '10.0.1',
  'ae_ct',
  'example',
  'tls',
  'TLS 1.0',
  'dicom.any',
  'CVE-2024-1',
  'weak)',
  'SMBv1_',
  '(',
  '*',
  'xyz-nothing',
];

/** The list semantics before migration 0302: LIKE alone, as api-queries.ts had it. */
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
function oldAssets(store: SqliteScanStore, scope: Scope, q: string): string[] {
  const where = ['1'];
  const args: unknown[] = [];
  if (scope.manufacturer !== null) (where.push('a.manufacturer = ? COLLATE NOCASE'), args.push(scope.manufacturer));
  if (scope.site !== null) (where.push('a.site = ?'), args.push(scope.site));
  if (q) {
    where.push(`(a.name LIKE ? ESCAPE '\\' OR a.manufacturer LIKE ? ESCAPE '\\' OR a.model_name LIKE ? ESCAPE '\\' OR a.id = ?
      OR EXISTS (SELECT 1 FROM asset_identifiers i WHERE i.asset_id = a.id AND i.ended_at IS NULL AND i.value LIKE ? ESCAPE '\\'))`);
    args.push(like(q), like(q), like(q), q, like(q));
  }
  return store.db
    .prepare(`SELECT a.id FROM assets a WHERE ${where.join(' AND ')} ORDER BY a.id`)
    .pluck()
    .all(...args) as string[];
}
function oldFindings(store: SqliteScanStore, scope: Scope, q: string): string[] {
  const where = ['1'];
  const args: unknown[] = [];
  if (scope.manufacturer !== null) (where.push('a.manufacturer = ? COLLATE NOCASE'), args.push(scope.manufacturer));
  if (scope.site !== null) (where.push('a.site = ?'), args.push(scope.site));
  if (q) {
    where.push(`(f.title LIKE ? ESCAPE '\\' OR f.rule_id LIKE ? ESCAPE '\\' OR f.cve LIKE ? ESCAPE '\\')`);
    args.push(like(q), like(q), like(q));
  }
  return store.db
    .prepare(`SELECT f.key FROM findings f JOIN assets a ON a.id = f.subject WHERE ${where.join(' AND ')} ORDER BY f.key`)
    .pluck()
    .all(...args) as string[];
}

describe('API list queries: trigram search, scope and cached totals', () => {
  let dir: string;
  let store: SqliteScanStore;
  let queries: ApiQueries;
  const newAssets = (scope: Scope, q: string) => {
    const r = queries.assets(scope, { ...page, sort: 'name', ...(q ? { q } : {}) });
    return { total: r.total, ids: r.items.map((a) => a.id).sort() };
  };
  const newFindings = (scope: Scope, q: string) => {
    const r = queries.findings(scope, { ...page, sort: 'severity', ...(q ? { q } : {}) });
    return { total: r.total, keys: r.items.map((f) => f.key).sort() };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'radguard-api-queries-'));
    store = SqliteScanStore.open(join(dir, 'rg.db'));
    const db = store.db;
    db.prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('s1', ?, 'complete', 'scan', '[]', '{}', '{}')",
    ).run(AT);
    const asset = db.prepare('INSERT INTO assets (id, name, manufacturer, model_name, site, created_at) VALUES (?,?,?,?,?,?)');
    const ident = db.prepare('INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES (?,?,?,?,?)');
    const finding = db.prepare(
      `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES (?,?,?,?,?,?,?,'e','r','open',?,?,'s1','s1')`,
    );
    ASSETS.forEach(([id, name, mfr, model, site, idents], n) => {
      asset.run(id, name, mfr, model, site, AT);
      idents.forEach((v, k) => ident.run(id, k === 0 ? 'address' : 'hostname', v, AT, AT));
      TITLES.forEach((t, k) =>
        finding.run(
          `${id}-${k}`,
          k === 0 ? 'dicom.any-ae' : `rule.${k}`,
          k === 2 ? `CVE-2024-${n}${k}` : null,
          id,
          `10.0.0.${n}`,
          'high',
          t,
          AT,
          AT,
        ),
      );
    });
    // an identifier that has ended must no longer make its asset match
    ident.run('a6', 'hostname', 'retired-host.example', AT, AT);
    db.prepare("UPDATE asset_identifiers SET ended_at = ? WHERE value = 'retired-host.example'").run(AT);
    queries = new ApiQueries(db);
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds exactly what the old LIKE search found, for every scope and tricky text', () => {
    for (const scope of [ALL, SIEMENS, NORTH_GE])
      for (const q of QUERIES) {
        const a = oldAssets(store, scope, q);
        expect(newAssets(scope, q), `assets ${JSON.stringify(scope)} q=${q}`).toEqual({ total: a.length, ids: a });
        const f = oldFindings(store, scope, q);
        expect(newFindings(scope, q), `findings ${JSON.stringify(scope)} q=${q}`).toEqual({ total: f.length, keys: f });
      }
    expect(newAssets(ALL, 'retired').ids).toEqual([]);
    expect(newAssets(ALL, 'röntgen').ids).toEqual(['a4']);
  });

  it("agrees with LIKE on random text built from the fixture's characters", () => {
    const chars = fc.constantFrom(...'aceilnorstCEGNT-_%" 0.1Öö()*'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { minLength: 1, maxLength: 6 }).map((c) => c.join('')),
        fc.constantFrom(ALL, SIEMENS, NORTH_GE),
        (q, scope) => {
          expect(newAssets(scope, q).ids).toEqual(oldAssets(store, scope, q));
          expect(newFindings(scope, q).keys).toEqual(oldFindings(store, scope, q));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the search index in step with inserts, updates and deletes', () => {
    store.db.prepare("UPDATE findings SET title = 'Renamed kerberos weakness' WHERE key = 'a1-1'").run();
    expect(newFindings(ALL, 'kerberos').keys).toEqual(['a1-1']);
    expect(newFindings(ALL, 'Telnet').keys).not.toContain('a1-1');
    store.db.prepare("UPDATE assets SET name = 'Mammo-7' WHERE id = 'a6'").run();
    expect(newAssets(ALL, 'mammo').ids).toEqual(['a6']);
    store.db.prepare("DELETE FROM findings WHERE key = 'a1-1'").run();
    expect(newFindings(ALL, 'kerberos').keys).toEqual([]);
  });

  it('never lets a cached total cross scopes, and recounts after a finding changes but not after unrelated writes', () => {
    const first = queries.findings(SIEMENS, { ...page, sort: 'severity', q: 'TLS' });
    expect(first.totalSource).toBe('counted');
    const again = queries.findings(SIEMENS, { ...page, sort: 'severity', q: 'TLS' });
    expect(again).toMatchObject({ totalSource: 'cached', total: first.total });
    const everyone = queries.findings(ALL, { ...page, sort: 'severity', q: 'TLS' });
    expect(everyone.totalSource).toBe('counted');
    expect(everyone.total).toBeGreaterThan(first.total);
    store.db.prepare("INSERT INTO api_login_failures (source, at) VALUES ('127.0.0.1', ?)").run(AT);
    expect(queries.findings(SIEMENS, { ...page, sort: 'severity', q: 'TLS' }).totalSource).toBe('cached');
    store.db
      .prepare(
        `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
         VALUES ('a4-99', 'tls.old', NULL, 'a4', '10.0.0.3', 'high', 'TLS 1.1 enabled', 'e', 'r', 'open', ?, ?, 's1', 's1')`,
      )
      .run(AT, AT);
    expect(queries.findings(SIEMENS, { ...page, sort: 'severity', q: 'TLS' })).toMatchObject({
      totalSource: 'counted',
      total: first.total + 1,
    });
  });
});
