/**
 * Assets: the list with server-side search, filters, sort and pagination (SQL does the work, so 100k assets
 * stay fast), and one asset by id with what the latest scan saw on its addresses (open ports, checks that could
 * not assess) and its history. Both are narrowed to the caller's scope; an out-of-scope id answers 404.
 */
import type { FastifyInstance } from 'fastify';
import { isAssessed } from '../../core/check.js';
import { ASSET_SORTS, decodeCursor, type AssetSort } from '../../store/sqlite/api-queries.js';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { BAD_CURSOR, cursorQuery, errors, listPage, pageQuery, text } from '../schemas.js';
import { sbomOnFileJson, sbomOnFileSchema } from './sboms.js';

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
    addresses: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'name', 'manufacturer', 'model', 'site', 'zone', 'criticality', 'createdAt'],
} as const;

/** The list's response; also compiled into the read workers' serializer (read-pool.ts), which writes the JSON. */
export const assetsPage = listPage(assetSummary);

const stringList = { type: 'array', items: { type: 'string' } } as const;
const portSchema = {
  type: 'object',
  properties: { port: { type: 'integer' }, protocol: { type: 'string' }, service: nullableString, product: nullableString, version: nullableString },
  required: ['port', 'protocol', 'service', 'product', 'version'],
} as const;
const notAssessedSchema = {
  type: 'object',
  properties: { probeId: { type: 'string' }, port: { type: ['integer', 'null'] }, status: { type: 'string' }, detail: nullableString },
  required: ['probeId', 'port', 'status', 'detail'],
} as const;
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
    services: {
      type: 'array',
      description: 'Per address, what the latest scan that reached it saw: open ports and the checks that could not assess',
      items: {
        type: 'object',
        properties: {
          scanId: { type: 'string' },
          scannedAt: { type: 'string' },
          address: { type: 'string' },
          ports: { type: 'array', items: portSchema },
          notAssessed: { type: 'array', items: notAssessedSchema },
        },
        required: ['scanId', 'scannedAt', 'address', 'ports', 'notAssessed'],
      },
    },
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: { at: { type: 'string' }, kind: { type: 'string' }, detail: { type: 'object', additionalProperties: true }, source: { type: 'string' } },
        required: ['at', 'kind', 'detail', 'source'],
      },
    },
    sboms: {
      type: 'array',
      description: 'The SBOMs on file for this asset and its model, which every scan of it matches (ADR 0105)',
      items: sbomOnFileSchema,
    },
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
            ...cursorQuery,
            q: text,
            site: text,
            manufacturer: text,
            criticality: text,
            role: text,
            sort: { type: 'string', enum: [...ASSET_SORTS], default: 'name' },
          },
        },
        response: {
          200: assetsPage,
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { limit: number; offset: number; order: 'asc' | 'desc'; sort: AssetSort; cursor?: string; q?: string; site?: string; manufacturer?: string; criticality?: string; role?: string };
      const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort, q.order);
      if (cursor === null) return reply.code(400).send({ error: 'bad-request', message: BAD_CURSOR });
      // already JSON, written by assetsPage's serializer where the page was read
      return reply.type('application/json; charset=utf-8').send(await ctx.reader.assets(principalOf(req).scope, { ...q, cursor }));
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
      const sboms = new SbomStore(ctx.store.db).onFile(asset).map(sbomOnFileJson);
      return { ...asset, services: asset.addresses.flatMap((a) => observed(ctx, a)), history: ctx.inventory.events(id), sboms };
    },
  );
}

/** What the latest scan that reached an address saw there: open ports, and the checks that could not assess. */
function observed(ctx: ApiContext, address: string) {
  const latest = ctx.store.latestHost(address);
  if (!latest) return [];
  const h = latest.host;
  return [
    {
      scanId: latest.scanId,
      scannedAt: latest.scannedAt,
      address,
      ports: h.ports.filter((p) => p.state === 'open').map((p) => ({ port: p.port, protocol: p.protocol, service: p.service, product: p.product, version: p.version })),
      notAssessed: h.checks.filter((c) => !isAssessed(c.status)).map((c) => ({ probeId: c.probeId, port: c.port, status: c.status, detail: c.detail ?? null })),
    },
  ];
}
