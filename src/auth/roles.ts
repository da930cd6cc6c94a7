/**
 * Who may do what: the five roles and a principal's scope. A vendor-service principal sees only one
 * manufacturer's devices and/or one site; everyone else sees the whole department.
 */
import type { ApiRole, Scope } from '../store/sqlite/api-store.js';

/** The role list lives with the table whose CHECK constraint enforces it; auth and api read it from here. */
export { API_ROLES, isApiRole, type ApiRole, type Scope } from '../store/sqlite/api-store.js';

export interface Principal {
  readonly username: string;
  readonly role: ApiRole;
  readonly scope: Scope;
  /** How the caller proved who it is: a browser session (needs CSRF on writes) or a bearer token. */
  readonly via: 'session' | 'token';
}

/** A scope that restricts nothing is only legal for roles other than vendor-service. */
export const isScoped = (s: Scope): boolean => s.manufacturer !== null || s.site !== null;
