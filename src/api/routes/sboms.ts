/**
 * SBOMs from the console or a script, as `radguard sbom import/list/remove` does them: POST /api/sboms stores one
 * for a device model or one asset and says which assets it reaches; `reassess: true` also brings those devices'
 * findings up to date at once (the desk re-assessment, no network traffic). A vendor-service principal may upload
 * and remove SBOMs only for its own devices: an asset in its scope, or a model whose every asset is in its scope
 * (a manufacturer documents its own products). Every upload and removal is audited.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isScoped } from '../../auth/roles.js';
import { AppError } from '../../core/errors.js';
import { foldModel, modelNamesOf, SbomStore, type SbomOnFile } from '../../store/sqlite/vuln-sbom-store.js';
import type { ApiContext } from '../context.js';
import { auditWrite, describedDevices, readUpload, reassessmentSchema, reassessNow } from './device-documents.js';
import { principalOf } from '../context.js';
import { errors, text } from '../schemas.js';

/** Real device SBOMs run to tens of megabytes (a Linux modality image lists thousands of packages). */
export const SBOM_BODY_LIMIT = 64 * 1024 * 1024;

/** One SBOM on file as the API shows it: on the asset page and in GET /api/sboms. */
export const sbomOnFileSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    scope: { type: 'string', enum: ['model', 'asset'] },
    model: { type: ['string', 'null'] },
    assetId: { type: ['string', 'null'] },
    file: { type: 'string' },
    sha256: { type: 'string' },
    format: { type: 'string' },
    specVersion: { type: 'string' },
    importedAt: { type: 'string' },
    components: { type: 'integer' },
    current: { type: 'boolean', description: 'the newest SBOM of its model or asset: the one matching reads' },
  },
  required: ['id', 'scope', 'model', 'assetId', 'file', 'sha256', 'format', 'specVersion', 'importedAt', 'components', 'current'],
} as const;
export const sbomOnFileJson = (b: SbomOnFile) => ({
  id: b.id,
  scope: b.assetId !== undefined ? ('asset' as const) : ('model' as const),
  model: b.model ?? null,
  assetId: b.assetId ?? null,
  file: basename(b.path), // the name it was imported under, never the importer's directories
  sha256: b.sha256,
  format: b.format,
  specVersion: b.specVersion,
  importedAt: b.importedAt,
  components: b.components,
  current: b.current,
});
const sbomSummary = {
  type: 'object',
  properties: {
    ...sbomOnFileSchema.properties,
    assets: { type: 'integer', description: "assets of the inventory it describes (in the caller's scope)" },
  },
  required: [...sbomOnFileSchema.required, 'assets'],
} as const;

export function sbomRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const sboms = () => new SbomStore(ctx.store.db);
  app.get(
    '/api/sboms',
    {
      schema: {
        tags: ['sboms'],
        summary: "The SBOMs on file, current and replaced, with the assets each describes; narrowed to the caller's devices",
        response: {
          200: { type: 'object', properties: { sboms: { type: 'array', items: sbomSummary } }, required: ['sboms'] },
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      const scope = principalOf(req).scope;
      // One pass over the inventory: a fleet has tens of thousands of assets.
      const perName = new Map<string, number>();
      const ids = new Set<string>();
      for (const a of ctx.inventory.eachAsset()) {
        if (isScoped(scope) && !ctx.queries.assetInScope(scope, a.id)) continue;
        ids.add(a.id);
        for (const n of modelNamesOf(a)) perName.set(n, (perName.get(n) ?? 0) + 1);
      }
      const list = sboms()
        .history()
        .map((s) => ({
          ...sbomOnFileJson(s),
          assets: s.assetId !== undefined ? (ids.has(s.assetId) ? 1 : 0) : (perName.get(foldModel(s.model!)) ?? 0),
        }));
      // A vendor sees the SBOMs of its own devices only.
      return { sboms: isScoped(scope) ? list.filter((s) => s.assets > 0) : list };
    },
  );

  app.post(
    '/api/sboms',
    {
      bodyLimit: SBOM_BODY_LIMIT,
      schema: {
        tags: ['sboms'],
        summary: 'Store an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value) for a device model or one asset',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            fileName: text,
            content: { type: 'string', minLength: 1, description: "the SBOM file's text" },
            model: { ...text, description: '"Manufacturer Model" or "Model", as the inventory has it' },
            assetId: text,
            strict: { type: 'boolean', default: false, description: 'refuse a CycloneDX JSON file that violates its published schema' },
            reassess: {
              type: 'boolean',
              default: false,
              description: 'also bring the findings of the devices it describes up to date now (no network traffic)',
            },
          },
          required: ['fileName', 'content'],
        },
        response: {
          201: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              format: { type: 'string' },
              specVersion: { type: 'string' },
              components: { type: 'integer' },
              matchable: { type: 'integer', description: 'components with a CPE or purl' },
              assets: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } },
                  required: ['id', 'name'],
                },
              },
              warnings: { type: 'array', items: { type: 'string' } },
              schemaIssueCount: { type: 'integer' },
              reassessment: reassessmentSchema,
            },
            required: ['id', 'format', 'specVersion', 'components', 'matchable', 'assets', 'warnings', 'schemaIssueCount', 'reassessment'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { fileName: string; content: string; model?: string; assetId?: string; strict: boolean; reassess: boolean };
      if ((b.model === undefined) === (b.assetId === undefined))
        return reply.code(400).send({ error: 'bad-request', message: 'give exactly one of model and assetId' });
      const described = describedDevices(ctx, req, b);
      const { mine } = described;
      const assets = described.assets === 'all' ? [] : described.assets; // a model or an asset is given: never 'all'
      if (!mine)
        return reply.code(403).send({
          error: 'forbidden',
          message: `${b.model !== undefined ? `model "${b.model}"` : `asset ${b.assetId}`} is not among your devices`,
        });
      const file = basename(b.fileName);
      let doc;
      try {
        doc = await readUpload({ kind: 'sbom', file, content: b.content, strict: b.strict });
      } catch (e) {
        if (e instanceof AppError) return reply.code(400).send({ error: 'bad-sbom', message: e.message });
        throw e;
      }
      const at = ctx.clock.now().toISOString();
      const id = sboms().add({
        model: b.model,
        assetId: b.assetId,
        path: file,
        sha256: createHash('sha256').update(b.content).digest('hex'),
        format: doc.format,
        specVersion: doc.specVersion,
        importedAt: at,
        components: doc.components,
      });
      auditWrite(ctx, req, 'sbom.imported', `sbom-${id}`, {
        model: b.model ?? null,
        assetId: b.assetId ?? null,
        file,
        components: doc.components.length,
        assets: assets.length,
      });
      const reassessment = b.reassess ? await reassessNow(ctx, assets) : null;
      return reply.code(201).send({
        id,
        format: doc.format,
        specVersion: doc.specVersion,
        components: doc.components.length,
        matchable: doc.components.filter((c) => c.cpes.length || c.purl).length,
        assets: assets.map((a) => ({ id: a.id, name: a.name })),
        warnings: doc.warnings,
        schemaIssueCount: doc.schemaIssueCount,
        reassessment,
      });
    },
  );

  app.delete(
    '/api/sboms/:id',
    {
      schema: {
        tags: ['sboms'],
        summary: "Delete one SBOM; its model's or asset's previous SBOM, if any, applies again",
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
        response: {
          200: {
            type: 'object',
            properties: { removed: { type: 'integer' }, current: { type: ['integer', 'null'] } },
            required: ['removed', 'current'],
          },
          ...errors(401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const s = sboms().get(id);
      // Another vendor's SBOM answers as if it did not exist.
      if (!s || !describedDevices(ctx, req, s).mine) return reply.code(404).send({ error: 'not-found', message: `no SBOM ${id}` });
      const done = sboms().remove(id)!;
      auditWrite(ctx, req, 'sbom.removed', `sbom-${id}`, { model: s.model ?? null, assetId: s.assetId ?? null, file: basename(s.path) });
      return { removed: id, current: done.current?.id ?? null };
    },
  );
}
