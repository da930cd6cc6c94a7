/** The audit log for admins, newest first, paged by sequence number. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { errors } from '../schemas.js';

export function auditLogRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/audit-log',
    {
      schema: {
        tags: ['admin'],
        summary: 'Audit log entries, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 }, before: { type: 'integer', minimum: 1 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    seq: { type: 'integer' },
                    at: { type: 'string' },
                    actor: { type: 'string' },
                    action: { type: 'string' },
                    target: { type: ['string', 'null'] },
                    detail: { type: 'object', additionalProperties: true },
                  },
                  required: ['seq', 'at', 'actor', 'action', 'target', 'detail'],
                },
              },
            },
            required: ['items'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const q = req.query as { limit: number; before?: number };
      return { items: ctx.api.auditPage(q.limit, q.before ?? null).map(({ mac: _mac, detail, ...r }) => ({ ...r, detail: JSON.parse(detail) as object })) };
    },
  );
}
