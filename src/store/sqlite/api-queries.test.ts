import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiQueries, decodeCursor, encodeCursor, FINDING_SORTS, ASSET_SORTS, type Cursor } from './api-queries.js';
import { indexFindingsBatch, unindexedFindings } from './search-indexer.js';
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

describe('API list queries: trigram search, scope, cursors and totals', () => {
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

  /** Every page of a list walked by cursor with a tiny page size (which also makes the plans walk the sort index). */
  const walk = <T>(read: (cursor: Cursor | undefined) => { items: T[]; nextCursor: Cursor | null }): T[] => {
    const out: T[] = [];
    let cursor: Cursor | undefined;
    for (let guard = 0; guard < 200; guard++) {
      const r = read(cursor);
      out.push(...r.items);
      if (!r.nextCursor) return out;
      cursor = r.nextCursor;
    }
    throw new Error('cursor walk did not end');
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

  it('pages by cursor through exactly the rows and order of one big page, for every sort, order, scope and text', () => {
    for (const scope of [ALL, SIEMENS, NORTH_GE])
      for (const q of ['', 'ct', 'TLS', 'north', '10.0', 'a', 'xyz-nothing'])
        for (const order of ['asc', 'desc'] as const) {
          const qq = q ? { q } : {};
          for (const sort of ASSET_SORTS) {
            const all = queries.assets(scope, { ...page, order, sort, ...qq }).items.map((a) => a.id);
            const paged = walk((cursor) => queries.assets(scope, { limit: 2, offset: 0, order, sort, cursor, ...qq })).map((a) => a.id);
            expect(paged, `assets ${sort} ${order} q=${q}`).toEqual(all);
          }
          for (const sort of FINDING_SORTS)
            for (const severity of [undefined, 'high'] as const) {
              const f = { ...qq, ...(severity ? { severity } : {}) };
              const all = queries.findings(scope, { ...page, order, sort, ...f }).items.map((x) => x.key);
              const paged = walk((cursor) => queries.findings(scope, { limit: 2, offset: 0, order, sort, cursor, ...f })).map((x) => x.key);
              expect(paged, `findings ${sort} ${order} q=${q} severity=${severity}`).toEqual(all);
              expect([...paged].sort()).toEqual(severity ? [...paged].sort() : oldFindings(store, scope, q));
            }
        }
  });

  it('small pages (index-walking plans) and offsets agree with the old LIKE search on random text', () => {
    const chars = fc.constantFrom(...'aceilnorstCEGNT-_%" 0.1Öö()*'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { minLength: 1, maxLength: 5 }).map((c) => c.join('')),
        fc.constantFrom(ALL, SIEMENS, NORTH_GE),
        (q, scope) => {
          const ids = walk((cursor) => queries.assets(scope, { limit: 1, offset: 0, order: 'asc', sort: 'name', cursor, q })).map(
            (a) => a.id,
          );
          expect([...ids].sort()).toEqual(oldAssets(store, scope, q));
          const keys = walk((cursor) => queries.findings(scope, { limit: 3, offset: 0, order: 'desc', sort: 'severity', cursor, q })).map(
            (x) => x.key,
          );
          expect([...keys].sort()).toEqual(oldFindings(store, scope, q));
          const second = queries.findings(scope, { limit: 3, offset: 3, order: 'desc', sort: 'severity', q }).items.map((x) => x.key);
          expect(second).toEqual(keys.slice(3, 6));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('accepts back only its own cursors, for the same sort and order', () => {
    const c = encodeCursor('name', 'asc', { value: 'CT-1', id: 'a1' });
    expect(decodeCursor(c, 'name', 'asc')).toEqual({ value: 'CT-1', id: 'a1' });
    expect(decodeCursor(c, 'name', 'desc')).toBeNull();
    expect(decodeCursor(c, 'site', 'asc')).toBeNull();
    expect(decodeCursor(encodeCursor('severity', 'asc', { value: 2, id: 'k' }), 'severity', 'asc')).toEqual({ value: 2, id: 'k' });
    for (const bad of [
      '',
      'not base64 !!',
      Buffer.from('[1,"name","asc",{},"a1"]').toString('base64url'),
      Buffer.from('[1,"name","asc","x",""]').toString('base64url'),
      Buffer.from('[2,"name","asc","x","a"]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
    ])
      expect(decodeCursor(bad, 'name', 'asc'), bad).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (g) => void decodeCursor(g, 'name', 'asc')),
      { numRuns: 2000 },
    );
  });

  it('labels a large total made stale by writes as estimated, then recounts it exactly', () => {
    let now = 1_000_000;
    const q = new ApiQueries(store.db, { exactCountCap: 3, recountAfterMs: 10_000, now: () => now });
    const first = q.findings(ALL, { ...page, sort: 'severity' });
    expect(first.totalSource).toBe('counted');
    expect(first.total).toBe(store.db.prepare('SELECT count(*) FROM findings').pluck().get());
    store.db
      .prepare(
        `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
         VALUES ('a5-98', 'rule.x', NULL, 'a5', '10.0.0.4', 'low', 'Estimated total probe', 'e', 'r', 'open', ?, ?, 's1', 's1')`,
      )
      .run(AT, AT);
    expect(q.findings(ALL, { ...page, sort: 'severity' })).toMatchObject({ totalSource: 'estimated', total: first.total });
    // a small total is still exact at once: the capped count stops short of the cap
    expect(q.findings(ALL, { ...page, sort: 'severity', q: 'Estimated total' })).toMatchObject({ totalSource: 'counted', total: 1 });
    now += 10_000;
    expect(q.findings(ALL, { ...page, sort: 'severity' })).toMatchObject({ totalSource: 'counted', total: first.total + 1 });
    expect(q.findings(ALL, { ...page, sort: 'severity' })).toMatchObject({ totalSource: 'cached', total: first.total + 1 });
  });

  it('finds the same rows before, during and after the batch indexer catches up, through deletes, rowid reuse and renames', () => {
    const check = () => {
      for (const scope of [ALL, SIEMENS])
        for (const q of ['TLS', 'Telnet', 'dicom', 'CVE-2024', 'enabled', 'Röntgen', 'kerberos', 'late arrival'])
          expect(newFindings(scope, q).keys, `${q} ${JSON.stringify(scope)}`).toEqual(oldFindings(store, scope, q));
    };
    check();
    expect(unindexedFindings(store.db)).toBeGreaterThan(5);
    expect(indexFindingsBatch(store.db, 5)).toBe(5);
    check();
    while (indexFindingsBatch(store.db, 7) > 0);
    expect(unindexedFindings(store.db)).toBe(0);
    check();
    // renaming an indexed finding re-indexes it; the old words no longer match
    store.db.prepare("UPDATE findings SET title = 'kerberos pre-auth disabled' WHERE key = 'a2-1'").run();
    check();
    expect(newFindings(ALL, 'kerberos').keys).toContain('a2-1');
    // deleting the newest finding lets SQLite reuse its rowid: the newcomer must still be found
    const last = store.db.prepare('SELECT key, rowid FROM findings ORDER BY rowid DESC LIMIT 1').get() as { key: string; rowid: number };
    store.db.prepare('DELETE FROM findings WHERE key = ?').run(last.key);
    store.db
      .prepare(
        `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
         VALUES ('a1-77', 'rule.late', NULL, 'a1', '10.0.0.0', 'medium', 'late arrival of TLS', 'e', 'r', 'open', ?, ?, 's1', 's1')`,
      )
      .run(AT, AT);
    expect(store.db.prepare("SELECT rowid FROM findings WHERE key = 'a1-77'").pluck().get()).toBe(last.rowid);
    check();
    expect(newFindings(SIEMENS, 'late arrival').keys).toEqual(['a1-77']);
    while (indexFindingsBatch(store.db, 100) > 0);
    check();
  });

  it('moves the list generation on every insert, update and delete, without a trigger per inserted row', () => {
    const gen = () => store.db.prepare('SELECT n FROM api_list_generation WHERE id = 1').pluck().get() as number;
    const triggers = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%AFTER INSERT ON findings%'")
      .pluck()
      .all();
    expect(triggers).toEqual([]);
    const seen = [gen()];
    const step = (sql: string) => {
      store.db.prepare(sql).run();
      expect(gen()).toBeGreaterThan(seen[seen.length - 1]!);
      seen.push(gen());
    };
    step(
      `INSERT INTO findings (key, rule_id, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES ('gen-1', 'r', 'a1', '10.0.0.0', 'low', 'generation probe', 'e', 'r', 'open', '${AT}', '${AT}', 's1', 's1')`,
    );
    step("UPDATE findings SET state = 'resolved' WHERE key = 'gen-1'");
    // deleting the newest row lowers the largest rowid: the write counter must outweigh it
    step("DELETE FROM findings WHERE key = 'gen-1'");
    step("INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES ('a2', 'hostname', 'gen.example', 'x', 'x')");
    step("DELETE FROM asset_identifiers WHERE value = 'gen.example'");
    step("UPDATE assets SET criticality = 'high' WHERE id = 'a3'");
  });
});
