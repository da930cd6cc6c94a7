/**
 * POST /api/vex records a VEX document (CycloneDX VEX, CSAF VEX, OpenVEX) as triage decisions, as `radguard vulns
 * vex` does: for a device model, one asset, or the whole site. `reassess: true` applies them to the findings of the
 * devices they concern at once (the desk re-assessment, no network traffic); otherwise the next scan does. A vendor
 * may state only about its own devices (a model or an asset in its scope, never site-wide): that is what a
 * manufacturer's VEX is for. The history of every finding it changes names the document (actor `vex`); the upload is
 * audited with the uploader.
 */
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { recordVex } from '../../vuln/vex/triage.js';
import type { ApiContext } from '../context.js';
import { errors, text } from '../schemas.js';
import { auditWrite, describedDevices, readUpload, reassessmentSchema, reassessNow } from './device-documents.js';

/** A vendor's VEX for a whole product line runs to megabytes (CSAF VEX with every version). */
const VEX_BODY_LIMIT = 16 * 1024 * 1024;
const SHOWN = 200;

export function vexRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post(
    '/api/vex',
    {
      bodyLimit: VEX_BODY_LIMIT,
      schema: {
        tags: ['sboms'],
        summary: 'Record the statements of a VEX document as triage decisions for a device model, one asset, or the site',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            fileName: text,
            content: { type: 'string', minLength: 1, description: "the VEX document's text (JSON)" },
            model: { ...text, description: 'decisions hold for every asset of this model ("Manufacturer Model" or "Model")' },
            assetId: { ...text, description: 'decisions hold for this asset only' },
            reassess: { type: 'boolean', default: false, description: 'apply them to the findings of the devices concerned now' },
          },
          required: ['fileName', 'content'],
        },
        response: {
          201: {
            type: 'object',
            properties: {
              scope: { type: 'string', description: 'asset:ID, model:NAME or site' },
              statements: { type: 'integer' },
              decisions: {
                type: 'array',
                description: `the first ${SHOWN} statements recorded`,
                items: {
                  type: 'object',
                  properties: {
                    cve: { type: 'string' },
                    identity: { type: 'string' },
                    status: { type: 'string' },
                    justification: { type: ['string', 'null'] },
                  },
                  required: ['cve', 'identity', 'status', 'justification'],
                },
              },
              assets: { type: 'integer', description: 'assets of the inventory the decisions concern' },
              reassessment: reassessmentSchema,
            },
            required: ['scope', 'statements', 'decisions', 'assets', 'reassessment'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { fileName: string; content: string; model?: string; assetId?: string; reassess: boolean };
      if (b.model !== undefined && b.assetId !== undefined)
        return reply.code(400).send({ error: 'bad-request', message: 'give at most one of model and assetId (neither: site-wide)' });
      const { assets, count, mine } = describedDevices(ctx, req, b);
      if (!mine)
        return reply.code(403).send({
          error: 'forbidden',
          message:
            b.model !== undefined || b.assetId !== undefined
              ? `${b.model !== undefined ? `model "${b.model}"` : `asset ${b.assetId}`} is not among your devices`
              : 'a site-wide VEX is not for a vendor account: name your model or asset',
        });
      const file = basename(b.fileName);
      let statements;
      try {
        statements = await readUpload({ kind: 'vex', file, content: b.content });
      } catch (e) {
        if (e instanceof AppError) return reply.code(400).send({ error: 'bad-vex', message: e.message });
        throw e;
      }
      recordVex(ctx.store.db, statements, { model: b.model, asset: b.assetId }, ctx.clock);
      const scope = b.assetId !== undefined ? `asset:${b.assetId}` : b.model !== undefined ? `model:${b.model}` : 'site';
      auditWrite(ctx, req, 'vex.recorded', scope, { file, statements: statements.length, assets: count });
      return reply.code(201).send({
        scope,
        statements: statements.length,
        decisions: statements
          .slice(0, SHOWN)
          .map((s) => ({ cve: s.cve, identity: s.identity, status: s.status, justification: s.justification ?? null })),
        assets: count,
        reassessment: b.reassess ? await reassessNow(ctx, assets) : null,
      });
    },
  );
}
