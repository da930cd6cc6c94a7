/**
 * Assets: the list with server-side search, filters, sort and pagination (SQL does the work, so 100k assets
 * stay fast), and one asset by id. Both are narrowed to the caller's scope; an out-of-scope id answers 404.
 */
import type { FastifyInstance } from 'fastify';
import { ASSET_SORTS, type AssetSort } from '../../store/sqlite/api-queries.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors, pageQuery, text, totalSource } from '../schemas.js';

const nullableString = { type: ['string', 'null'] } as const;
const assetSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: nullableString,
    manufacturer: nullableString,
    model: nullableString,
    site: { type: 'string' },
    department: nullableString,
    zone: { type: 'string' },
    role: nullableString,
    criticality: { type: 'string' },
    softwareVersion: nullableString,
    endOfSupport: nullableString,
    createdAt: { type: 'string' },
  },
  required: ['id', 'name', 'manufacturer', 'model', 'site', 'zone', 'criticality', 'createdAt'],
} as const;

const stringList = { type: 'array', items: { type: 'string' } } as const;
const assetDetail = {
  type: 'object',
  properties: {
    ...assetSummary.properties,
    location: nullableString,
    os: nullableString,
    owner: nullableString,
    supportContract: nullableString,
    endOfLife: nullableString,
    patchChannel: { type: 'string' },
    removableMedia: stringList,
    autorun: { type: ['boolean', 'null'] },
    mds2OnFile: { type: 'boolean' },
    notes: nullableString,
    origin: { type: 'string' },
    serial: nullableString,
    macs: stringList,
    aeTitles: stringList,
    hostnames: stringList,
    addresses: stringList,
    updatedAt: nullableString,
  },
  required: [...assetSummary.required, 'addresses', 'macs', 'hostnames'],
} as const;

export function assetRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'Assets in the caller\'s scope: search (name, manufacturer, model, identifiers), filter, sort, page',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            q: text,
            site: text,
            manufacturer: text,
            criticality: text,
            role: text,
            sort: { type: 'string', enum: [...ASSET_SORTS], default: 'name' },
          },
        },
        response: {
          200: { type: 'object', properties: { total: { type: 'integer' }, totalSource, items: { type: 'array', items: assetSummary } }, required: ['total', 'totalSource', 'items'] },
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const q = req.query as { limit: number; offset: number; order: 'asc' | 'desc'; sort: AssetSort; q?: string; site?: string; manufacturer?: string; criticality?: string; role?: string };
      return ctx.queries.assets(principalOf(req).scope, q);
    },
  );

  app.get(
    '/api/assets/:id',
    {
      schema: {
        tags: ['assets'],
        summary: 'One asset; 404 when absent or outside the caller\'s scope',
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['id'] },
        response: { 200: assetDetail, ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const asset = ctx.queries.assetInScope(principalOf(req).scope, id) ? ctx.inventory.get(id) : null;
      if (!asset) return reply.code(404).send({ error: 'not-found', message: `no asset ${id}` });
      return asset;
    },
  );
}
