/**
 * Who may do what: the five roles and a principal's scope. A vendor-service principal sees only one
 * manufacturer's devices and/or one site; everyone else sees the whole department.
 */
export const API_ROLES = ['admin', 'security-analyst', 'biomedical-engineer', 'viewer', 'vendor-service'] as const;
export type ApiRole = (typeof API_ROLES)[number];
export const isApiRole = (v: string): v is ApiRole => (API_ROLES as readonly string[]).includes(v);

export interface Scope {
  readonly manufacturer: string | null;
  readonly site: string | null;
}

export interface Principal {
  readonly username: string;
  readonly role: ApiRole;
  readonly scope: Scope;
  /** How the caller proved who it is: a browser session (needs CSRF on writes) or a bearer token. */
  readonly via: 'session' | 'token';
}

/** A scope that restricts nothing is only legal for roles other than vendor-service. */
export const isScoped = (s: Scope): boolean => s.manufacturer !== null || s.site !== null;
