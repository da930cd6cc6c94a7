/** The last-admin guard counts only local admins: an admin provisioned by single sign-on is no break-glass account. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiStore } from '../store/sqlite/api-store.js';
import { OidcStore } from '../store/sqlite/oidc-store.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { assertAdminRemains } from './accounts.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('last local admin', () => {
  it('refuses to disable the last local admin even when an SSO admin exists', () => {
    const store = SqliteScanStore.open(join(dir, 'rg.db'));
    const api = new ApiStore(store.db);
    const at = '2026-11-30T08:00:00.000Z';
    const none = { manufacturer: null, site: null };
    api.addUser(
      {
        username: 'local-admin',
        passwordHash: '$argon2id$placeholder',
        role: 'admin',
        scope: none,
        expiresAt: null,
        totpSecret: 'JBSWY3DPEHPK3PXP',
      },
      at,
    );
    new OidcStore(store.db).upsertUser(
      {
        username: 'sso-admin',
        issuer: 'https://idp.example',
        subject: 's1',
        role: 'admin',
        scope: none,
        expiresAt: '2026-12-01T00:00:00.000Z',
      },
      at,
    );
    expect(() => assertAdminRemains(api, 'local-admin', { role: 'admin', disabled: true })).toThrow(/last enabled admin/);
    expect(() => assertAdminRemains(api, 'sso-admin', { role: 'viewer', disabled: false })).not.toThrow();
    api.addUser(
      {
        username: 'second-local',
        passwordHash: '$argon2id$placeholder',
        role: 'admin',
        scope: none,
        expiresAt: null,
        totpSecret: 'JBSWY3DPEHPK3PXP',
      },
      at,
    );
    expect(() => assertAdminRemains(api, 'local-admin', { role: 'admin', disabled: true })).not.toThrow();
    store.close();
  });
});
