/**
 * The route × role matrix against the real app: every route in the OpenAPI document has an entry in
 * ROUTE_ACCESS and every entry is a real route; anonymous callers get 401 everywhere but the public routes;
 * each role gets 403 exactly where the matrix says deny.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROLES, type ApiRole } from '../auth/roles.js';
import { ROUTE_ACCESS, requireAccessEntry } from './access.js';
import { loginAs, makeFixture, ROLE_USERS, type Fixture } from './testing/fixture.js';

let fx: Fixture;
let app: FastifyInstance;
const headers = {} as Record<ApiRole, Record<string, string>>;

beforeAll(async () => {
  fx = await makeFixture();
  app = fx.app;
  for (const role of API_ROLES) headers[role] = (await loginAs(app, ROLE_USERS[role])).headers;
});
afterAll(async () => fx.close());

/** A concrete request for each route, with objects every role can see (the Siemens device is in the vendor's scope). */
function sample(key: string): { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: object } {
  const [method, path] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string];
  const url = path
    .replace('{id}', path.startsWith('/api/assets') ? fx.assets.siemens : path.startsWith('/api/tokens') ? 'AAAAAAAAAAAAAAAA' : path.startsWith('/api/sboms') ? '999999' : fx.scanId)
    .replace('{other}', fx.scanId)
    .replace('{key}', fx.findings.siemens)
    .replace('{username}', 'matrix-user')
    .replace('{name}', 'matrix-secret');
  const payloads: Record<string, object> = {
    'POST /api/findings/{key}/triage': { action: 'start-remediation' },
    'POST /api/auth/login': { username: 'nobody', password: 'x' },
    'POST /api/users': { username: 'matrix-user', password: 'correct horse battery staple', role: 'viewer' },
    'PATCH /api/users/{username}': { disabled: false },
    'POST /api/tokens': { name: 'matrix', days: 1 },
    // a real scan of one closed loopback port: the first allowed role starts it (202), the next ones find it busy (409)
    'POST /api/scans': { targets: ['127.0.0.1'], ports: '9' },
    'POST /api/do-not-probe': { cidr: '192.0.2.1', reason: 'matrix test' },
    'POST /api/vex': { fileName: 'matrix.openvex.json', content: JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.org/vex/matrix', author: 'matrix', timestamp: '2026-11-01T00:00:00Z', version: 1, statements: [] }), assetId: fx.assets.siemens },
    'POST /api/vex/proposals/decide': { approve: false, items: [{ cve: 'CVE-2099-0001', identity: 'cpe:matrix:matrix', scope: 'model:matrix' }] },
    'POST /api/sboms': { fileName: 'matrix.cdx.json', content: '{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[]}', assetId: fx.assets.siemens },
    'PUT /api/secrets/{name}': { value: 'matrix-value' },
    'POST /api/setup': { token: 'not-the-token', username: 'matrix-admin', password: 'correct horse battery staple' },
    'POST /api/setup/confirm': { token: 'not-the-token', code: '000000' },
  };
  const query: Record<string, string> = { 'DELETE /api/do-not-probe': '?cidr=192.0.2.1' };
  return { method, url: url + (query[key] ?? ''), ...(payloads[key] ? { payload: payloads[key] } : {}) };
}
/** Answers that show the call got past access control (409: the state machine refused a repeated triage step). */
const passed = (key: string) => (key === 'DELETE /api/tokens/{id}' || key === 'DELETE /api/sboms/{id}' ? [404] : [200, 201, 202, 204, 409]); // no such token or SBOM

describe('route × role matrix', () => {
  it('lists every route of the OpenAPI document, and only those', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.length).toBeGreaterThan(10);
    const declared = Object.keys(ROUTE_ACCESS).filter((k) => k !== 'GET /api/openapi.json');
    expect(documented.sort()).toEqual(declared.sort());
  });

  it('a route without an entry stops the app from starting', () => {
    expect(() => requireAccessEntry('DELETE', '/api/assets/:id')).toThrow(/no entry in the access matrix/);
    expect(() => requireAccessEntry(['GET'], '/api/assets/:id')).not.toThrow();
  });

  it('anonymous gets 401 everywhere except login, health and the OpenAPI document', async () => {
    for (const [key, rule] of Object.entries(ROUTE_ACCESS)) {
      const r = await app.inject(sample(key));
      if ('public' in rule && rule.public) expect([200, 400, 401, 404, 409].includes(r.statusCode) && r.json().error !== 'unauthenticated', key).toBe(true);
      else expect(r.statusCode, key).toBe(401);
    }
  });

  it.each(API_ROLES)('%s gets 403 exactly on denied routes', async (role) => {
    for (const [key, rule] of Object.entries(ROUTE_ACCESS)) {
      if ('public' in rule && rule.public) continue;
      if (key === 'POST /api/auth/logout') continue; // would end the session the other checks use
      const r = await app.inject({ ...sample(key), headers: headers[role] });
      if (rule.roles[role] === 'deny') expect(r.statusCode, `${role} ${key}`).toBe(403);
      else expect(passed(key), `${role} ${key}: ${r.body}`).toContain(r.statusCode);
    }
  });

  it('a bearer-less garbage token is 401, not anonymous access to a public route turned private', async () => {
    const r = await app.inject({ url: '/api/assets', headers: { authorization: 'Bearer rgt_nope' } });
    expect(r.statusCode).toBe(401);
  });
});
