/**
 * Single sign-on end to end over real HTTP on 127.0.0.1: a real OpenID provider (oidc-provider) in-process, the
 * real Radguard server (buildApp + listen) with --oidc-config settings, and a cookie-jar browser walking the
 * redirects, login and consent pages. Checks role mapping and vendor scope, refusal of unmapped users, tampered
 * state, a callback from another browser, replays, wrong nonce, audience, issuer, expiry and signature, session
 * rotation, the audit trail, and that no code, token or secret reaches the request log.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_LOG } from '../../src/api/server.js';
import { loginAs, makeFixture, type Fixture } from '../../src/api/testing/fixture.js';
import { AuditLog } from '../../src/auth/audit.js';
import { parseOidcConfig } from '../../src/auth/oidc-config.js';
import { loadSecretsKeyring } from '../../src/auth/secret-box.js';
import { SecretVault } from '../../src/auth/secret-vault.js';
import { Browser } from '../oidc/browser.js';
import { signInAtProvider, startProvider, type TestProvider } from '../oidc/provider.js';

const CLIENT_ID = 'radguard-console';
const CLIENT_SECRET = 'client-secret-9fQ2-never-in-logs';
const ACCOUNTS = {
  dana: { preferredUsername: 'dana.sec', groups: ['staff', 'radiology-security'] },
  vince: { preferredUsername: 'vince.fse', groups: ['siemens-field-service'] },
  ursula: { preferredUsername: 'ursula', groups: ['staff', 'cafeteria'] },
  bea: { preferredUsername: 'bea', groups: ['radiology-security'] }, // same name as a local account
};

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => res(port));
    });
  });

let idp: TestProvider;
let fx: Fixture;
let origin: string;
let callback: string;
let log = '';
let vault: SecretVault;
const keyDir = mkdtempSync(join(tmpdir(), 'radguard-oidc-'));
const sessionIds: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  callback = `${origin}/api/auth/oidc/callback`;
  idp = await startProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callback, accounts: ACCOUNTS });
  const oidc = parseOidcConfig(
    'test.yaml',
    `issuer: ${idp.issuer}
clientId: ${CLIENT_ID}
clientSecretRef: oidc.client-secret
redirectUri: ${callback}
label: Hospital account
scopes: [openid, profile, groups]
rolesClaim: groups
clockSkewSeconds: 60
roleMapping:
  - { value: radiology-admins, role: admin }
  - { value: radiology-security, role: security-analyst }
  - { value: siemens-field-service, role: vendor-service, manufacturer: Siemens }
`,
  );
  const stream = new PassThrough();
  stream.on('data', (c) => (log += c));
  const secretsKey = loadSecretsKeyring(join(keyDir, 'secrets.key'), true);
  fx = await makeFixture({ oidc, secretsKey, secureCookies: false, logger: { ...REQUEST_LOG, stream } });
  vault = new SecretVault(fx.store.db, secretsKey, new AuditLog(fx.api, fx.auditKey));
  vault.set('oidc.client-secret', CLIENT_SECRET, 'cli:test', new Date().toISOString());
  await fx.app.listen({ host: '127.0.0.1', port });
}, 30_000);

afterAll(async () => {
  await fx?.close();
  await idp?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

beforeEach(() => {
  idp.rewrite = null;
});

/** Starts a login at Radguard; returns the provider URL it redirects to. */
async function startLogin(b: Browser): Promise<string> {
  const r = await b.request(`${origin}/api/auth/oidc/login`);
  expect(r.status, r.body).toBe(302);
  expect(r.setCookies.some((c) => /^radguard-oidc=.*HttpOnly.*SameSite=Lax/i.test(c))).toBe(true);
  return r.location!;
}

/** Completes the callback; returns where Radguard sent the browser and the session cookie it set, if any. */
async function finish(b: Browser, callbackUrl: string): Promise<{ location: string; session: string | undefined }> {
  const r = await b.request(callbackUrl);
  expect(r.status, r.body).toBe(302);
  const session = b.cookies(origin).get('radguard-session');
  if (session) sessionIds.push(session);
  return { location: r.location!, session };
}

async function fullLogin(account: keyof typeof ACCOUNTS, b = new Browser()) {
  const back = await signInAtProvider(b, await startLogin(b), account, callback);
  return { b, back, ...(await finish(b, back)) };
}

const me = (b: Browser) => b.request(`${origin}/api/auth/me`);
const refusals = () =>
  [...fx.api.eachAudit()]
    .filter((r) => r.action === 'oidc.login-refused')
    .map((r) => JSON.parse(r.detail) as { reason: string; why?: string });

describe('OIDC login through a real OpenID provider', () => {
  it('advertises single sign-on on the login page', async () => {
    const r = await new Browser().request(`${origin}/api/auth/config`);
    expect(JSON.parse(r.body)).toEqual({ oidc: true, oidcLabel: 'Hospital account', setupRequired: false });
  });

  it('maps the groups claim to a role, provisions the account and starts a session', async () => {
    const { b, location, session } = await fullLogin('dana');
    expect(location).toBe(`${origin}/`);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.cookies(origin).has('radguard-oidc')).toBe(false); // the binding cookie is gone after use
    const who = JSON.parse((await me(b)).body);
    expect(who).toMatchObject({
      username: 'dana.sec',
      role: 'security-analyst',
      via: 'session',
      scope: { manufacturer: null, site: null },
    });
    const user = fx.api.user('dana.sec')!;
    expect(user.passwordHash).toBe('!oidc');
    expect(Date.parse(user.expiresAt!)).toBeGreaterThan(Date.now());
    // a provisioned account cannot log in with a password
    const local = await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dana.sec', password: '!oidc' } });
    expect(local.statusCode).toBe(401);
    const audit = [...fx.api.eachAudit()].map((r) => `${r.actor} ${r.action} ${r.detail}`);
    expect(audit.some((a) => a.startsWith('oidc user.added') && a.includes('"matched":"radiology-security"'))).toBe(true);
    expect(audit.some((a) => a.startsWith('dana.sec login.succeeded') && a.includes('"method":"oidc"'))).toBe(true);
  });

  it('a vendor group gives a vendor-service session scoped to its manufacturer', async () => {
    const { b } = await fullLogin('vince');
    const who = JSON.parse((await me(b)).body);
    expect(who).toMatchObject({ username: 'vince.fse', role: 'vendor-service', scope: { manufacturer: 'Siemens', site: null } });
    const assets = JSON.parse((await b.request(`${origin}/api/assets`)).body) as { items: { manufacturer: string }[] };
    expect(assets.items.map((a) => a.manufacturer)).toEqual(['Siemens']);
    expect((await b.request(`${origin}/api/assets/${fx.assets.ge}`)).status).toBe(404);
  });

  it('refuses a user whose groups map to no role, and provisions nothing', async () => {
    const { b, location, session } = await fullLogin('ursula');
    expect(location).toBe(`${origin}/?oidc-error=unmapped`);
    expect(session).toBeUndefined();
    expect((await me(b)).status).toBe(401);
    expect(fx.api.user('ursula')).toBeNull();
    expect(refusals().at(-1)).toMatchObject({ reason: 'unmapped', values: ['staff', 'cafeteria'] });
  });

  it('never takes over a local account of the same name', async () => {
    const { location } = await fullLogin('bea');
    expect(location).toBe(`${origin}/?oidc-error=username-taken`);
    expect(fx.api.user('bea')!.role).toBe('biomedical-engineer');
  });

  it('refuses a tampered state, a callback in another browser and a replayed callback', async () => {
    const b = new Browser();
    const back = await signInAtProvider(b, await startLogin(b), 'dana', callback);
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    expect((await finish(b, tampered.href)).location).toBe(`${origin}/?oidc-error=state`);
    // the pending login was used up by that attempt: the genuine callback now fails too
    expect((await finish(b, back)).location).toBe(`${origin}/?oidc-error=no-login`);

    const victim = new Browser();
    const theirs = await signInAtProvider(victim, await startLogin(victim), 'dana', callback);
    expect((await finish(new Browser(), theirs)).location).toBe(`${origin}/?oidc-error=no-login`); // login CSRF
    expect((await finish(victim, theirs)).session).toBeDefined();
    expect((await finish(victim, theirs)).location).toBe(`${origin}/?oidc-error=no-login`); // replay
    expect(
      refusals()
        .slice(-4)
        .map((r) => r.reason),
    ).toEqual(['state', 'no-login', 'no-login', 'no-login']);
  });

  it('refuses an ID token with another nonce', async () => {
    const b = new Browser();
    const url = new URL(await startLogin(b));
    url.searchParams.set('nonce', 'a-nonce-radguard-did-not-make');
    const { location, session } = await finish(b, await signInAtProvider(b, url.href, 'dana', callback));
    expect([location, session]).toEqual([`${origin}/?oidc-error=token`, undefined]);
    expect(refusals().at(-1)!.why).toMatch(/nonce/);
  });

  it.each([
    ['audience', (c: Record<string, unknown>) => ({ claims: { ...c, aud: 'some-other-client' } }), /aud/],
    ['issuer', (c: Record<string, unknown>) => ({ claims: { ...c, iss: 'https://idp.example.org' } }), /iss/],
    [
      'expiry beyond the clock skew',
      (c: Record<string, unknown>) => ({
        claims: { ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 120 },
      }),
      /exp|expired|timestamp/,
    ],
    [
      'signature',
      (c: Record<string, unknown>) => ({ claims: c, key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
      /signature/,
    ],
  ])('refuses an ID token with a wrong %s', async (_what, rewrite, why) => {
    idp.rewrite = rewrite;
    const { location, session } = await fullLogin('dana');
    expect([location, session]).toEqual([`${origin}/?oidc-error=token`, undefined]);
    expect(refusals().at(-1)!.why).toMatch(why);
  });

  it('reads the groups claim from userinfo when the ID token lacks it', async () => {
    idp.rewrite = (c) => ({ claims: Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'groups')) });
    const { b, location } = await fullLogin('vince');
    expect(location).toBe(`${origin}/`);
    expect(JSON.parse((await me(b)).body)).toMatchObject({ role: 'vendor-service', scope: { manufacturer: 'Siemens' } });
  });

  it('accepts a token within the allowed clock skew', async () => {
    idp.rewrite = (c) => ({ claims: { ...c, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 20 } });
    expect((await fullLogin('dana')).location).toBe(`${origin}/`);
  });

  it('uses a replaced client secret at the next login, without a restart', async () => {
    vault.set('oidc.client-secret', 'a-wrong-client-secret', 'alice', new Date().toISOString());
    expect((await fullLogin('dana')).location).toBe(`${origin}/?oidc-error=provider`);
    expect(refusals().at(-1)!.why).toMatch(/invalid_client/);
    vault.set('oidc.client-secret', CLIENT_SECRET, 'alice', new Date().toISOString());
    expect((await fullLogin('dana')).location).toBe(`${origin}/`);
  });

  it("rotates the session: the browser's earlier session ends and a new id is issued", async () => {
    const b = new Browser();
    const local = await loginAs(fx.app, 'bea');
    const before = local.cookie.split('=')[1]!;
    b.cookies(origin).set('radguard-session', before);
    expect(JSON.parse((await me(b)).body).username).toBe('bea');
    const { session } = await fullLogin('dana', b);
    expect(session).toBeDefined();
    expect(session).not.toBe(before);
    expect(JSON.parse((await me(b)).body).username).toBe('dana.sec');
    const old = await fx.app.inject({ url: '/api/auth/me', headers: { cookie: local.cookie } });
    expect(old.statusCode).toBe(401);
  });

  it('keeps codes, tokens, session ids and the client secret out of the request log', () => {
    expect(log).toContain('/api/auth/oidc/login'); // the log did record the flow
    expect(idp.issued.length).toBeGreaterThan(10);
    for (const secret of [...idp.issued, ...sessionIds, CLIENT_SECRET]) expect(log.includes(secret), secret.slice(0, 12)).toBe(false);
    expect(log).not.toMatch(/[?&](code|state)=/);
  });
});
