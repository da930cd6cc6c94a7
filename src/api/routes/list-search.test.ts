import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
let vendor: Record<string, string>;
let analyst: Record<string, string>;
beforeAll(async () => {
  // through the read pool, as `radguard serve` runs it: worker threads with their own read-only connections
  fx = await makeFixture({ readWorkers: 2 });
  vendor = (await loginAs(fx.app, ROLE_USERS['vendor-service'])).headers;
  analyst = (await loginAs(fx.app, ROLE_USERS['security-analyst'])).headers;
});
afterAll(async () => fx.close());

const get = async (url: string, headers: Record<string, string>) => {
  const r = await fx.app.inject({ method: 'GET', url, headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as {
    total: number;
    totalSource: string;
    nextCursor: string | null;
    items: { id?: string; key?: string; subject?: string }[];
  };
};

/** Every page of a list, following nextCursor. */
const walk = async (url: string, headers: Record<string, string>) => {
  const keys: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const r = await get(cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url, headers);
    keys.push(...r.items.map((x) => x.key ?? x.id!));
    if (!r.nextCursor) return keys;
    cursor = r.nextCursor;
  }
  throw new Error('cursor walk did not end');
};

describe("list search through the trigram index, within the caller's scope", () => {
  it('finds findings by title text for the analyst on both vendors, for the vendor only on its own', async () => {
    const all = await get('/api/findings?q=any%20ae', analyst);
    expect(all.items.map((f) => f.key).sort()).toEqual([fx.findings.siemens, fx.findings.ge].sort());
    const own = await get('/api/findings?q=any%20ae', vendor);
    expect(own).toMatchObject({ total: 1, items: [{ key: fx.findings.siemens }] });
  });

  it('finds assets by identifier text only within scope, and labels how the total was obtained', async () => {
    const all = await get('/api/assets?q=10.0.0', analyst);
    expect(all.items.map((a) => a.id).sort()).toEqual([fx.assets.siemens, fx.assets.ge].sort());
    expect(all.totalSource).toBe('counted');
    expect((await get('/api/assets?q=10.0.0', analyst)).totalSource).toBe('cached');
    const own = await get('/api/assets?q=10.0.0', vendor);
    expect(own).toMatchObject({ total: 1, totalSource: 'counted', items: [{ id: fx.assets.siemens }] });
    expect((await get('/api/assets?q=SIGNA', vendor)).total).toBe(0);
  });
});

describe('keyset cursors through the API', () => {
  beforeAll(() => {
    const add = fx.store.db.prepare(
      `INSERT INTO findings (key, rule_id, cve, subject, host, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES (?, 'cursor.walk', NULL, ?, ?, ?, ?, 'e', 'r', 'open', ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 30; i++) {
      const [asset, host] = i % 2 ? [fx.assets.siemens, '10.0.0.5'] : [fx.assets.ge, '10.0.0.6'];
      const day = String(1 + (i % 9)).padStart(2, '0');
      add.run(
        `cw-${String(i).padStart(2, '0')}`,
        asset,
        host,
        ['critical', 'high', 'low'][i % 3],
        `Cursor walk ${i}`,
        `2026-11-${day}T00:00:00Z`,
        `2026-11-${day}T00:00:00Z`,
        fx.scanId,
        fx.scanId,
      );
    }
  });

  it('walks every page in the order of one big page, for the analyst all of them, for the vendor only its own', async () => {
    for (const order of ['asc', 'desc'])
      for (const sort of ['severity', 'lastSeen', 'host']) {
        const list = `/api/findings?q=Cursor%20walk&sort=${sort}&order=${order}`;
        const all = (await get(`${list}&limit=500`, analyst)).items.map((f) => f.key);
        expect(all).toHaveLength(30);
        expect(await walk(`${list}&limit=4`, analyst), `${sort} ${order}`).toEqual(all);
        const own = (await get(`${list}&limit=500`, vendor)).items;
        expect(own).toHaveLength(15);
        expect(own.every((f) => f.subject === fx.assets.siemens)).toBe(true);
        expect(await walk(`${list}&limit=4`, vendor)).toEqual(own.map((f) => f.key));
      }
    expect(await walk('/api/assets?limit=1&sort=name', analyst)).toEqual([fx.assets.siemens, fx.assets.ge]);
    expect(await walk('/api/assets?limit=1&sort=name', vendor)).toEqual([fx.assets.siemens]);
  });

  it('answers the last page with a null cursor and refuses a cursor from another order or a forged one', async () => {
    expect((await get('/api/findings?q=Cursor%20walk&limit=30', analyst)).nextCursor).toBeNull();
    const first = await get('/api/findings?q=Cursor%20walk&limit=5&sort=lastSeen', analyst);
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const url of [
      `/api/findings?q=Cursor%20walk&limit=5&sort=severity&cursor=${first.nextCursor}`,
      `/api/findings?q=Cursor%20walk&limit=5&sort=lastSeen&order=desc&cursor=${first.nextCursor}`,
      '/api/findings?cursor=bm90LWEtY3Vyc29y',
      `/api/assets?cursor=${first.nextCursor}`,
    ]) {
      const r = await fx.app.inject({ method: 'GET', url, headers: analyst });
      expect(r.statusCode, url).toBe(400);
      expect(r.json()).toMatchObject({ error: 'bad-request', message: expect.stringContaining('cursor') });
    }
  });
});
