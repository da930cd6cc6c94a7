/**
 * A seeded department for API tests: two vendors' devices at two sites, one scan with findings on each, and
 * one user per role (vendor-service scoped to Siemens). Real SQLite in a temp dir, real argon2 hashes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadAuditKey, type AuditKey } from '../../auth/audit.js';
import { hashPassword } from '../../auth/password.js';
import type { ApiRole, Scope } from '../../auth/roles.js';
import { sequentialIds, type Clock } from '../../core/clock.js';
import { aliveHost } from '../../core/testing/hosts.js';
import type { Severity } from '../../core/severity.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { buildApp, type AppOptions } from '../app.js';

export const PASSWORD = 'correct horse battery staple';
export const ROLE_USERS: Record<ApiRole, string> = {
  admin: 'alice',
  'security-analyst': 'sam',
  'biomedical-engineer': 'bea',
  viewer: 'vic',
  'vendor-service': 'siemens-fse',
};

export interface Fixture {
  readonly app: FastifyInstance;
  readonly store: SqliteScanStore;
  readonly api: ApiStore;
  readonly auditKey: AuditKey;
  readonly dir: string;
  readonly assets: { siemens: string; ge: string };
  readonly findings: { siemens: string; ge: string };
  readonly scanId: string;
  close(): Promise<void>;
}

/** A clock tests can move. */
export function movableClock(iso: string): Clock & { advance(ms: number): void } {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export { aliveHost };

export async function makeFixture(opts: Partial<AppOptions> & { adminTotp?: string } = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'radguard-api-'));
  const store = SqliteScanStore.open(join(dir, 'rg.db'));
  const inv = new InventoryStore(store.db, sequentialIds());
  const at = '2026-11-01T08:00:00.000Z';
  const siemens = inv.upsert({ name: 'CT-1', manufacturer: 'Siemens', model: 'SOMATOM', site: 'north', addresses: ['10.0.0.5'], criticality: 'high' }, 'test', at).assetId;
  const ge = inv.upsert({ name: 'MR-1', manufacturer: 'GE', model: 'SIGNA', site: 'south', addresses: ['10.0.0.6'] }, 'test', at).assetId;
  const scanId = 'scan_a';
  store.createScan({ id: scanId, startedAt: at, source: 'scan', targets: ['10.0.0.0/24'], vantage: { sourceAddress: null, interface: null, zone: 'imaging', hostname: 'test' }, profile: 'default', options: {}, hostsPlanned: 2 }, process.pid, null);
  const commit = (address: string, assetId: string, severity: Severity) =>
    store.commitHost(scanId, {
      host: aliveHost(address, assetId, { ports: [{ port: 104, protocol: 'tcp', state: 'open', service: 'dicom', product: null, version: null, cpe: [], reason: null, rttMs: 1 }] }),
      verdicts: [{ ruleId: 'dicom.any-ae', title: 'DICOM accepts any AE title', severity, remediation: 'Restrict calling AE titles', port: 104, evidence: 'associate accepted', observationIds: [] }],
      scannedPorts: new Set([104]),
      at,
    });
  commit('10.0.0.5', siemens, 'high');
  commit('10.0.0.6', ge, 'medium');
  store.finishScan(scanId, 'complete', at);
  const [fs, fg] = [siemens, ge].map((id) => store.findings().find((f) => f.subject === id)!.key);
  const api = new ApiStore(store.db);
  const hash = await hashPassword(PASSWORD);
  for (const [role, username] of Object.entries(ROLE_USERS) as [ApiRole, string][]) {
    const scope: Scope = role === 'vendor-service' ? { manufacturer: 'Siemens', site: null } : { manufacturer: null, site: null };
    api.addUser({ username, passwordHash: hash, role, scope, expiresAt: role === 'vendor-service' ? '2027-06-30T00:00:00.000Z' : null, totpSecret: role === 'admin' ? (opts.adminTotp ?? null) : null }, at);
  }
  const auditKey = loadAuditKey(join(dir, 'audit.key'), true);
  const app = await buildApp({ store, auditKey, secureCookies: true, ...opts });
  return {
    app,
    store,
    api,
    auditKey,
    dir,
    assets: { siemens, ge },
    findings: { siemens: fs!, ge: fg! },
    scanId,
    async close() {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in and returns the headers a browser would then send (cookie + CSRF token). */
export async function loginAs(app: FastifyInstance, username: string, totp?: string): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD, ...(totp ? { totp } : {}) } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
  const c = r.cookies[0]!;
  const cookie = `${c.name}=${c.value}`;
  const csrf = (r.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
