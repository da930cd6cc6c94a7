/**
 * THE route × role matrix: every route the API serves has exactly one entry here, and a test checks this table
 * against the OpenAPI document, so a new route without an entry fails the build. The request hook enforces it
 * (an unlisted route answers 500: fail closed). 'filter' means allowed, but the handler narrows every list and
 * by-id read to the caller's scope (another vendor's object answers 404, as if it did not exist).
 */
import type { ApiRole } from '../auth/roles.js';
import { AppError } from '../core/errors.js';

export type Access = 'allow' | 'deny' | 'filter';
export type RouteAccess = { readonly public: true } | { readonly public?: false; readonly roles: Readonly<Record<ApiRole, Access>> };

const everyone = (vendor: Access = 'filter'): RouteAccess => ({
  roles: { admin: 'allow', 'security-analyst': 'allow', 'biomedical-engineer': 'allow', viewer: 'allow', 'vendor-service': vendor },
});
const adminOnly: RouteAccess = {
  roles: { admin: 'allow', 'security-analyst': 'deny', 'biomedical-engineer': 'deny', viewer: 'deny', 'vendor-service': 'deny' },
};
/** Triage: viewers and vendors read only; which triage actions each writer may take is narrowed in TRIAGE_ACTIONS. */
const triagers: RouteAccess = {
  roles: { admin: 'allow', 'security-analyst': 'allow', 'biomedical-engineer': 'allow', viewer: 'deny', 'vendor-service': 'deny' },
};

/**
 * Who may start and stop scans. A biomedical engineer may: they run the remediation work (TRIAGE_ACTIONS) and a
 * re-scan is how a fix is verified, and they know best which devices are fragile. The limits bind every scanner
 * alike — safe checks only, the site's ranges, do-not-probe honoured — and confirming a large or public scan stays
 * with admins (checked in routes/scan-control.ts). Cancelling is allowed to every scanner: stopping traffic to
 * clinical devices is the safe direction.
 */
const scanners: RouteAccess = {
  roles: { admin: 'allow', 'security-analyst': 'allow', 'biomedical-engineer': 'allow', viewer: 'deny', 'vendor-service': 'deny' },
};

/**
 * Who may store and remove SBOMs: those who maintain the inventory and its findings, and a vendor for its own devices
 * (a manufacturer documents its products; narrowed to its scope in routes/sboms.ts). Viewers only read.
 */
const sbomWriters: RouteAccess = {
  roles: { admin: 'allow', 'security-analyst': 'allow', 'biomedical-engineer': 'allow', viewer: 'deny', 'vendor-service': 'filter' },
};

/**
 * Who may record VEX decisions, which can make findings false positives: those who may mark false positives by hand
 * (TRIAGE_ACTIONS), and a vendor for its own devices (a manufacturer's VEX; narrowed in routes/vex.ts).
 */
const vexWriters: RouteAccess = {
  roles: { admin: 'allow', 'security-analyst': 'allow', 'biomedical-engineer': 'deny', viewer: 'deny', 'vendor-service': 'filter' },
};

/**
 * A vendor's not_affected / false_positive statements wait for someone at the site who may mark false positives to
 * approve them (ADR 0107): vendors see their own proposals, and only the site decides.
 */
const vexApprovers: RouteAccess = {
  roles: { admin: 'allow', 'security-analyst': 'allow', 'biomedical-engineer': 'deny', viewer: 'deny', 'vendor-service': 'deny' },
};

/** Keys are `METHOD /path` in OpenAPI path syntax. */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /api/health': { public: true },
  'GET /api/openapi.json': { public: true },
  'POST /api/auth/login': { public: true },
  'POST /api/auth/logout': everyone('allow'),
  'GET /api/auth/me': everyone('allow'),
  // before any account exists: the one-time setup token is the credential (src/auth/setup.ts)
  'POST /api/setup': { public: true },
  'POST /api/setup/confirm': { public: true },
  'GET /api/auth/config': { public: true },
  'GET /api/auth/oidc/login': { public: true },
  'GET /api/auth/oidc/callback': { public: true },
  'GET /api/secrets': adminOnly,
  'PUT /api/secrets/{name}': adminOnly,
  'DELETE /api/secrets/{name}': adminOnly,
  'GET /api/scans': everyone(),
  'GET /api/scans/{id}': everyone(),
  'GET /api/scans/{id}/diff/{other}': everyone(),
  'POST /api/scans': scanners,
  'POST /api/scans/{id}/cancel': scanners,
  'GET /api/scans/{id}/events': everyone(),
  'GET /api/dashboard': everyone(),
  'GET /api/reports/executive.pdf': everyone(),
  'GET /api/reports/findings.csv': everyone(),
  'GET /api/reports/vex.json': everyone(),
  'GET /api/do-not-probe': adminOnly,
  'POST /api/do-not-probe': adminOnly,
  'DELETE /api/do-not-probe': adminOnly,
  'GET /api/findings': everyone(),
  'GET /api/findings/{key}': everyone(),
  'POST /api/findings/{key}/triage': triagers,
  'GET /api/assets': everyone(),
  'GET /api/assets/{id}': everyone(),
  'GET /api/sboms': everyone(),
  'POST /api/sboms': sbomWriters,
  'DELETE /api/sboms/{id}': sbomWriters,
  'POST /api/vex': vexWriters,
  'GET /api/vex/proposals': vexWriters,
  'POST /api/vex/proposals/decide': vexApprovers,
  'GET /api/audit-log': adminOnly,
  'GET /api/users': adminOnly,
  'POST /api/users': adminOnly,
  'PATCH /api/users/{username}': adminOnly,
  // everyone manages their own tokens (an admin everyone's); a token cannot manage tokens
  'GET /api/tokens': everyone('allow'),
  'POST /api/tokens': everyone('allow'),
  'DELETE /api/tokens/{id}': everyone('allow'),
  // a whole-network view (zone blocks, every zone's open ports): denied to vendors, see routes/segmentation.ts
  'GET /api/segmentation': everyone('deny'),
};

/**
 * Risk acceptance and false-positive calls are security decisions (an approver signs them); a biomedical engineer
 * runs the remediation work and may start, resolve and reopen.
 */
export const TRIAGE_ACTIONS: Readonly<Record<ApiRole, readonly string[]>> = {
  admin: ['start-remediation', 'resolve', 'accept-risk', 'false-positive', 'reopen'],
  'security-analyst': ['start-remediation', 'resolve', 'accept-risk', 'false-positive', 'reopen'],
  'biomedical-engineer': ['start-remediation', 'resolve', 'reopen'],
  viewer: [],
  'vendor-service': [],
};

/** Fastify's `/a/:id` route syntax to OpenAPI's `/a/{id}`. */
export const openApiPath = (fastifyUrl: string): string => fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Called for every route as it is registered: a route without a matrix entry stops the server from starting. */
export function requireAccessEntry(methods: string | readonly string[], fastifyUrl: string): void {
  for (const m of typeof methods === 'string' ? [methods] : methods)
    if (!ROUTE_ACCESS[`${m} ${openApiPath(fastifyUrl)}`])
      throw new AppError('ERR_API_ROUTE_ACCESS', `route ${m} ${fastifyUrl} has no entry in the access matrix (src/api/access.ts)`);
}
