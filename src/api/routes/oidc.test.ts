/**
 * The single sign-on and login-option routes through app.inject, for anonymous callers and every role: without
 * OIDC settings they answer 404 and the config says so; with an unreachable provider the login answers 503 and is
 * audited. The full redirect flow against a real provider is in test/integration/oidc-login.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOidcConfig } from '../../auth/oidc-config.js';
import { API_ROLES, type ApiRole } from '../../auth/roles.js';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';

let plain: Fixture;
let down: Fixture;
const headers = {} as Record<ApiRole | 'anonymous', Record<string, string>>;

beforeAll(async () => {
  plain = await makeFixture();
  for (const role of API_ROLES) headers[role] = (await loginAs(plain.app, ROLE_USERS[role])).headers;
  headers.anonymous = {};
  const oidc = parseOidcConfig(
    't.yaml',
    'issuer: http://127.0.0.1:1/realms/none\nclientId: rg\nredirectUri: https://rg.example/api/auth/oidc/callback\nlabel: Hospital login\nroleMapping: [{ value: a, role: viewer }]\n',
  );
  down = await makeFixture({ oidc });
});
afterAll(async () => {
  await plain.close();
  await down.close();
});

describe('login options and single sign-on routes', () => {
  it.each([...API_ROLES, 'anonymous' as const])('%s: config answers, SSO routes are 404 without OIDC settings', async (who) => {
    const cfg = await plain.app.inject({ url: '/api/auth/config', headers: headers[who] });
    expect([cfg.statusCode, cfg.json()]).toEqual([200, { oidc: false, setupRequired: false }]);
    for (const url of ['/api/auth/oidc/login', '/api/auth/oidc/callback?code=x&state=y']) {
      const r = await plain.app.inject({ url, headers: headers[who] });
      expect([r.statusCode, r.json().error], url).toEqual([404, 'oidc-not-configured']);
    }
  });

  it('with OIDC settings the config names the button; an unreachable provider is 503 and audited', async () => {
    expect((await down.app.inject({ url: '/api/auth/config' })).json()).toEqual({
      oidc: true,
      oidcLabel: 'Hospital login',
      setupRequired: false,
    });
    const r = await down.app.inject({ url: '/api/auth/oidc/login' });
    expect([r.statusCode, r.json().error]).toEqual([503, 'oidc-unavailable']);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect([...down.api.eachAudit()].map((a) => a.action)).toContain('oidc.provider-unavailable');
  });

  it('a callback with no login started in this browser is refused and audited', async () => {
    const r = await down.app.inject({ url: '/api/auth/oidc/callback?code=stolen-code&state=s' });
    expect([r.statusCode, r.headers.location]).toEqual([302, '/?oidc-error=no-login']);
    const last = [...down.api.eachAudit()].at(-1)!;
    expect([last.action, JSON.parse(last.detail).reason]).toEqual(['oidc.login-refused', 'no-login']);
  });
});
