/**
 * Admin management of the secrets the server keeps (OIDC client secret, credentials for authenticated checks):
 * names and dates only ever leave the server, values go in and never come back out. Without a secrets key file
 * the writes answer 409. Every change is audited by name.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { MAX_SECRET_BYTES, SECRET_NAME, type SecretInfo, type SecretVault } from '../../auth/secret-vault.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';

const infoSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    keyId: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
  },
  required: ['name', 'keyId', 'createdAt', 'updatedAt', 'updatedBy'],
} as const;
const nameParam = { type: 'object', properties: { name: { type: 'string', pattern: SECRET_NAME.source } }, required: ['name'] } as const;
const view = (s: SecretInfo) => ({ name: s.name, keyId: s.keyId, createdAt: s.createdAt, updatedAt: s.updatedAt, updatedBy: s.updatedBy });

export function secretRoutes(app: FastifyInstance, ctx: ApiContext, vault: SecretVault | null): void {
  const noKey = { error: 'no-secrets-key', message: 'the server was started without a secrets key file' };

  app.get(
    '/api/secrets',
    {
      schema: {
        tags: ['admin'],
        summary: 'Names and dates of the stored secrets (never their values)',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: infoSchema } }, required: ['items'] },
          ...errors(401, 403),
        },
      },
    },
    async () => ({ items: vault ? vault.list().map(view) : [] }),
  );

  app.put(
    '/api/secrets/:name',
    {
      schema: {
        tags: ['admin'],
        summary: 'Store or replace a secret (sealed with AES-256-GCM under the key file outside the database)',
        params: nameParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: { value: { type: 'string', minLength: 1, maxLength: MAX_SECRET_BYTES } },
        },
        response: { 200: infoSchema, 201: infoSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      if (!vault) return reply.code(409).send(noKey);
      const { name } = req.params as { name: string };
      try {
        const { created } = vault.set(
          name,
          (req.body as { value: string }).value,
          principalOf(req).username,
          ctx.clock.now().toISOString(),
        );
        return reply.code(created ? 201 : 200).send(view(vault.list().find((s) => s.name === name)!));
      } catch (e) {
        if (e instanceof AppError && e.code === 'ERR_SECRETS_VALUE')
          return reply.code(400).send({ error: 'bad-request', message: e.message });
        throw e;
      }
    },
  );

  app.delete(
    '/api/secrets/:name',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete a secret',
        params: nameParam,
        response: { 204: { type: 'null' }, ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      if (!vault) return reply.code(409).send(noKey);
      const { name } = req.params as { name: string };
      if (!vault.delete(name, principalOf(req).username, ctx.clock.now().toISOString()))
        return reply.code(404).send({ error: 'not-found', message: `no secret ${name}` });
      return reply.code(204).send();
    },
  );
}
