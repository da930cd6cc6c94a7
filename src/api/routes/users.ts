/**
 * Admin management of accounts: list, create (admins get a TOTP secret, shown once), and change role, scope,
 * expiry or disabled state. A change ends the user's sessions, is audited, and may not leave the console without
 * an enabled admin. Password hashes and TOTP secrets never leave the server.
 */
import type { FastifyInstance } from 'fastify';
import { assertAdminRemains, checkRole, USERNAME } from '../../auth/accounts.js';
import { hashPassword, passwordProblem } from '../../auth/password.js';
import { API_ROLES } from '../../auth/roles.js';
import { newTotpSecret, totpUri } from '../../auth/totp.js';
import { AppError } from '../../core/errors.js';
import type { ApiUser } from '../../store/sqlite/api-store.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors, scopeSchema } from '../schemas.js';

const userSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string' },
    scope: scopeSchema,
    expiresAt: { type: ['string', 'null'] },
    totp: { type: 'boolean' },
    disabled: { type: 'boolean' },
    lockedUntil: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
  },
  required: ['username', 'role', 'scope', 'expiresAt', 'totp', 'disabled', 'lockedUntil', 'createdAt'],
} as const;
const view = (u: ApiUser) => ({ username: u.username, role: u.role, scope: u.scope, expiresAt: u.expiresAt, totp: u.totpSecret !== null, disabled: u.disabled, lockedUntil: u.lockedUntil, createdAt: u.createdAt });
const roleProps = {
  role: { type: 'string', enum: [...API_ROLES] },
  manufacturer: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
  site: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
  expiresAt: { type: ['string', 'null'], format: 'date-time' },
} as const;
const usernameParam = { type: 'object', properties: { username: { type: 'string', pattern: USERNAME.source } }, required: ['username'] } as const;

export function userRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/users',
    { schema: { tags: ['admin'], summary: 'All accounts', response: { 200: { type: 'object', properties: { items: { type: 'array', items: userSchema } }, required: ['items'] }, ...errors(401, 403) } } },
    async () => ({ items: ctx.api.users().map(view) }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an account; the response carries the TOTP otpauth:// URI once when a second factor is set up',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password', 'role'],
          properties: { username: { type: 'string', pattern: USERNAME.source }, password: { type: 'string', minLength: 1, maxLength: 256 }, totp: { type: 'boolean' }, ...roleProps },
        },
        response: { 201: { type: 'object', properties: { user: userSchema, totpUri: { type: ['string', 'null'] } }, required: ['user', 'totpUri'] }, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body as { username: string; password: string; role: string; manufacturer?: string | null; site?: string | null; expiresAt?: string | null; totp?: boolean };
      const r = checkRole({ role: b.role, manufacturer: b.manufacturer, site: b.site, expires: b.expiresAt });
      if ('error' in r) return reply.code(400).send({ error: 'bad-request', message: r.error });
      const weak = passwordProblem(b.password, b.username);
      if (weak) return reply.code(400).send({ error: 'weak-password', message: weak });
      if (ctx.api.user(b.username)) return reply.code(409).send({ error: 'exists', message: `user "${b.username}" already exists` });
      const totpSecret = r.role === 'admin' || b.totp ? newTotpSecret() : null;
      const at = ctx.clock.now().toISOString();
      ctx.api.addUser({ username: b.username, passwordHash: await hashPassword(b.password), ...r, totpSecret }, at);
      ctx.audit.append({ at, actor: principalOf(req).username, action: 'user.added', target: b.username, detail: { role: r.role, scope: r.scope, expiresAt: r.expiresAt } });
      return reply.code(201).send({ user: view(ctx.api.user(b.username)!), totpUri: totpSecret ? totpUri(totpSecret, b.username) : null });
    },
  );

  app.patch(
    '/api/users/:username',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change role, scope, expiry or disabled state (ends the user\'s sessions)',
        params: usernameParam,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { ...roleProps, disabled: { type: 'boolean' } } },
        response: { 200: userSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { username } = req.params as { username: string };
      const b = req.body as { role?: string; manufacturer?: string | null; site?: string | null; expiresAt?: string | null; disabled?: boolean };
      const before = ctx.api.user(username);
      if (!before) return reply.code(404).send({ error: 'not-found', message: `no user ${username}` });
      const r = checkRole({
        role: b.role ?? before.role,
        manufacturer: 'manufacturer' in b ? b.manufacturer : before.scope.manufacturer,
        site: 'site' in b ? b.site : before.scope.site,
        expires: 'expiresAt' in b ? b.expiresAt : before.expiresAt,
      });
      if ('error' in r) return reply.code(400).send({ error: 'bad-request', message: r.error });
      const disabled = b.disabled ?? before.disabled;
      if (r.role === 'admin' && !before.totpSecret)
        return reply.code(409).send({ error: 'totp-missing', message: `${username} has no TOTP secret: run radguard users totp ${username} first` });
      try {
        assertAdminRemains(ctx.api, username, { role: r.role, disabled });
      } catch (e) {
        if (e instanceof AppError) return reply.code(409).send({ error: 'last-admin', message: e.message });
        throw e;
      }
      const at = ctx.clock.now().toISOString();
      ctx.api.setRole(username, r.role, r.scope, r.expiresAt, at);
      ctx.api.setDisabled(username, disabled, at);
      ctx.api.deleteUserSessions(username);
      ctx.audit.append({
        at,
        actor: principalOf(req).username,
        action: 'user.changed',
        target: username,
        detail: { from: { role: before.role, scope: before.scope, expiresAt: before.expiresAt, disabled: before.disabled }, to: { role: r.role, scope: r.scope, expiresAt: r.expiresAt, disabled } },
      });
      return view(ctx.api.user(username)!);
    },
  );
}
