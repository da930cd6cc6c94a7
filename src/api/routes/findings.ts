/**
 * Findings: the scoped list, one finding with its history, and triage on the one state machine
 * (src/core/finding.ts). Which triage actions a role may take is declared in access.ts; an illegal transition
 * answers 409 with the state machine's explanation; every decision lands in the audit log.
 */
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../../core/errors.js';
import { VEX_JUSTIFICATIONS, withoutAddress, type TriageAction, type VexJustification } from '../../core/finding.js';
import { decodeCursor, FINDING_SORTS, type FindingSort } from '../../store/sqlite/api-queries.js';
import { TRIAGE_ACTIONS } from '../access.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { BAD_CURSOR, cursorQuery, errors, listPage, pageQuery, text } from '../schemas.js';

const nullableString = { type: ['string', 'null'] } as const;
const findingSummary = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    ruleId: { type: 'string' },
    cve: nullableString,
    subject: { type: 'string' },
    host: { type: 'string' },
    port: { type: ['integer', 'null'] },
    severity: { type: 'string' },
    title: { type: 'string' },
    state: { type: 'string' },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    // A device without an address: its findings are kept under its asset id, and this is its inventory name.
    device: { type: 'string' },
  },
  required: ['key', 'ruleId', 'cve', 'subject', 'host', 'port', 'severity', 'title', 'state', 'firstSeen', 'lastSeen'],
} as const;

/** The list's response; also compiled into the read workers' serializer (read-pool.ts), which writes the JSON. */
export const findingsPage = listPage(findingSummary);

const findingDetail = {
  type: 'object',
  properties: {
    ...findingSummary.properties,
    component: nullableString,
    evidence: { type: 'string' },
    remediation: { type: 'string' },
    acceptedReason: nullableString,
    acceptedBy: nullableString,
    acceptedUntil: nullableString,
    justification: nullableString,
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: { at: { type: 'string' }, from: nullableString, to: { type: 'string' }, actor: { type: 'string' }, note: nullableString, scanId: nullableString },
        required: ['at', 'from', 'to', 'actor', 'note', 'scanId'],
      },
    },
  },
  required: [...findingSummary.required, 'evidence', 'remediation', 'history'],
} as const;

interface TriageBody {
  action: TriageAction['type'];
  note?: string;
  reason?: string;
  approver?: string;
  expiresAt?: string;
  justification?: VexJustification;
}

export function findingRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'Findings on assets in the caller\'s scope: search, filter, sort, page',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            ...cursorQuery,
            q: text,
            state: { type: 'string', enum: ['open', 'in-remediation', 'resolved', 'risk-accepted', 'false-positive'] },
            severity: { type: 'string', enum: ['critical', 'high', 'medium', 'low', 'info'] },
            host: text,
            sort: { type: 'string', enum: [...FINDING_SORTS], default: 'severity' },
          },
        },
        response: {
          200: findingsPage,
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { limit: number; offset: number; order: 'asc' | 'desc'; sort: FindingSort; cursor?: string; q?: string; state?: string; severity?: string; host?: string };
      const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort, q.order);
      if (cursor === null) return reply.code(400).send({ error: 'bad-request', message: BAD_CURSOR });
      // already JSON, written by findingsPage's serializer where the page was read
      return reply.type('application/json; charset=utf-8').send(await ctx.reader.findings(principalOf(req).scope, { ...q, cursor }));
    },
  );

  const keyParams = { type: 'object', properties: { key: { type: 'string', pattern: '^[0-9a-f]{24}$' } }, required: ['key'] } as const;
  const detail = (key: string) => {
    const f = ctx.store.finding(key)!;
    const device = withoutAddress(f) ? ctx.inventory.names([f.subject]).get(f.subject) : undefined;
    return { ...f, ...(device ? { device } : {}), history: ctx.store.findingHistory(key) };
  };

  app.get(
    '/api/findings/:key',
    {
      schema: {
        tags: ['findings'],
        summary: 'One finding with evidence, remediation and triage history; 404 when absent or out of scope',
        params: keyParams,
        response: { 200: findingDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { key } = req.params as { key: string };
      if (!ctx.queries.findingInScope(principalOf(req).scope, key)) return reply.code(404).send({ error: 'not-found', message: `no finding ${key}` });
      return detail(key);
    },
  );

  app.post(
    '/api/findings/:key/triage',
    {
      schema: {
        tags: ['findings'],
        summary: 'Triage a finding: start-remediation, resolve, accept-risk (reason, approver, expiry), false-positive (VEX justification), reopen',
        params: keyParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['action'],
          properties: {
            action: { type: 'string', enum: ['start-remediation', 'resolve', 'accept-risk', 'false-positive', 'reopen'] },
            note: { type: 'string', maxLength: 2000 },
            reason: { type: 'string', minLength: 1, maxLength: 2000 },
            approver: { type: 'string', minLength: 1, maxLength: 200 },
            expiresAt: { type: 'string', format: 'date-time' },
            justification: { type: 'string', enum: [...VEX_JUSTIFICATIONS] },
          },
          allOf: [
            { if: { properties: { action: { const: 'accept-risk' } } }, then: { required: ['reason', 'approver', 'expiresAt'] } },
            { if: { properties: { action: { const: 'false-positive' } } }, then: { required: ['justification'] } },
          ],
        },
        response: { 200: findingDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { key } = req.params as { key: string };
      const b = req.body as TriageBody;
      if (!ctx.queries.findingInScope(p.scope, key)) return reply.code(404).send({ error: 'not-found', message: `no finding ${key}` });
      if (!TRIAGE_ACTIONS[p.role].includes(b.action))
        return reply.code(403).send({ error: 'forbidden', message: `role ${p.role} may not ${b.action} a finding` });
      const actor = p.username;
      const action: TriageAction =
        b.action === 'accept-risk'
          ? { type: 'accept-risk', actor, reason: b.reason!, approver: b.approver!, expiresAt: b.expiresAt! }
          : b.action === 'false-positive'
            ? { type: 'false-positive', actor, justification: b.justification!, note: b.note }
            : { type: b.action, actor, note: b.note };
      const at = ctx.clock.now().toISOString();
      const before = ctx.store.finding(key)!.state;
      try {
        ctx.store.triage(key, action, at);
      } catch (e) {
        if (e instanceof UsageError) return reply.code(409).send({ error: 'invalid-transition', message: e.message });
        throw e;
      }
      ctx.audit.append({ at, actor, action: 'finding.triage', target: key, detail: { action: b.action, from: before, to: ctx.store.finding(key)!.state } });
      return detail(key);
    },
  );
}
