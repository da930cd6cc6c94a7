/**
 * The console's files beside the API: page paths answer index.html (the app routes them), built files answer
 * themselves with the right caching, and nothing under /api/ ever falls through to a file — an unknown API path
 * is still the JSON 404 and every API route still answers 401 to an anonymous caller. The CSP holds on the page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from './testing/fixture.js';

const web = mkdtempSync(join(tmpdir(), 'rg-web-'));
const INDEX = '<!doctype html><title>Radguard</title><script type="module" src="/assets/index-abc123.js"></script>';
let fx: Fixture;
let bare: Fixture;

beforeAll(async () => {
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), INDEX);
  writeFileSync(join(web, 'assets/index-abc123.js'), 'console.log("console")');
  writeFileSync(join(web, '.secret'), 'not for the web');
  fx = await makeFixture({ webRoot: web });
  bare = await makeFixture({ webRoot: null });
});
afterAll(async () => {
  await fx.close();
  await bare.close();
  rmSync(web, { recursive: true, force: true });
});

describe('web console files', () => {
  it.each(['/', '/assets', '/findings/0123456789abcdef01234567', '/admin/users?x=1'])(
    'page path %s answers index.html, uncached, under the strict CSP',
    async (url) => {
      const r = await fx.app.inject({ url });
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe(INDEX);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(r.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
    },
  );

  it('a hashed bundle answers itself, cached for a year', async () => {
    const r = await fx.app.inject({ url: '/assets/index-abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('console');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
  });

  it.each(['/assets/missing.js', '/.secret', '/assets/../.secret', '/..%2f..%2fetc%2fpasswd.txt'])(
    '%s is a 404, never a file outside the list',
    async (url) => {
      const r = await fx.app.inject({ url });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('not for the web');
    },
  );

  it('a climb out of the folder gets the page or a 404, never the file', async () => {
    const r = await fx.app.inject({ url: '/%2e%2e/%2e%2e/%2e%2e/etc/passwd' });
    expect([200, 404]).toContain(r.statusCode);
    if (r.statusCode === 200) expect(r.body).toBe(INDEX);
    expect(r.body).not.toContain('root:');
  });

  it('API paths never fall through to the console', async () => {
    for (const url of ['/api/nope', '/api', '/api/assets/x/y']) {
      const r = await fx.app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json(), url).toMatchObject({ error: 'not-found' });
    }
    expect((await fx.app.inject({ url: '/api/assets' })).statusCode).toBe(401);
    expect((await fx.app.inject({ url: '/api/dashboard' })).statusCode).toBe(401);
  });

  it('only GET and HEAD reach the files', async () => {
    const r = await fx.app.inject({ method: 'POST', url: '/assets' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: 'not-found' });
  });

  // sendFile then calls the not-found handler again, from inside it: Fastify answers its plain 404 instead of looping
  it('a file removed under the running server is a 404, not a loop', async () => {
    rmSync(join(web, 'assets/index-abc123.js'));
    const r = await fx.app.inject({ url: '/assets/index-abc123.js' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('console');
    rmSync(join(web, 'index.html'));
    expect((await fx.app.inject({ url: '/findings' })).statusCode).toBe(404);
  });

  it('without a built console, page paths are plain 404s', async () => {
    const r = await bare.app.inject({ url: '/assets' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: 'not-found' });
  });
});
