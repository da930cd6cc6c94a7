/**
 * Account and token management over the API: the account rules (vendor scope and expiry, password policy, last
 * admin), sessions ended by a change, no secret in any answer, tokens managed only by people and only their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeFixture, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
let admin: Record<string, string>;
beforeAll(async () => {
  fx = await makeFixture();
  admin = (await loginAs(fx.app, 'alice')).headers;
});
afterAll(async () => fx.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
  fx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('users', () => {
  it('creates accounts under the account rules and never returns secrets', async () => {
    const pw = 'correct horse battery staple';
    expect((await call('POST', '/api/users', admin, { username: 'ge-fse', password: pw, role: 'vendor-service', manufacturer: 'GE' })).json().message).toMatch(/expiry/);
    expect((await call('POST', '/api/users', admin, { username: 'ge-fse', password: 'short', role: 'viewer' })).json().error).toBe('weak-password');
    const ok = await call('POST', '/api/users', admin, { username: 'ge-fse', password: pw, role: 'vendor-service', manufacturer: 'GE', expiresAt: '2027-03-01T00:00:00Z' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ user: { role: 'vendor-service', scope: { manufacturer: 'GE', site: null }, totp: false }, totpUri: null });
    expect((await call('POST', '/api/users', admin, { username: 'ge-fse', password: pw, role: 'viewer' })).statusCode).toBe(409);
    const adm = await call('POST', '/api/users', admin, { username: 'bob', password: pw, role: 'admin' });
    expect(adm.json().totpUri).toMatch(/^otpauth:\/\/totp\//);
    const list = await call('GET', '/api/users', admin);
    expect(list.json().items.map((u: { username: string }) => u.username)).toContain('ge-fse');
    expect(list.body).not.toMatch(/argon2|secret|password/i);
    const audit = fx.api.auditPage(20, null).filter((r) => r.action === 'user.added').map((r) => r.target);
    expect(audit).toEqual(['bob', 'ge-fse']);
  });

  it('ends the sessions of a changed user and refuses to remove the last enabled admin', async () => {
    const vic = (await loginAs(fx.app, 'vic')).headers;
    const r = await call('PATCH', '/api/users/vic', admin, { disabled: true });
    expect(r.json()).toMatchObject({ username: 'vic', disabled: true });
    expect((await call('GET', '/api/auth/me', vic)).statusCode).toBe(401);
    expect((await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vic', password: 'correct horse battery staple' } })).statusCode).toBe(401);
    expect((await call('PATCH', '/api/users/bea', admin, { role: 'vendor-service' })).json().message).toMatch(/manufacturer and\/or a site/);
    expect((await call('PATCH', '/api/users/nobody', admin, { disabled: true })).statusCode).toBe(404);
    // with bob (the admin made above) disabled, alice is the last enabled admin and may not step down
    expect((await call('PATCH', '/api/users/bob', admin, { disabled: true })).statusCode).toBe(200);
    const last = await call('PATCH', '/api/users/alice', admin, { role: 'viewer' });
    expect([last.statusCode, last.json().error]).toEqual([409, 'last-admin']);
  });
});

describe('tokens', () => {
  it('are issued by people for themselves, listed and revoked only by their owner or an admin', async () => {
    const fse = (await loginAs(fx.app, 'siemens-fse')).headers;
    const sam = (await loginAs(fx.app, 'sam')).headers;
    const issued = await call('POST', '/api/tokens', fse, { name: 'ticket sync', days: 30 });
    expect(issued.statusCode).toBe(201);
    const { token, id } = issued.json() as { token: string; id: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call('GET', '/api/assets', bearer)).json().total).toBe(1); // the token keeps the vendor scope
    expect((await call('GET', '/api/tokens', bearer)).statusCode).toBe(403);
    expect((await call('POST', '/api/tokens', bearer, { name: 'x', days: 1 })).statusCode).toBe(403);
    expect((await call('POST', '/api/tokens', fse, { name: 'x', days: 1, role: 'admin' })).statusCode).toBe(400);
    expect((await call('GET', '/api/tokens', sam)).json().items).toEqual([]);
    expect((await call('GET', '/api/tokens', fse)).json().items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await call('GET', '/api/tokens', fse)).body).not.toContain(token.slice(21));
    expect((await call('DELETE', `/api/tokens/${id}`, sam)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/tokens/${id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', '/api/assets', bearer)).statusCode).toBe(401);
    expect((await call('DELETE', `/api/tokens/${id}`, admin)).statusCode).toBe(404);
  });
});
