/**
 * buildApp: the Fastify API. Order matters and is deliberate: security headers, cookie parsing and rate limits
 * first; then one access hook that enforces the route × role matrix of access.ts for every request (anonymous →
 * 401, role denied → 403, unlisted route → 500, i.e. fail closed) and CSRF on cookie-authenticated writes; then
 * the routes, each with JSON schemas that also feed the OpenAPI document at /api/openapi.json.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { AuditLog, type AuditKey } from '../auth/audit.js';
import type { OidcConfig } from '../auth/oidc-config.js';
import type { SecretsKeyring } from '../auth/secret-box.js';
import type { Principal } from '../auth/roles.js';
import { sameSecret } from '../auth/secrets.js';
import { AuthService, DEFAULT_POLICY, type AuthPolicy, type SessionContext } from '../auth/service.js';
import { randomIds, systemClock, type Clock } from '../core/clock.js';
import { ApiQueries } from '../store/sqlite/api-queries.js';
import { ApiStore } from '../store/sqlite/api-store.js';
import { openApiReader } from './read-pool.js';
import { startSearchIndexer } from '../store/sqlite/search-indexer.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { ROUTE_ACCESS, openApiPath, requireAccessEntry } from './access.js';
import type { ApiContext } from './context.js';
import { assetRoutes, assetsPage } from './routes/assets.js';
import { sbomRoutes } from './routes/sboms.js';
import { vexRoutes } from './routes/vex.js';
import { auditLogRoutes } from './routes/audit-log.js';
import { authRoutes } from './routes/auth.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { doNotProbeRoutes } from './routes/do-not-probe.js';
import { reportRoutes } from './routes/reports.js';
import { scanControlRoutes } from './routes/scan-control.js';
import { findingRoutes, findingsPage } from './routes/findings.js';
import { healthRoutes } from './routes/health.js';
import { identityRoutes } from './routes/identity.js';
import { scanRoutes } from './routes/scans.js';
import { segmentationRoutes } from './routes/segmentation.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { DEFAULT_WEB_ROOT, webConsole } from './static.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    session: SessionContext | null;
  }
}

export interface AppOptions {
  readonly store: SqliteScanStore;
  readonly auditKey: AuditKey;
  readonly clock?: Clock;
  readonly policy?: AuthPolicy;
  /** Secure cookies (default true). Only plain-HTTP loopback serving turns this off. */
  readonly secureCookies?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  /** Passed to Fastify as is: false (default), or the reverse proxy's address(es) whose X-Forwarded-* headers are trusted. */
  readonly trustProxy?: boolean | string | string[];
  /** Requests per minute per client address across the API (login has its own, tighter limit). */
  readonly rateLimitPerMinute?: number;
  readonly https?: { key: string | Buffer; cert: string | Buffer } | null;
  /** Worker threads reading the assets and findings lists off the main thread (default 0: read on it). */
  readonly readWorkers?: number;
  /** Milliseconds between heartbeat comments on scan event streams (default 15 s). */
  readonly sseHeartbeatMs?: number;
  /** The key file of the secrets store (null or absent: secrets cannot be written). */
  readonly secretsKey?: SecretsKeyring | null;
  /** Single sign-on settings (null or absent: local accounts only). */
  readonly oidc?: OidcConfig | null;
  /** The built web console (default dist/web; null: API only). Served outside /api/ only, see static.ts. */
  readonly webRoot?: string | null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const BODY_LIMIT = 64 * 1024;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const secureCookies = opts.secureCookies ?? true;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    exposeHeadRoutes: false,
    trustProxy: opts.trustProxy ?? false,
    ...(opts.https ? { https: opts.https } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
  } as FastifyServerOptions) as unknown as FastifyInstance;

  const clock = opts.clock ?? systemClock;
  const api = new ApiStore(opts.store.db);
  const audit = new AuditLog(api, opts.auditKey);
  const ctx: ApiContext = {
    store: opts.store,
    api,
    queries: new ApiQueries(opts.store.db),
    reader: openApiReader(opts.store, opts.readWorkers ?? 0, { assets: assetsPage, findings: findingsPage }),
    inventory: new InventoryStore(opts.store.db, randomIds),
    auth: new AuthService(api, audit, clock, opts.policy ?? DEFAULT_POLICY),
    audit,
    clock,
    cookieName: secureCookies ? '__Host-radguard-session' : 'radguard-session',
    secureCookies,
  };

  // helmet's middleware is built once and run on every request (the Fastify plugin rebuilt it — CSP parsing and
  // all — on every request, a tenth of a millisecond each on this class of machine)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { max: opts.rateLimitPerMinute ?? 600, timeWindow: '1 minute' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Radguard API', version: '1', description: 'Security posture of the imaging department. Access is role-based; see docs/api.md.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: ctx.cookieName },
          token: { type: 'http', scheme: 'bearer', description: 'rgt_<id>_<secret> from `radguard tokens add`' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });

  app.addHook('onRoute', (r) => requireAccessEntry(r.method, r.url));
  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // no such route: the 404 handler answers
    const rule = ROUTE_ACCESS[`${req.method} ${openApiPath(url)}`];
    if (!rule) {
      req.log.error({ route: url }, 'route has no entry in the access matrix');
      return reply.code(500).send({ error: 'internal', message: 'route not configured for access control' });
    }
    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      req.principal = ctx.auth.token(authz.slice(7).trim());
      if (!req.principal && !rule.public) return reply.code(401).send({ error: 'unauthenticated', message: 'invalid, expired or revoked token' });
    } else {
      const sid = req.cookies[ctx.cookieName];
      req.session = sid ? ctx.auth.session(sid) : null;
      req.principal = req.session?.principal ?? null;
    }
    if (rule.public) return;
    if (!req.principal) return reply.code(401).send({ error: 'unauthenticated', message: 'log in first' });
    if (rule.roles[req.principal.role] === 'deny') return reply.code(403).send({ error: 'forbidden', message: `role ${req.principal.role} may not use this route` });
    if (req.session && UNSAFE.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, req.session.csrfToken))
        return reply.code(403).send({ error: 'csrf', message: 'missing or wrong x-csrf-token header' });
    }
  });

  app.setErrorHandler((err: { statusCode?: number; validation?: unknown; message: string; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err.validation) return reply.code(400).send({ error: 'bad-request', message: err.message });
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: 'internal', message: 'internal error' });
    }
    return reply.code(status).send({ error: status === 429 ? 'rate-limited' : (err.code ?? 'error'), message: err.message });
  });
  const consoleFile = await webConsole(app, opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot);
  app.setNotFoundHandler((req, reply) => consoleFile(req, reply) ?? reply.code(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));

  healthRoutes(app);
  authRoutes(app, ctx);
  scanRoutes(app, ctx);
  scanControlRoutes(app, ctx, { heartbeatMs: opts.sseHeartbeatMs });
  dashboardRoutes(app, ctx);
  reportRoutes(app, ctx);
  doNotProbeRoutes(app, ctx);
  findingRoutes(app, ctx);
  assetRoutes(app, ctx);
  sbomRoutes(app, ctx);
  vexRoutes(app, ctx);
  auditLogRoutes(app, ctx);
  userRoutes(app, ctx);
  tokenRoutes(app, ctx);
  identityRoutes(app, ctx, { secretsKey: opts.secretsKey ?? null, oidc: opts.oidc ?? null });
  segmentationRoutes(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const indexer = startSearchIndexer(opts.store.db, (err) => app.log.error({ err }, 'findings search indexing failed; retrying'));
  app.addHook('onClose', async () => {
    indexer.stop();
    await ctx.reader.close();
  });

  await app.ready();
  return app;
}
