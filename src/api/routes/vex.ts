/**
 * POST /api/vex records a VEX document (CycloneDX VEX, CSAF VEX, OpenVEX) as triage decisions, as `radguard vulns
 * vex` does: for a device model, one asset, or the whole site. `reassess: true` applies them to the findings of the
 * devices they concern at once (the desk re-assessment, no network traffic); otherwise the next scan does. A vendor
 * may state only about its own devices (a model or an asset in its scope, never site-wide): that is what a
 * manufacturer's VEX is for. Its statements that would take findings out (not_affected, false_positive) are proposals
 * until a security analyst or admin approves them (ADR 0107); they show on the findings meanwhile. The history of
 * every finding a decision changes names the document (actor `vex`); uploads and approvals are audited.
 */
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isScoped, type Scope } from '../../auth/roles.js';
import { AppError } from '../../core/errors.js';
import { TriageStore, type TriageProposal } from '../../store/sqlite/vuln-triage-store.js';
import { assetsOfScopes, recordVex } from '../../vuln/vex/triage.js';
import { principalOf } from '../context.js';
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
              proposed: {
                type: 'integer',
                description: "of the statements, a vendor's not_affected/false_positive ones: they await the site's approval",
              },
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
            required: ['scope', 'statements', 'proposed', 'decisions', 'assets', 'reassessment'],
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
      const principal = principalOf(req);
      const vendor = principal.role === 'vendor-service' ? principal.username : undefined;
      const { proposed } = recordVex(ctx.store.db, statements, { model: b.model, asset: b.assetId }, ctx.clock, vendor);
      const scope = b.assetId !== undefined ? `asset:${b.assetId}` : b.model !== undefined ? `model:${b.model}` : 'site';
      auditWrite(ctx, req, 'vex.recorded', scope, { file, statements: statements.length, proposed, assets: count });
      return reply.code(201).send({
        scope,
        statements: statements.length,
        proposed,
        decisions: statements
          .slice(0, SHOWN)
          .map((s) => ({ cve: s.cve, identity: s.identity, status: s.status, justification: s.justification ?? null })),
        assets: count,
        reassessment: b.reassess ? await reassessNow(ctx, assets) : null,
      });
    },
  );

  const proposalSchema = {
    type: 'object',
    properties: {
      cve: { type: 'string' },
      identity: { type: 'string', description: 'purl without version, cpe:vendor:product, or the folded name' },
      scope: { type: 'string', description: 'model:NAME or asset:ID' },
      status: { type: 'string' },
      justification: { type: ['string', 'null'] },
      detail: { type: ['string', 'null'] },
      source: { type: 'string' },
      proposedBy: { type: 'string' },
      proposedAt: { type: 'string' },
    },
    required: ['cve', 'identity', 'scope', 'status', 'justification', 'detail', 'source', 'proposedBy', 'proposedAt'],
  } as const;
  const view = (p: TriageProposal) => ({
    cve: p.cve,
    identity: p.identity,
    scope: p.scope,
    status: p.status,
    justification: p.justification ?? null,
    detail: p.detail ?? null,
    source: p.source,
    proposedBy: p.proposedBy,
    proposedAt: p.decidedAt,
  });

  app.get(
    '/api/vex/proposals',
    {
      schema: {
        tags: ['sboms'],
        summary: "A vendor's VEX statements that would take findings out, awaiting the site's approval (a vendor sees its own)",
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: proposalSchema } }, required: ['items'] },
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const items = new TriageStore(ctx.store.db).proposals(p.role === 'vendor-service' ? p.username : undefined);
      return { items: items.filter((x) => concernsOnlyMine(ctx, p.scope, x)).map(view) };
    },
  );

  app.post(
    '/api/vex/proposals/decide',
    {
      schema: {
        tags: ['sboms'],
        summary: "Approve (the statements take effect) or reject (they are dropped) a vendor's VEX proposals",
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            approve: { type: 'boolean' },
            items: {
              type: 'array',
              minItems: 1,
              maxItems: 10_000,
              items: {
                type: 'object',
                additionalProperties: false,
                properties: { cve: text, identity: text, scope: text },
                required: ['cve', 'identity', 'scope'],
              },
            },
            reassess: {
              type: 'boolean',
              default: false,
              description: 'apply approved statements to the findings of the devices concerned now',
            },
          },
          required: ['approve', 'items'],
        },
        response: {
          200: {
            type: 'object',
            properties: { decided: { type: 'array', items: proposalSchema }, reassessment: reassessmentSchema },
            required: ['decided', 'reassessment'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { approve: boolean; items: { cve: string; identity: string; scope: string }[]; reassess: boolean };
      const p = principalOf(req);
      // An analyst of one site decides only about that site's devices.
      const foreign = b.items.find((x) => !concernsOnlyMine(ctx, p.scope, x));
      if (foreign) return reply.code(403).send({ error: 'forbidden', message: `${foreign.scope} is not among your devices` });
      const decided = new TriageStore(ctx.store.db).decide(b.items, b.approve, p.username, ctx.clock.now().toISOString());
      auditWrite(ctx, req, b.approve ? 'vex.approved' : 'vex.rejected', `${decided.length} proposal(s)`, {
        proposals: decided.slice(0, SHOWN).map((p) => `${p.cve} ${p.identity} ${p.scope} (${p.status}, by ${p.proposedBy})`),
        notFound: b.items.length - decided.length,
      });
      return {
        decided: decided.map(view),
        reassessment:
          b.approve && b.reassess && decided.length
            ? await reassessNow(
                ctx,
                assetsOfScopes(
                  decided.map((p) => p.scope),
                  ctx.inventory,
                ),
              )
            : null,
      };
    },
  );
}

/** Whether every device a proposal's scope names is one the principal may see (all of them, unscoped). */
function concernsOnlyMine(ctx: ApiContext, scope: Scope, p: Pick<TriageProposal, 'scope'>): boolean {
  if (!isScoped(scope)) return true;
  const assets = assetsOfScopes([p.scope], ctx.inventory);
  return assets.length > 0 && assets.every((a) => ctx.queries.assetInScope(scope, a.id));
}
