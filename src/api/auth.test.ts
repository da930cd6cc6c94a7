/**
 * Sessions and login defences through the real app: cookie flags, id rotation at login (no fixation), CSRF on
 * writes, logout, idle and absolute timeouts, lockout after repeated failures, TOTP for admins (including a
 * replayed code), API tokens (expiry, revocation), security headers, body size limit.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { issueToken } from '../auth/tokens.js';
import { AuditLog } from '../auth/audit.js';
import { newTotpSecret, totpCode } from '../auth/totp.js';
import { DEFAULT_POLICY } from '../auth/service.js';
import { REQUEST_LOG } from './server.js';
import { loginAs, makeFixture, movableClock, PASSWORD, type Fixture } from './testing/fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('sessions', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict __Host- cookie and rotates the id at every login', async () => {
    fx = await makeFixture();
    const r1 = await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vic', password: PASSWORD } });
    expect(r1.statusCode).toBe(200);
    const c = r1.cookies[0]!;
    expect(c).toMatchObject({ name: '__Host-radguard-session', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(r1.headers['set-cookie']).not.toMatch(/Max-Age|Expires/i);
    // fixation: logging in while carrying an old (or planted) session id yields a new id and kills the old one
    const r2 = await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vic', password: PASSWORD }, headers: { cookie: `${c.name}=${c.value}` } });
    const c2 = r2.cookies[0]!;
    expect(c2.value).not.toBe(c.value);
    expect((await fx.app.inject({ url: '/api/auth/me', headers: { cookie: `${c.name}=${c.value}` } })).statusCode).toBe(401);
    expect((await fx.app.inject({ url: '/api/auth/me', headers: { cookie: `${c2.name}=${c2.value}` } })).json()).toMatchObject({ username: 'vic', role: 'viewer' });
    // the store holds only a hash of the id
    expect(fx.store.db.prepare('SELECT count(*) FROM api_sessions WHERE id_hash = ?').pluck().get(c2.value)).toBe(0);
  });

  it('refuses cookie-authenticated writes without the CSRF token, and logout ends the session', async () => {
    fx = await makeFixture();
    const s = await loginAs(fx.app, 'sam');
    const url = `/api/findings/${fx.findings.ge}/triage`;
    const noCsrf = await fx.app.inject({ method: 'POST', url, headers: { cookie: s.cookie }, payload: { action: 'start-remediation' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error).toBe('csrf');
    const wrong = await fx.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: { action: 'start-remediation' } });
    expect(wrong.statusCode).toBe(403);
    expect(fx.store.finding(fx.findings.ge)!.state).toBe('open');
    expect((await fx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers })).statusCode).toBe(204);
    expect((await fx.app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute timeout even when active', async () => {
    const clock = movableClock('2026-11-30T08:00:00.000Z');
    fx = await makeFixture({ clock });
    const s = await loginAs(fx.app, 'vic');
    clock.advance(DEFAULT_POLICY.idleTimeoutMs - 1000);
    expect((await fx.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);
    clock.advance(DEFAULT_POLICY.idleTimeoutMs + 1000);
    expect((await fx.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);

    const t = await loginAs(fx.app, 'vic');
    for (let spent = 0; spent < DEFAULT_POLICY.absoluteTimeoutMs; spent += DEFAULT_POLICY.idleTimeoutMs / 2) {
      expect((await fx.app.inject({ url: '/api/auth/me', headers: t.headers })).statusCode).toBe(200);
      clock.advance(DEFAULT_POLICY.idleTimeoutMs / 2);
    }
    clock.advance(1); // now just past the absolute limit, though never idle
    expect((await fx.app.inject({ url: '/api/auth/me', headers: t.headers })).statusCode).toBe(401);
  });
});

describe('login defences', () => {
  it('locks an account after 5 failures, even for the right password, until the lock expires; audited', async () => {
    const clock = movableClock('2026-11-30T08:00:00.000Z');
    fx = await makeFixture({ clock });
    for (let i = 0; i < 5; i++) expect((await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bea', password: 'wrong password!!' } })).statusCode).toBe(401);
    const locked = await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bea', password: PASSWORD } });
    expect(locked.statusCode).toBe(401);
    clock.advance(DEFAULT_POLICY.lockMs + 1000);
    expect((await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bea', password: PASSWORD } })).statusCode).toBe(200);
    const actions = fx.api.auditPage(100, null).map((r) => r.action);
    expect(actions.filter((a) => a === 'login.failed')).toHaveLength(5);
    expect(actions).toContain('login.locked');
  });

  it('rate-limits the login route per client address (429)', async () => {
    fx = await makeFixture();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'nope' } })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it('asks admins for a TOTP code, accepts a valid one once, refuses a wrong or replayed one', async () => {
    const secret = newTotpSecret();
    const clock = movableClock('2026-11-30T08:00:00.000Z');
    fx = await makeFixture({ clock, adminTotp: secret });
    const login = (totp?: string) => fx!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: PASSWORD, ...(totp ? { totp } : {}) } });
    const first = await login();
    expect(first.statusCode).toBe(401);
    expect(first.json().totpRequired).toBe(true);
    const code = totpCode(secret, clock.now().getTime());
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await login(wrong)).statusCode).toBe(401);
    expect((await login(code)).statusCode).toBe(200);
    expect((await login(code)).statusCode).toBe(401); // replay within the same window
    clock.advance(30_000);
    expect((await login(totpCode(secret, clock.now().getTime()))).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('work as bearer tokens until they expire or are revoked; stored hashed; no CSRF needed', async () => {
    const clock = movableClock('2026-11-30T08:00:00.000Z');
    fx = await makeFixture({ clock });
    const audit = new AuditLog(fx.api, fx.auditKey);
    const t = issueToken(fx.api, audit, { owner: 'sam', name: 'ci', role: 'viewer', scope: { manufacturer: null, site: null }, days: 1, at: clock.now() });
    expect(fx.store.db.prepare('SELECT secret_hash FROM api_tokens').pluck().get()).not.toContain(t.token.slice(21));
    const auth = { authorization: `Bearer ${t.token}` };
    const me = await fx.app.inject({ url: '/api/auth/me', headers: auth });
    expect(me.json()).toMatchObject({ role: 'viewer', via: 'token' });
    // the token's role (viewer), not its owner's (analyst), decides
    expect((await fx.app.inject({ method: 'POST', url: `/api/findings/${fx.findings.ge}/triage`, headers: auth, payload: { action: 'start-remediation' } })).statusCode).toBe(403);
    clock.advance(86_400_000 + 1);
    expect((await fx.app.inject({ url: '/api/auth/me', headers: auth })).statusCode).toBe(401);

    const u = issueToken(fx.api, audit, { owner: 'sam', name: 'ci2', role: 'security-analyst', scope: { manufacturer: null, site: null }, days: 30, at: clock.now() });
    const auth2 = { authorization: `Bearer ${u.token}` };
    expect((await fx.app.inject({ method: 'POST', url: `/api/findings/${fx.findings.ge}/triage`, headers: auth2, payload: { action: 'start-remediation' } })).statusCode).toBe(200);
    fx.api.revokeToken(u.id, clock.now().toISOString());
    expect((await fx.app.inject({ url: '/api/auth/me', headers: auth2 })).statusCode).toBe(401);
    const tampered = u.token.slice(0, -1) + (u.token.endsWith('A') ? 'B' : 'A');
    expect((await fx.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${tampered}` } })).statusCode).toBe(401);
  });

  it('have ids a command line never reads as an option', async () => {
    // `radguard tokens revoke <id>`: an id starting with '-' was taken for an option (a base64url id did, 1 in 64)
    fx = await makeFixture();
    const audit = new AuditLog(fx.api, fx.auditKey);
    const at = new Date('2026-11-30T08:00:00.000Z');
    const ids = Array.from({ length: 300 }, (_, i) => issueToken(fx!.api, audit, { owner: 'sam', name: `t${i}`, role: 'viewer', scope: { manufacturer: null, site: null }, days: 1, at }).id);
    expect(ids.filter((id) => !/^[0-9a-f]{16}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(300);
  });

  it('cannot be issued with more rights than the owner', async () => {
    fx = await makeFixture();
    const audit = new AuditLog(fx.api, fx.auditKey);
    const at = new Date('2026-11-30T08:00:00.000Z');
    expect(() => issueToken(fx!.api, audit, { owner: 'vic', name: 'x', role: 'admin', scope: { manufacturer: null, site: null }, days: 1, at })).toThrow(/cannot have role/);
    expect(() => issueToken(fx!.api, audit, { owner: 'siemens-fse', name: 'x', role: 'vendor-service', scope: { manufacturer: 'GE', site: null }, days: 1, at })).toThrow(/outside/);
    const ok = issueToken(fx.api, audit, { owner: 'siemens-fse', name: 'x', role: 'vendor-service', scope: { manufacturer: null, site: null }, days: 365, at });
    expect(fx.api.token(ok.id)!.scope.manufacturer).toBe('Siemens');
    expect(ok.expiresAt).toBe('2027-06-30T00:00:00.000Z'); // capped at the vendor account's expiry
  });
});

describe('request log', () => {
  it('records requests as JSON without passwords, cookies, tokens or CSRF tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (c, _e, cb) => void (lines.push(String(c)), cb()) });
    fx = await makeFixture({ logger: { ...REQUEST_LOG, stream } });
    const s = await loginAs(fx.app, 'sam');
    await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sam', password: 'wrong password here' } });
    await fx.app.inject({ url: '/api/assets', headers: s.headers });
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.every((l) => typeof JSON.parse(l).level === 'number')).toBe(true);
    expect(log).toContain('/api/assets');
    for (const secret of [PASSWORD, 'wrong password here', s.cookie.split('=')[1]!, s.csrf]) expect(log).not.toContain(secret);
  });
});

describe('transport hardening', () => {
  it('sends security headers with a strict CSP and refuses oversized bodies', async () => {
    fx = await makeFixture();
    const r = await fx.app.inject({ url: '/api/health' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['strict-transport-security']).toContain('max-age=31536000');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const big = await fx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vic', password: 'x'.repeat(100_000) } });
    expect(big.statusCode).toBe(413);
  });
});
