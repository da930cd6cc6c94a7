/**
 * First-admin setup through the API on a store without users: the token printed by `serve` (issued here the same
 * way) is refused when wrong, expired, reused or once an account exists; the admin exists only after a TOTP code
 * from the enrolment is confirmed, and then logs in with password and code. Every refusal is audited.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { AuditLog, loadAuditKey, verifyAudit, type AuditKey } from '../../auth/audit.js';
import { SetupService } from '../../auth/setup.js';
import { totpCode } from '../../auth/totp.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { buildApp } from '../app.js';
import { movableClock } from '../testing/fixture.js';

const PASSWORD = 'correct horse battery staple';
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'radguard-setup-'));
  const dbFile = join(dir, 'rg.db');
  const store = SqliteScanStore.open(dbFile);
  const auditKey: AuditKey = loadAuditKey(`${dbFile}.audit-key`, true);
  const clock = movableClock('2026-11-30T08:00:00.000Z');
  const app: FastifyInstance = await buildApp({ store, auditKey, clock, secureCookies: true });
  const api = new ApiStore(store.db);
  const setup = new SetupService(api, new AuditLog(api, auditKey), clock, store.db);
  cleanup = async () => {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const audit = () =>
    [...api.eachAudit()].map((r) => `${r.action}${r.detail.includes('"reason"') ? ` ${JSON.parse(r.detail).reason}` : ''}`);
  return { dir, dbFile, store, app, api, setup, clock, post, audit, auditKey };
}

const secretOf = (uri: string) => new URL(uri).searchParams.get('secret')!;

describe('first-admin setup', () => {
  it('enrols, confirms with a TOTP code, and the admin then logs in; the token is then used up', async () => {
    const t = await fresh();
    expect((await t.app.inject({ url: '/api/auth/config' })).json()).toEqual({ oidc: false, setupRequired: true });
    const { token } = t.setup.issue()!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(t.store.db.prepare('SELECT * FROM api_setup_token').all())).not.toContain(token); // stored hashed only

    const begun = await t.post('/api/setup', { token, username: 'root-admin', password: PASSWORD });
    expect(begun.statusCode, begun.body).toBe(200);
    const uri = begun.json().totpUri as string;
    expect(uri).toMatch(/^otpauth:\/\/totp\/Radguard:root-admin\?/);
    expect(t.api.userCount()).toBe(0); // not usable before the second factor is proven

    const wrongCode = await t.post('/api/setup/confirm', { token, code: totpCode(secretOf(uri), Date.parse('2026-11-30T09:00:00Z')) });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json().error).toBe('bad-code');

    const now = t.clock.now().getTime();
    const confirmed = await t.post('/api/setup/confirm', { token, code: totpCode(secretOf(uri), now) });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(t.api.user('root-admin')?.role).toBe('admin');
    expect((await t.app.inject({ url: '/api/auth/config' })).json().setupRequired).toBe(false);

    // the confirming code cannot be replayed as a login code; the next step's can
    const replay = await t.post('/api/auth/login', { username: 'root-admin', password: PASSWORD, totp: totpCode(secretOf(uri), now) });
    expect(replay.statusCode).toBe(401);
    t.clock.advance(30_000);
    const login = await t.post('/api/auth/login', {
      username: 'root-admin',
      password: PASSWORD,
      totp: totpCode(secretOf(uri), t.clock.now().getTime()),
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().role).toBe('admin');

    const reused = await t.post('/api/setup', { token, username: 'second-admin', password: PASSWORD });
    expect(reused.statusCode).toBe(409);
    expect((await t.post('/api/setup/confirm', { token, code: '123456' })).statusCode).toBe(409);
    expect(t.api.user('second-admin')).toBeNull();
    expect(t.audit()).toEqual(
      expect.arrayContaining([
        'setup.token-issued',
        'setup.enrolment-started',
        'setup.refused bad-code',
        'setup.admin-created',
        'setup.refused setup-done',
      ]),
    );
    expect(verifyAudit(t.api, t.auditKey).ok).toBe(true);
  });

  it('refuses a wrong token, a replaced token, an expired token and a weak password', async () => {
    const t = await fresh();
    const first = t.setup.issue()!.token;
    const { token } = t.setup.issue()!; // a restart of serve replaces the token
    const wrong = await t.post('/api/setup', { token: 'x'.repeat(43), username: 'root-admin', password: PASSWORD });
    expect([wrong.statusCode, wrong.json().error]).toEqual([403, 'bad-token']);
    expect((await t.post('/api/setup', { token: first, username: 'root-admin', password: PASSWORD })).json().error).toBe('bad-token');
    const weak = await t.post('/api/setup', { token, username: 'root-admin', password: 'root-admin-1234' });
    expect([weak.statusCode, weak.json().error]).toEqual([400, 'weak-password']);
    expect((await t.post('/api/setup', { token, username: 'root-admin', password: PASSWORD })).statusCode).toBe(200);
    t.clock.advance(24 * 3600_000 + 1);
    const late = await t.post('/api/setup', { token, username: 'root-admin', password: PASSWORD });
    expect([late.statusCode, late.json().error]).toEqual([403, 'expired-token']);
    expect((await t.post('/api/setup/confirm', { token, code: '123456' })).json().error).toBe('expired-token');
    expect(t.api.userCount()).toBe(0);
    expect(t.audit().filter((a) => a.startsWith('setup.refused'))).toEqual([
      'setup.refused bad-token',
      'setup.refused bad-token',
      'setup.refused weak-password',
      'setup.refused expired-token',
      'setup.refused expired-token',
    ]);
  });

  it('an admin made with `radguard users add` closes setup and invalidates the printed token', async () => {
    const t = await fresh();
    const { token } = t.setup.issue()!;
    const pw = join(t.dir, 'pw');
    writeFileSync(pw, `${PASSWORD}\n`);
    const r = await runCli(['--db', t.dbFile, 'users', 'add', 'cli-admin', '--role', 'admin', '--password-file', pw], { USER: 'tester' });
    expect(r.code, r.err).toBe(0);
    expect(t.store.db.prepare('SELECT count(*) FROM api_setup_token').pluck().get()).toBe(0);
    const after = await t.post('/api/setup', { token, username: 'root-admin', password: PASSWORD });
    expect([after.statusCode, after.json().error]).toEqual([409, 'setup-done']);
    expect(t.setup.issue()).toBeNull();
    expect(t.audit()).toEqual(expect.arrayContaining(['setup.token-invalidated', 'setup.refused setup-done']));
  });
});
