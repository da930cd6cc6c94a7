/**
 * Login, logout and "who am I". A successful login always gets a fresh session id (the old cookie's session,
 * if any, is ended: no fixation) and a CSRF token the SPA echoes in `x-csrf-token` on every write.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors, scopeSchema } from '../schemas.js';

const meSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string' },
    scope: scopeSchema,
    via: { type: 'string', enum: ['session', 'token'] },
    csrfToken: { type: ['string', 'null'] },
  },
  required: ['username', 'role', 'scope', 'via', 'csrfToken'],
} as const;

export function authRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username, password and (for admins) a TOTP code; sets the session cookie',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
            totp: { type: 'string', pattern: '^[0-9]{6}$' },
          },
        },
        response: {
          200: meSchema,
          401: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, totpRequired: { type: 'boolean' } }, required: ['error', 'message'] },
          ...errors(400, 429),
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { username: string; password: string; totp?: string };
      const old = req.cookies[ctx.cookieName];
      const r = await ctx.auth.login(body.username, body.password, body.totp, req.ip, old);
      if (!r.ok) {
        if (r.reason === 'throttled') return reply.code(429).send({ error: 'too-many-attempts', message: 'too many failed logins from this address; wait and try again' });
        if (r.reason === 'totp-required') return reply.code(401).send({ error: 'totp-required', message: 'enter the code from your authenticator app', totpRequired: true });
        return reply.code(401).send({ error: 'invalid-credentials', message: 'wrong username, password or code, or the account is locked or expired' });
      }
      reply.setCookie(ctx.cookieName, r.sessionId, { path: '/', httpOnly: true, secure: ctx.secureCookies, sameSite: 'strict' });
      return { username: r.principal.username, role: r.principal.role, scope: r.principal.scope, via: 'session', csrfToken: r.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: { type: 'null' }, ...errors(401, 403) } } },
    async (req, reply) => {
      if (req.session) ctx.auth.logout(req.session);
      reply.clearCookie(ctx.cookieName, { path: '/', httpOnly: true, secure: ctx.secureCookies, sameSite: 'strict' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The caller: user, role, scope and the CSRF token of its session', response: { 200: meSchema, ...errors(401) } } },
    async (req) => {
      const p = principalOf(req);
      return { username: p.username, role: p.role, scope: p.scope, via: p.via, csrfToken: req.session?.csrfToken ?? null };
    },
  );
}
