/**
 * First-admin setup over the API, for a store without users: POST /api/setup with the one-time token printed by
 * `radguard serve`, a username and a password answers a TOTP enrolment (otpauth:// URI); POST /api/setup/confirm
 * with the token and a code from the authenticator creates the admin. Public routes, tightly rate-limited; every
 * refusal is audited. Once any account exists both answer 409.
 */
import type { FastifyInstance } from 'fastify';
import { USERNAME } from '../../auth/accounts.js';
import type { SetupRefusal, SetupService } from '../../auth/setup.js';
import { errors } from '../schemas.js';

const STATUS: Record<SetupRefusal, 400 | 403 | 409> = {
  'setup-done': 409,
  'bad-token': 403,
  'expired-token': 403,
  'used-token': 403,
  'weak-password': 400,
  'bad-username': 400,
  'no-enrolment': 409,
  'bad-code': 400,
};
const token = { type: 'string', minLength: 1, maxLength: 200 } as const;
const limit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

export function setupRoutes(app: FastifyInstance, setup: SetupService): void {
  app.post(
    '/api/setup',
    {
      config: limit,
      schema: {
        tags: ['auth'],
        summary: 'First admin, step 1: setup token, username and password; answers the TOTP enrolment to confirm',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'username', 'password'],
          properties: {
            token,
            username: { type: 'string', pattern: USERNAME.source },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { username: { type: 'string' }, totpUri: { type: 'string' } },
            required: ['username', 'totpUri'],
          },
          ...errors(400, 403, 409, 429),
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { token: string; username: string; password: string };
      const r = await setup.begin(b.token, b.username, b.password, req.ip);
      if (!r.ok) return reply.code(STATUS[r.reason]).send({ error: r.reason, message: r.message });
      return { username: b.username, totpUri: r.totpUri };
    },
  );

  app.post(
    '/api/setup/confirm',
    {
      config: limit,
      schema: {
        tags: ['auth'],
        summary: 'First admin, step 2: the setup token and a code from the enrolled authenticator; creates the admin',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'code'],
          properties: { token, code: { type: 'string', pattern: '^[0-9]{6}$' } },
        },
        response: {
          201: { type: 'object', properties: { username: { type: 'string' } }, required: ['username'] },
          ...errors(400, 403, 409, 429),
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { token: string; code: string };
      const r = setup.confirm(b.token, b.code, req.ip);
      if (!r.ok) return reply.code(STATUS[r.reason]).send({ error: r.reason, message: r.message });
      return reply.code(201).send({ username: r.username });
    },
  );
}
