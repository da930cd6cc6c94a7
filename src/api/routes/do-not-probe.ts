/**
 * The do-not-probe list over the API (admin only): the addresses and blocks no scan may ever touch, whichever
 * way it is started. Same validation as `radguard do-not-probe add`; every addition and removal is audited with
 * the entry and its reason. A scan reads the list when it starts.
 */
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../../core/errors.js';
import { validateBlockEntry } from '../../scan/launch.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';

const cidr = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'an address or CIDR block, e.g. 10.0.5.17 or 10.0.6.0/24',
} as const;
const listSchema = {
  type: 'object',
  properties: {
    entries: {
      type: 'array',
      items: { type: 'object', properties: { cidr: { type: 'string' }, reason: { type: 'string' } }, required: ['cidr', 'reason'] },
    },
  },
  required: ['entries'],
} as const;

export function doNotProbeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const list = () => ({ entries: ctx.store.doNotProbe() });

  app.get(
    '/api/do-not-probe',
    { schema: { tags: ['scans'], summary: 'The do-not-probe list', response: { 200: listSchema, ...errors(401, 403) } } },
    async () => list(),
  );

  app.post(
    '/api/do-not-probe',
    {
      schema: {
        tags: ['scans'],
        summary: 'Add (or re-word) an entry of the do-not-probe list',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cidr,
            reason: { type: 'string', minLength: 1, maxLength: 500, description: 'why; shown in every scan that skips it' },
          },
          required: ['cidr', 'reason'],
        },
        response: { 201: listSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const b = req.body as { cidr: string; reason: string };
      try {
        validateBlockEntry(b);
      } catch (e) {
        if (e instanceof UsageError) return reply.code(400).send({ error: 'bad-request', message: e.message });
        throw e;
      }
      const at = ctx.clock.now().toISOString();
      const actor = principalOf(req).username;
      ctx.store.addDoNotProbe({ cidr: b.cidr, reason: b.reason }, actor, at);
      ctx.audit.append({ at, actor, action: 'do-not-probe.added', target: b.cidr, detail: { reason: b.reason } });
      return reply.code(201).send(list());
    },
  );

  app.delete(
    '/api/do-not-probe',
    {
      schema: {
        tags: ['scans'],
        summary: 'Remove an entry, given exactly as listed',
        querystring: { type: 'object', additionalProperties: false, properties: { cidr }, required: ['cidr'] },
        response: { 200: listSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { cidr: entry } = req.query as { cidr: string };
      const before = ctx.store.doNotProbe().find((e) => e.cidr === entry);
      if (!before || !ctx.store.removeDoNotProbe(entry))
        return reply.code(404).send({ error: 'not-found', message: `${entry} is not on the do-not-probe list` });
      const at = ctx.clock.now().toISOString();
      ctx.audit.append({
        at,
        actor: principalOf(req).username,
        action: 'do-not-probe.removed',
        target: entry,
        detail: { reason: before.reason },
      });
      return list();
    },
  );
}
