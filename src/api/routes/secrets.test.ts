/**
 * The secrets API: admin only (every other role 403, anonymous 401), values go in and never come out — not in
 * responses, not in the request log, not in the audit log — and every change is audited by name.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretsKeyring } from '../../auth/secret-box.js';
import { API_ROLES, type ApiRole } from '../../auth/roles.js';
import { REQUEST_LOG } from '../server.js';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from '../testing/fixture.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const VALUE = 'smb-service-password-Xy7#unique-marker';
const keyDir = mkdtempSync(join(tmpdir(), 'radguard-secrets-api-'));
let fx: Fixture;
let log = '';
const headers = {} as Record<ApiRole, Record<string, string>>;

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (c) => (log += c));
  fx = await makeFixture({
    secretsKey: loadSecretsKeyring(join(keyDir, 'secrets.key'), true),
    logger: { ...REQUEST_LOG, level: 'trace', stream },
  });
  for (const role of API_ROLES) headers[role] = (await loginAs(fx.app, ROLE_USERS[role])).headers;
});
afterAll(async () => {
  await fx.close();
  rmSync(keyDir, { recursive: true, force: true });
});

const put = (h: Record<string, string> | undefined, name: string, value: string) =>
  fx.app.inject({ method: 'PUT', url: `/api/secrets/${name}`, payload: { value }, ...(h ? { headers: h } : {}) });

describe('secrets API', () => {
  it('admin stores, lists (names and dates only), replaces and deletes a secret', async () => {
    const created = await put(headers.admin, 'smb.pacs-archive', VALUE);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'smb.pacs-archive', updatedBy: 'alice' });
    expect((await put(headers.admin, 'smb.pacs-archive', `${VALUE}-2`)).statusCode).toBe(200);
    const list = await fx.app.inject({ url: '/api/secrets', headers: headers.admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['smb.pacs-archive']);
    expect(Object.keys(list.json().items[0]).sort()).toEqual(['createdAt', 'keyId', 'name', 'updatedAt', 'updatedBy']);
    for (const r of [created, list]) expect(r.body).not.toContain('unique-marker');
    expect((await fx.app.inject({ method: 'DELETE', url: '/api/secrets/smb.pacs-archive', headers: headers.admin })).statusCode).toBe(204);
    expect((await fx.app.inject({ method: 'DELETE', url: '/api/secrets/smb.pacs-archive', headers: headers.admin })).statusCode).toBe(404);
    const audit = [...fx.api.eachAudit()].filter((r) => r.action.startsWith('secret'));
    expect(audit.map((r) => `${r.actor} ${r.action} ${r.target}`)).toEqual([
      'alice secret.created smb.pacs-archive',
      'alice secret.replaced smb.pacs-archive',
      'alice secret.deleted smb.pacs-archive',
    ]);
    expect(JSON.stringify(audit)).not.toContain('unique-marker');
  });

  it('refuses bad names, empty values and writes without the CSRF header', async () => {
    expect((await put(headers.admin, 'Bad%20Name', 'x')).statusCode).toBe(400);
    expect((await put(headers.admin, 'ok', '')).statusCode).toBe(400);
    const noCsrf = await put({ cookie: headers.admin.cookie! }, 'ok', 'x');
    expect([noCsrf.statusCode, noCsrf.json().error]).toEqual([403, 'csrf']);
  });

  it.each(API_ROLES.filter((r) => r !== 'admin'))('%s gets 403 on every secrets route', async (role) => {
    expect((await fx.app.inject({ url: '/api/secrets', headers: headers[role] })).statusCode).toBe(403);
    expect((await put(headers[role], 'smb.x', VALUE)).statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'DELETE', url: '/api/secrets/smb.x', headers: headers[role] })).statusCode).toBe(403);
  });

  it('anonymous gets 401', async () => {
    expect((await fx.app.inject({ url: '/api/secrets' })).statusCode).toBe(401);
    expect((await put(undefined, 'smb.x', VALUE)).statusCode).toBe(401);
  });

  it('the request log (at trace level) never holds the value', () => {
    expect(log).toContain('/api/secrets/smb.pacs-archive'); // the log did capture those requests
    expect(log).not.toContain('unique-marker');
  });
});
