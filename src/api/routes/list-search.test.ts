import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
let vendor: Record<string, string>;
let analyst: Record<string, string>;
beforeAll(async () => {
  fx = await makeFixture();
  vendor = (await loginAs(fx.app, ROLE_USERS['vendor-service'])).headers;
  analyst = (await loginAs(fx.app, ROLE_USERS['security-analyst'])).headers;
});
afterAll(async () => fx.close());

const get = async (url: string, headers: Record<string, string>) => {
  const r = await fx.app.inject({ method: 'GET', url, headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { total: number; totalSource: string; items: { id?: string; key?: string }[] };
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
