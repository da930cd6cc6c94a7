import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiQueries, decodeCursor, type AssetFilters, type FindingFilters, type ListPage, type Page } from '../store/sqlite/api-queries.js';
import type { Scope } from '../store/sqlite/api-store.js';
import { compilePageSerializers, nextJob, openApiReader, pageJson, type ApiReader, type PageSchemas } from './read-pool.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';

const AT = '2026-11-01T08:00:00.000Z';
const ALL: Scope = { manufacturer: null, site: null };
const GE: Scope = { manufacturer: 'ge', site: null };
const page = { limit: 7, offset: 0, order: 'asc' as const };

/** No schema: the serializers write what JSON.stringify would, so every field can be compared. */
const ANY: PageSchemas = { assets: {}, findings: {} };
type Sent = Omit<ListPage<Record<string, unknown>>, 'nextCursor'> & { nextCursor: string | null };
const sent = async (json: Promise<string>) => JSON.parse(await json) as Sent;
/** The page as the main thread would send it: the same query, read here, cursor encoded. */
const localFindings = (scope: Scope, f: FindingFilters & Page) => JSON.parse(pageJson(JSON.stringify, f, new ApiQueries(store.db).findings(scope, f))) as Sent;
const localAssets = (scope: Scope, f: AssetFilters & Page) => JSON.parse(pageJson(JSON.stringify, f, new ApiQueries(store.db).assets(scope, f))) as Sent;

let dir: string;
let store: SqliteScanStore;
let pool: ApiReader;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radguard-read-pool-'));
  store = SqliteScanStore.open(join(dir, 'rg.db'));
  const db = store.db;
  db.prepare(
    "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('s', ?, 'complete', 'scan', '[]', '{}', '{}')",
  ).run(AT);
  const asset = db.prepare('INSERT INTO assets (id, name, manufacturer, site, created_at) VALUES (?,?,?,?,?)');
  const finding = db.prepare(
    `INSERT INTO findings (key, rule_id, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
     VALUES (?,?,?,?,?,?,'e','r','open',?,?,'s','s')`,
  );
  for (let i = 0; i < 40; i++) {
    asset.run(`a${i}`, `Device ${i}`, i % 3 ? 'Siemens' : 'GE', i % 2 ? 'north' : 'south', AT);
    for (let f = 0; f < 5; f++)
      finding.run(
        `a${i}-${f}`,
        `rule.${f}`,
        `a${i}`,
        `10.0.0.${i}`,
        ['high', 'low', 'critical'][(i + f) % 3],
        `Weakness ${f} on device ${i}`,
        AT,
        AT,
      );
  }
  pool = openApiReader(store, 2, ANY);
});
afterAll(async () => {
  await pool.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('read pool', () => {
  it('answers exactly what the main thread would, many requests at once, within the scope', async () => {
    const asks = [
      { scope: ALL, f: { ...page, sort: 'severity' as const } },
      { scope: GE, f: { ...page, sort: 'severity' as const, q: 'Weakness 2' } },
      { scope: GE, f: { ...page, sort: 'lastSeen' as const, order: 'desc' as const, severity: 'high' } },
      { scope: ALL, f: { ...page, sort: 'host' as const, cursor: { value: '10.0.0.2', id: 'a2-4' } } },
    ];
    const got = await Promise.all(Array.from({ length: 5 }, () => asks.map((a) => sent(pool.findings(a.scope, a.f)))).flat());
    got.forEach((r, i) => {
      const want = localFindings(asks[i % asks.length]!.scope, asks[i % asks.length]!.f);
      expect({ ...r, totalSource: null }).toEqual({ ...want, totalSource: null });
    });
    const ge = await sent(pool.findings(GE, { ...page, limit: 500, sort: 'severity' }));
    expect(ge.total).toBe(14 * 5);
    expect(ge.items.every((f) => Number(String(f.subject).slice(1)) % 3 === 0)).toBe(true);
    const assets = await sent(pool.assets(GE, { ...page, sort: 'name', q: 'Device 1' }));
    expect(assets).toEqual({ ...localAssets(GE, { ...page, sort: 'name', q: 'Device 1' }), totalSource: assets.totalSource });
  });

  it('keeps one total cache for all its workers, dropped when findings change', async () => {
    const f = { ...page, sort: 'severity' as const, q: 'device 3' };
    await Promise.all([pool.findings(ALL, f), pool.findings(ALL, f)]);
    const again = await Promise.all([sent(pool.findings(ALL, f)), sent(pool.findings(ALL, f)), sent(pool.findings(ALL, f))]);
    expect(again.map((r) => r.totalSource)).toEqual(['cached', 'cached', 'cached']);
    store.db.prepare("UPDATE findings SET title = 'Renamed' WHERE key = 'a3-0'").run();
    const after = await sent(pool.findings(ALL, f));
    expect(after).toMatchObject({ totalSource: 'counted', total: again[0]!.total - 1 });
  });

  it('writes pages as JSON in the worker with the schema it was given, cursor encoded', async () => {
    // a schema that keeps fewer fields than the rows have: the serializer, not the row, decides what is sent
    const list = (item: object) => ({ type: 'object', properties: { total: { type: 'integer' }, totalSource: { type: 'string' }, items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } } });
    const schemas: PageSchemas = {
      assets: list({ type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } }),
      findings: list({ type: 'object', properties: { key: { type: 'string' }, severity: { type: 'string' } } }),
    };
    const json = openApiReader(store, 1, schemas);
    try {
      const f = { ...page, sort: 'severity' as const, q: 'Weakness 1' };
      const text = await json.findings(GE, f);
      const got = JSON.parse(text) as { items: Record<string, unknown>[]; nextCursor: string; total: number; totalSource: 'counted' | 'cached' };
      const want = new ApiQueries(store.db).findings(GE, f);
      expect(got.items).toEqual(want.items.map((r) => ({ key: r.key, severity: r.severity })));
      expect(got.total).toBe(want.total);
      expect(decodeCursor(got.nextCursor, 'severity', 'asc')).toEqual(want.nextCursor);
      expect(text).toBe(pageJson(compilePageSerializers(schemas).findings, f, { ...want, totalSource: got.totalSource }));
      const assets = await sent(json.assets(ALL, { ...page, sort: 'name', limit: 2 }));
      expect(assets.items).toEqual([{ id: 'a0', name: 'Device 0' }, { id: 'a1', name: 'Device 1' }]);
    } finally {
      await json.close();
    }
  });

  it('serves a burst from one queue, and a close ends what still waits instead of leaving it hanging', async () => {
    const burst = openApiReader(store, 2, ANY);
    const f = { ...page, sort: 'severity' as const };
    const first = await Promise.all(Array.from({ length: 12 }, () => burst.findings(ALL, f)));
    expect(new Set(first.map((j) => JSON.stringify((JSON.parse(j) as Sent).items))).size).toBe(1);
    const waiting = Array.from({ length: 30 }, () => burst.findings(ALL, f).then(() => 'done', (e: Error) => e.message));
    await burst.close();
    const outcomes = await Promise.all(waiting);
    // the queued ones are refused; at most one per reader was under way (and ends with its reader)
    expect(outcomes.filter((o) => /closed/.test(o)).length).toBeGreaterThanOrEqual(28);
    expect(outcomes.every((o) => o === 'done' || /closed|stopped/.test(o))).toBe(true);
  });

  it('never gives every reader to reports: a list page queued behind them goes first', () => {
    const q = (...methods: string[]) => methods.map((method) => ({ req: { method } }));
    expect(nextJob(q('report', 'assets'), 0, 2)).toBe(0); // oldest first
    expect(nextJob(q('report', 'report', 'findings'), 1, 2)).toBe(2); // the last free reader of two: lists only
    expect(nextJob(q('report', 'report'), 1, 2)).toBe(-1);
    expect(nextJob(q('report', 'assets'), 2, 4)).toBe(0); // of four readers, three may run reports
    expect(nextJob(q('report', 'assets'), 3, 4)).toBe(1);
    expect(nextJob(q('report'), 0, 1)).toBe(0); // a pool of one serves both in turn
    expect(nextJob([], 0, 2)).toBe(-1);
  });

  it('refuses work once closed', async () => {
    await pool.close();
    await expect(pool.assets(ALL, { ...page, sort: 'name' })).rejects.toThrow(/closed/);
  });
});
