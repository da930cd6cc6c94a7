/**
 * GET /api/segmentation: practice 4 for the web console — the newest segmentation check (or the newest of one
 * source, `?source=scan|traffic`) as the zone matrix (per zone pair: allowed ports and services, observed ports or
 * flows, violations, why not assessed), the violations with evidence, what could not be assessed, and the zone
 * diagram as SVG text. Read-only; no check yet answers 200 with `checkId: null` and a not-assessed reason.
 *
 * Vendor-service users are denied (access.ts): the matrix is a whole-network view — zone blocks, every zone's
 * open ports, the firewall's gaps — and filtering it to one vendor's devices would leave a matrix that reads
 * "nothing observed" where flows were hidden, i.e. a wrong answer rather than a narrower one.
 */
import type { FastifyInstance } from 'fastify';
import type { SegmentationResult } from '../../segmentation/check.js';
import { renderSvg } from '../../segmentation/svg.js';
import { segmentationView, type StoredCheck } from '../../segmentation/view.js';
import { latestSegmentationCheck } from '../../store/sqlite/segmentation-store.js';
import type { ApiContext } from '../context.js';
import { errors } from '../schemas.js';

const str = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const strings = { type: 'array', items: str } as const;
const protocol = { type: 'string', enum: ['tcp', 'udp'] } as const;

const notAssessed = {
  type: 'object',
  properties: { from: str, to: nullableString, reason: str },
  required: ['from', 'to', 'reason'],
} as const;

const matrixCell = {
  type: 'object',
  properties: {
    from: str,
    to: str,
    status: { type: 'string', enum: ['violation', 'allowed-only', 'nothing-observed', 'not-assessed'] },
    allowed: { ...strings, description: 'the policy allowances, e.g. "tcp/104", "tcp/443 on 10.20.20.10/32"' },
    allowedServices: { ...strings, description: 'service names of the allowed ports (dicom, hl7, https, ...)' },
    observed: {
      type: 'array',
      items: {
        type: 'object',
        properties: { host: str, port: { type: 'integer' }, protocol, allowedBy: { type: ['integer', 'null'], description: 'index of the allow rule; null: not allowed' } },
        required: ['host', 'port', 'protocol', 'allowedBy'],
      },
    },
    violations: { type: 'integer' },
    notAssessed: { ...nullableString, description: 'why the pair was not assessed' },
  },
  required: ['from', 'to', 'status', 'allowed', 'allowedServices', 'observed', 'violations', 'notAssessed'],
} as const;

const violation = {
  type: 'object',
  properties: {
    ruleId: str,
    severity: str,
    title: str,
    remediation: str,
    fromZone: str,
    toZone: str,
    host: str,
    port: { type: 'integer' },
    protocol,
    service: nullableString,
    evidence: str,
    sightings: {
      type: 'array',
      items: {
        type: 'object',
        properties: { kind: { type: 'string', enum: ['scan', 'traffic'] }, ref: str, vantage: str, at: str, detail: str },
        required: ['kind', 'ref', 'vantage', 'at', 'detail'],
      },
    },
  },
  required: ['ruleId', 'severity', 'title', 'remediation', 'fromZone', 'toZone', 'host', 'port', 'protocol', 'service', 'evidence', 'sightings'],
} as const;

const response = {
  type: 'object',
  properties: {
    checkId: nullableString,
    at: nullableString,
    source: { type: ['string', 'null'], enum: ['scan', 'traffic', null] },
    site: nullableString,
    zones: {
      type: 'array',
      items: { type: 'object', properties: { name: str, purpose: str, cidrs: strings }, required: ['name', 'purpose', 'cidrs'] },
    },
    matrix: { type: 'array', items: matrixCell },
    violations: { type: 'array', items: violation },
    notAssessed: { type: 'array', items: notAssessed },
    svg: { ...nullableString, description: 'standalone SVG zone diagram of the check (text escaped); null without a check' },
  },
  required: ['checkId', 'at', 'source', 'site', 'zones', 'matrix', 'violations', 'notAssessed', 'svg'],
} as const;

export function segmentationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { source?: 'scan' | 'traffic' } }>(
    '/api/segmentation',
    {
      schema: {
        tags: ['segmentation'],
        summary: 'Zone matrix, violations, gaps and zone diagram of the newest segmentation check (practice 4)',
        querystring: { type: 'object', properties: { source: { type: 'string', enum: ['scan', 'traffic'] } }, additionalProperties: false },
        response: { 200: response, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const check = latestSegmentationCheck(ctx.store.db, req.query.source);
      if (!check) {
        const what = req.query.source === 'traffic' ? 'no traffic has been imported against a zone policy yet (radguard traffic import --policy FILE)' : req.query.source === 'scan' ? 'no segmentation check from scans yet (radguard segmentation check --policy FILE)' : 'no zone policy has been verified yet (radguard segmentation check or traffic import with --policy FILE)';
        return { checkId: null, at: null, source: null, site: null, zones: [], matrix: [], violations: [], notAssessed: [{ from: 'all', to: null, reason: what }], svg: null };
      }
      const view = segmentationView(check as StoredCheck);
      return { ...view, svg: renderSvg(check.result as SegmentationResult, { site: check.site }) };
    },
  );
}
