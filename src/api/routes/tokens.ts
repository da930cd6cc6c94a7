/**
 * API tokens from the console: everyone lists, issues and revokes their own tokens (never above their own role
 * or outside their scope); admins see and revoke everyone's. The secret appears once, in the issue response.
 */
import type { FastifyInstance } from 'fastify';
import { API_ROLES, type ApiRole } from '../../auth/roles.js';
import { issueToken, MAX_TOKEN_DAYS } from '../../auth/tokens.js';
import { AppError } from '../../core/errors.js';
import type { ApiToken } from '../../store/sqlite/api-store.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors, scopeSchema } from '../schemas.js';

const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    owner: { type: 'string' },
    role: { type: 'string' },
    scope: scopeSchema,
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
  },
  required: ['id', 'name', 'owner', 'role', 'scope', 'createdAt', 'expiresAt', 'revokedAt'],
} as const;
const view = ({ secretHash: _s, ...t }: ApiToken) => t;

export function tokenRoutes(app: FastifyInstance, ctx: ApiContext): void {
  /** Token management needs a person behind it: a token cannot mint or revoke tokens. */
  const owner = (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    return p.via === 'session' ? p : null;
  };
  const viaToken = { error: 'forbidden', message: 'log in to manage tokens; a token cannot manage tokens' };

  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], summary: 'The caller\'s tokens (an admin\'s list has everyone\'s)', response: { 200: { type: 'object', properties: { items: { type: 'array', items: tokenSchema } }, required: ['items'] }, ...errors(401, 403) } } },
    async (req, reply) => {
      const p = owner(req);
      if (!p) return reply.code(403).send(viaToken);
      return { items: ctx.api.tokens(p.role === 'admin' ? undefined : p.username).map(view) };
    },
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Issue a token for the caller; the response holds the secret, shown once',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'days'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            role: { type: 'string', enum: [...API_ROLES] },
            manufacturer: { type: 'string', minLength: 1, maxLength: 200 },
            site: { type: 'string', minLength: 1, maxLength: 200 },
            days: { type: 'integer', minimum: 1, maximum: MAX_TOKEN_DAYS },
          },
        },
        response: { 201: { type: 'object', properties: { token: { type: 'string' }, id: { type: 'string' }, expiresAt: { type: 'string' } }, required: ['token', 'id', 'expiresAt'] }, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const p = owner(req);
      if (!p) return reply.code(403).send(viaToken);
      const b = req.body as { name: string; role?: ApiRole; manufacturer?: string; site?: string; days: number };
      try {
        const t = issueToken(ctx.api, ctx.audit, { owner: p.username, name: b.name, role: b.role ?? p.role, scope: { manufacturer: b.manufacturer ?? null, site: b.site ?? null }, days: b.days, at: ctx.clock.now() });
        return reply.code(201).send(t);
      } catch (e) {
        if (e instanceof AppError) return reply.code(400).send({ error: 'bad-request', message: e.message });
        throw e;
      }
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (one\'s own; admins any); 404 for someone else\'s',
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{16}$' } }, required: ['id'] },
        response: { 204: { type: 'null' }, ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const p = owner(req);
      if (!p) return reply.code(403).send(viaToken);
      const { id } = req.params as { id: string };
      const t = ctx.api.token(id);
      if (!t || t.revokedAt || (p.role !== 'admin' && t.owner !== p.username)) return reply.code(404).send({ error: 'not-found', message: `no active token ${id}` });
      const at = ctx.clock.now().toISOString();
      ctx.api.revokeToken(id, at);
      ctx.audit.append({ at, actor: p.username, action: 'token.revoked', target: id });
      return reply.code(204).send();
    },
  );
}
