/**
 * Account rules shared by the CLI and the admin API: a role with its scope and expiry (vendor-service must be
 * scoped and must end; nobody else is scoped), usernames, and the guard that keeps at least one usable admin.
 */
import { AppError } from '../core/errors.js';
import type { ApiStore } from '../store/sqlite/api-store.js';
import { OIDC_NO_PASSWORD } from '../store/sqlite/oidc-store.js';
import { API_ROLES, isApiRole, type ApiRole, type Scope } from './roles.js';

export interface RoleRequest {
  readonly role: string;
  readonly manufacturer?: string | null;
  readonly site?: string | null;
  readonly expires?: string | null;
}

export const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** The checked role, scope and expiry, or the reason they are refused. */
export function checkRole(o: RoleRequest): { role: ApiRole; scope: Scope; expiresAt: string | null } | { error: string } {
  if (!isApiRole(o.role)) return { error: `unknown role "${o.role}" (one of: ${API_ROLES.join(', ')})` };
  const scope: Scope = { manufacturer: o.manufacturer ?? null, site: o.site ?? null };
  let expiresAt: string | null = null;
  if (o.expires !== undefined && o.expires !== null) {
    const t = Date.parse(o.expires);
    if (Number.isNaN(t)) return { error: `expiry "${o.expires}" is not a date (use YYYY-MM-DD)` };
    expiresAt = new Date(t).toISOString();
  }
  if (o.role === 'vendor-service') {
    if (!scope.manufacturer && !scope.site) return { error: 'a vendor-service account needs a manufacturer and/or a site' };
    if (!expiresAt) return { error: 'a vendor-service account needs an expiry date' };
  } else if (scope.manufacturer || scope.site) return { error: 'only vendor-service accounts are scoped to a manufacturer or site' };
  return { role: o.role, scope, expiresAt };
}

/**
 * Refuses a change that would leave no enabled local admin (nobody could then manage users from the console).
 * Admins provisioned by single sign-on do not count: local accounts are the break-glass way in when the identity
 * provider is down or its group mapping is wrong.
 */
export function assertAdminRemains(store: ApiStore, username: string, after: { role: ApiRole; disabled: boolean }): void {
  const others = store.users().filter((u) => u.username !== username && u.role === 'admin' && !u.disabled && u.passwordHash !== OIDC_NO_PASSWORD);
  if (others.length === 0 && (after.role !== 'admin' || after.disabled))
    throw new AppError('ERR_AUTH_LAST_ADMIN', `${username} is the last enabled admin; make another admin first`);
}
