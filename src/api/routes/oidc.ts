/**
 * Browser redirects of the OIDC login: /api/auth/oidc/login sends the browser to the identity provider with a
 * cookie binding the attempt to it (SameSite=Lax, because the provider's redirect back is a cross-site top-level
 * navigation that a Strict cookie would not survive); /api/auth/oidc/callback completes it and lands on the console
 * with a new session, or on `/?oidc-error=<reason>`. Both answer 404 when OIDC is not configured. The callback's
 * request line carries the authorization code, so its request log is off (logLevel warn) to keep codes out of logs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OidcLogin } from '../../auth/oidc.js';
import type { ApiContext } from '../context.js';
import { errors } from '../schemas.js';

const redirect = { 302: { type: 'null', description: 'redirect (Location header)' } } as const;

export function oidcRoutes(app: FastifyInstance, ctx: ApiContext, oidc: OidcLogin | null): void {
  const bindingCookie = ctx.secureCookies ? '__Host-radguard-oidc' : 'radguard-oidc';
  const cookieOpts = { path: '/', httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax' as const };
  const notConfigured = (reply: FastifyReply) =>
    reply.code(404).send({ error: 'oidc-not-configured', message: 'single sign-on is not configured on this server' });

  app.get(
    '/api/auth/oidc/login',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Start single sign-on: redirects to the identity provider',
        response: { ...redirect, ...errors(404, 429, 503) },
      },
    },
    async (req, reply) => {
      if (!oidc) return notConfigured(reply);
      const r = await oidc.start(req.ip);
      if ('unavailable' in r) return reply.code(503).send({ error: 'oidc-unavailable', message: r.unavailable });
      reply.setCookie(bindingCookie, r.binding, { ...cookieOpts, maxAge: 600 });
      return reply.redirect(r.url, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      logLevel: 'warn',
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Where the identity provider returns the browser; sets the session cookie',
        response: { ...redirect, ...errors(404, 429) },
      },
    },
    async (req, reply) => {
      if (!oidc) return notConfigured(reply);
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const r = await oidc.callback(req.cookies[bindingCookie], query, req.ip, req.cookies[ctx.cookieName]);
      reply.clearCookie(bindingCookie, cookieOpts);
      if (!r.ok) return reply.redirect(`/?oidc-error=${r.reason}`, 302);
      reply.setCookie(ctx.cookieName, r.sessionId, { path: '/', httpOnly: true, secure: ctx.secureCookies, sameSite: 'strict' });
      return reply.redirect('/', 302);
    },
  );
}
