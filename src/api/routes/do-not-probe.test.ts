/**
 * The do-not-probe list over the API: admin only (every other role 403), the CLI's validation (an address or
 * CIDR block, a non-empty reason), removal of an absent entry is 404, and every edit lands in the audit log with
 * its reason. The stored list is the one scans read (checked end to end in test/integration/api-scan.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROLES } from '../../auth/roles.js';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
const h: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  fx = await makeFixture();
  for (const role of API_ROLES) h[role] = (await loginAs(fx.app, ROLE_USERS[role])).headers;
});
afterAll(async () => fx.close());

describe('/api/do-not-probe', () => {
  it('lets an admin add, list and remove entries, each edit audited', async () => {
    const add = await fx.app.inject({
      method: 'POST',
      url: '/api/do-not-probe',
      headers: h.admin!,
      payload: { cidr: '10.0.9.0/24', reason: 'angiography suite: vendor forbids scanning' },
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().entries).toEqual([{ cidr: '10.0.9.0/24', reason: 'angiography suite: vendor forbids scanning' }]);
    expect(fx.store.doNotProbe()).toEqual(add.json().entries);
    expect((await fx.app.inject({ url: '/api/do-not-probe', headers: h.admin! })).json().entries).toHaveLength(1);
    const del = await fx.app.inject({ method: 'DELETE', url: '/api/do-not-probe?cidr=10.0.9.0%2F24', headers: h.admin! });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().entries).toEqual([]);
    const log = (await fx.app.inject({ url: '/api/audit-log?limit=20', headers: h.admin! })).json().items as Array<{
      action: string;
      actor: string;
      target: string;
      detail: { reason: string };
    }>;
    const edits = log.filter((e) => e.action.startsWith('do-not-probe.'));
    expect(edits.map((e) => [e.action, e.actor, e.target, e.detail.reason])).toEqual([
      ['do-not-probe.removed', 'alice', '10.0.9.0/24', 'angiography suite: vendor forbids scanning'],
      ['do-not-probe.added', 'alice', '10.0.9.0/24', 'angiography suite: vendor forbids scanning'],
    ]);
  });

  it('validates like the CLI', async () => {
    const post = (payload: object) => fx.app.inject({ method: 'POST', url: '/api/do-not-probe', headers: h.admin!, payload });
    const bad = await post({ cidr: 'pacs.example', reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/"pacs\.example" is not an IP address or CIDR/);
    expect((await post({ cidr: '10.0.0.0/33', reason: 'x' })).json().message).toMatch(/invalid prefix length/);
    expect((await post({ cidr: '10.0.0.1', reason: '   ' })).json().message).toMatch(/reason must not be empty/);
    expect((await post({ cidr: '10.0.0.1' })).statusCode).toBe(400);
    const absent = await fx.app.inject({ method: 'DELETE', url: '/api/do-not-probe?cidr=10.9.9.9', headers: h.admin! });
    expect(absent.statusCode).toBe(404);
    expect(fx.store.doNotProbe()).toEqual([]);
  });

  it.each(API_ROLES.filter((r) => r !== 'admin'))('is refused to %s', async (role) => {
    expect((await fx.app.inject({ url: '/api/do-not-probe', headers: h[role]! })).statusCode).toBe(403);
    const add = await fx.app.inject({
      method: 'POST',
      url: '/api/do-not-probe',
      headers: h[role]!,
      payload: { cidr: '10.0.0.5', reason: 'x' },
    });
    expect(add.statusCode).toBe(403);
    expect(fx.store.doNotProbe()).toEqual([]);
  });
});
