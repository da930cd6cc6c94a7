/** How `radguard serve` listens: refusals for plain HTTP off loopback, and a real loopback socket end to end. */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAuditKey } from '../auth/audit.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { ensureSelfSigned } from './self-signed.js';
import { startServer, transportFor } from './server.js';

describe('serving', () => {
  it('serves HTTPS with a certificate (self-signed if none), HTTP only on loopback or behind a named proxy', () => {
    expect(transportFor({ host: '0.0.0.0', port: 1, cert: 'c.pem', key: 'k.pem' })).toEqual({ kind: 'https', cert: 'c.pem', key: 'k.pem' });
    expect(transportFor({ host: '127.0.0.1', port: 1 })).toEqual({ kind: 'http-loopback' });
    expect(transportFor({ host: '::1', port: 1 })).toEqual({ kind: 'http-loopback' });
    expect(transportFor({ host: '0.0.0.0', port: 1 })).toEqual({ kind: 'https-self-signed' });
    expect(() => transportFor({ host: '10.0.0.2', port: 1, cert: 'c.pem' })).toThrow(/both --cert and --key/);
    expect(transportFor({ host: '0.0.0.0', port: 1, trustProxy: ['10.0.0.1'] })).toEqual({ kind: 'http-behind-proxy', proxies: ['10.0.0.1'] });
    expect(() => transportFor({ host: '0.0.0.0', port: 1, trustProxy: ['proxy.example'] })).toThrow(/not an IP address/);
  });

  it('listens on loopback and answers over a real socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radguard-serve-'));
    const store = SqliteScanStore.open(join(dir, 'rg.db'));
    const { app, url } = await startServer(store, loadAuditKey(join(dir, 'k'), true), { host: '127.0.0.1', port: 0, selfSignedBase: join(dir, 'rg.db') }, false);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const h = await fetch(`${url}/api/health`);
      expect(await h.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/api/assets`)).status).toBe(401);
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'y' }) });
      expect(login.status).toBe(401);
    } finally {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates a self-signed certificate once, serves HTTPS with it and sends HSTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radguard-tls-'));
    const store = SqliteScanStore.open(join(dir, 'rg.db'));
    // a loopback address would get plain HTTP, so the generated pair is passed explicitly
    const made = await ensureSelfSigned(join(dir, 'rg.db'), '127.0.0.1', new Date());
    expect(made.created).toBe(true);
    expect(statSync(made.key).mode & 0o777).toBe(0o600);
    const again = await ensureSelfSigned(join(dir, 'rg.db'), '127.0.0.1', new Date());
    expect([again.created, again.fingerprint]).toEqual([false, made.fingerprint]);
    const cert = new X509Certificate(readFileSync(made.cert));
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.fingerprint256).toBe(made.fingerprint);
    const { app, url } = await startServer(store, loadAuditKey(join(dir, 'k'), true), { host: '127.0.0.1', port: 0, cert: made.cert, key: made.key, selfSignedBase: join(dir, 'rg.db') }, false);
    try {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await new Promise<{ status: number; hsts: unknown }>((resolve, reject) =>
        httpsGet(`${url}/api/health`, { ca: readFileSync(made.cert) }, (r) => {
          r.resume();
          resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'] });
        }).on('error', reject),
      );
      expect(res.status).toBe(200);
      expect(res.hsts).toMatch(/max-age=31536000/);
    } finally {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
