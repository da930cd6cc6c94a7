/**
 * Scans: the list, one scan (its hosts, open ports and findings), and the diff of two scans. A scoped caller
 * sees only scans that touched one of its assets, only those hosts inside them, and never the scan's target
 * ranges (they map the whole network).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Scope } from '../../auth/roles.js';
import { isScoped } from '../../auth/roles.js';
import { UsageError } from '../../core/errors.js';
import { diffScans } from '../../report/diff.js';
import { targetsCover } from '../../scan/targets.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';

const nullableString = { type: ['string', 'null'] } as const;
const scanSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    status: { type: 'string' },
    source: { type: 'string' },
    profile: nullableString,
    targets: { type: ['array', 'null'], items: { type: 'string' } },
  },
  required: ['id', 'startedAt', 'finishedAt', 'status', 'source', 'profile', 'targets'],
} as const;

const portRef = {
  type: 'object',
  properties: { address: { type: 'string' }, port: { type: 'integer' }, protocol: { type: 'string' }, service: nullableString },
  required: ['address', 'port', 'protocol', 'service'],
} as const;
const findingRef = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    id: { type: 'string' },
    address: { type: 'string' },
    port: { type: ['integer', 'null'] },
    severity: { type: 'string' },
    title: { type: 'string' },
  },
  required: ['key', 'id', 'address', 'port', 'severity', 'title'],
} as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

const idParam = { type: 'string', minLength: 1, maxLength: 100 } as const;

export function scanRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const summary = (scope: Scope, id: string) => {
    const s = ctx.store.getScan(id)!;
    return {
      id: s.id,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      status: s.status,
      source: s.source,
      profile: s.profile,
      targets: isScoped(scope) ? null : [...s.targets],
    };
  };
  /** The scan id behind a reference the caller may see, or null (answered as 404 either way). */
  const visible = (scope: Scope, ref: string): string | null => {
    let id: string;
    try {
      id = ctx.store.resolveScanId(ref);
    } catch (e) {
      if (e instanceof UsageError) return null;
      throw e;
    }
    const ids = ctx.queries.visibleScanIds(scope);
    return ids === null || ids.has(id) ? id : null;
  };
  const notFound = (reply: FastifyReply, ref: string) => reply.code(404).send({ error: 'not-found', message: `no scan ${ref}` });

  app.get(
    '/api/scans',
    {
      schema: {
        tags: ['scans'],
        summary: "Scans, newest first, limited to those that touched the caller's assets",
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: scanSummary } }, required: ['items'] },
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      const scope = principalOf(req).scope;
      const ids = ctx.queries.visibleScanIds(scope);
      return {
        items: ctx.store
          .listScans()
          .filter((s) => ids === null || ids.has(s.id))
          .map((s) => summary(scope, s.id)),
      };
    },
  );

  app.get(
    '/api/scans/:id',
    {
      schema: {
        tags: ['scans'],
        summary: 'One scan ("latest", an id or a unique prefix): hosts in scope, their open ports and findings',
        params: { type: 'object', properties: { id: idParam }, required: ['id'] },
        response: {
          200: {
            type: 'object',
            properties: {
              scan: scanSummary,
              hosts: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    address: { type: 'string' },
                    assetId: nullableString,
                    alive: { type: 'boolean' },
                    notProbed: nullableString,
                    openPorts: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          port: { type: 'integer' },
                          protocol: { type: 'string' },
                          service: nullableString,
                          product: nullableString,
                          version: nullableString,
                        },
                        required: ['port', 'protocol', 'service', 'product', 'version'],
                      },
                    },
                  },
                  required: ['address', 'assetId', 'alive', 'notProbed', 'openPorts'],
                },
              },
              findings: {
                type: 'array',
                items: {
                  ...findingRef,
                  properties: { ...findingRef.properties, state: { type: 'string' } },
                  required: [...findingRef.required, 'state'],
                },
              },
            },
            required: ['scan', 'hosts', 'findings'],
          },
          ...errors(401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const scope = principalOf(req).scope;
      const ref = (req.params as { id: string }).id;
      const id = visible(scope, ref);
      if (!id) return notFound(reply, ref);
      const addrs = ctx.queries.scanAddresses(scope, id);
      const mine = (a: string) => addrs === null || addrs.has(a);
      return {
        scan: summary(scope, id),
        hosts: ctx.store
          .hosts(id)
          .filter((h) => mine(h.address))
          .map((h) => ({
            address: h.address,
            assetId: h.assetId,
            alive: h.alive,
            notProbed: h.probed === false ? h.aliveReason : null,
            openPorts: h.ports
              .filter((p) => p.state === 'open')
              .map((p) => ({ port: p.port, protocol: p.protocol, service: p.service, product: p.product, version: p.version })),
          })),
        findings: ctx.store
          .scanFindings(id)
          .filter((f) => mine(f.address))
          .map((f) => ({
            key: f.key,
            id: f.ruleId,
            address: f.address,
            port: f.port,
            severity: f.scanSeverity,
            title: f.title,
            state: f.state,
          })),
      };
    },
  );

  app.get(
    '/api/scans/:id/diff/:other',
    {
      schema: {
        tags: ['scans'],
        summary: "What changed from scan :id to scan :other, limited to the caller's hosts",
        params: { type: 'object', properties: { id: idParam, other: idParam }, required: ['id', 'other'] },
        response: {
          200: {
            type: 'object',
            properties: {
              from: {
                type: 'object',
                properties: { id: { type: 'string' }, startedAt: { type: 'string' }, status: { type: 'string' } },
                required: ['id', 'startedAt', 'status'],
              },
              to: {
                type: 'object',
                properties: { id: { type: 'string' }, startedAt: { type: 'string' }, status: { type: 'string' } },
                required: ['id', 'startedAt', 'status'],
              },
              hosts: {
                type: 'object',
                properties: { new: strings, gone: strings, notRescanned: strings, notPreviouslyScanned: strings },
                required: ['new', 'gone', 'notRescanned', 'notPreviouslyScanned'],
              },
              ports: {
                type: 'object',
                properties: {
                  opened: { type: 'array', items: portRef },
                  closed: { type: 'array', items: portRef },
                  changed: {
                    type: 'array',
                    items: { ...portRef, properties: { ...portRef.properties, before: { type: 'string' }, after: { type: 'string' } } },
                  },
                },
                required: ['opened', 'closed', 'changed'],
              },
              findings: {
                type: 'object',
                properties: { new: { type: 'array', items: findingRef }, gone: { type: 'array', items: findingRef } },
                required: ['new', 'gone'],
              },
              caveats: strings,
            },
            required: ['from', 'to', 'hosts', 'ports', 'findings', 'caveats'],
          },
          ...errors(401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const scope = principalOf(req).scope;
      const p = req.params as { id: string; other: string };
      const a = visible(scope, p.id);
      if (!a) return notFound(reply, p.id);
      const b = visible(scope, p.other);
      if (!b) return notFound(reply, p.other);
      const d = diffScans(ctx.store, a, b, ctx.clock.now().toISOString(), targetsCover);
      const aa = ctx.queries.scanAddresses(scope, a);
      const ab = ctx.queries.scanAddresses(scope, b);
      const mine = (x: { address: string } | string) => {
        const addr = typeof x === 'string' ? x : x.address;
        return aa === null || ab === null || aa.has(addr) || ab.has(addr);
      };
      return {
        from: d.from,
        to: d.to,
        hosts: {
          new: d.hosts.new.filter(mine),
          gone: d.hosts.gone.filter(mine),
          notRescanned: d.hosts.notRescanned.filter(mine),
          notPreviouslyScanned: d.hosts.notPreviouslyScanned.filter(mine),
        },
        ports: { opened: d.ports.opened.filter(mine), closed: d.ports.closed.filter(mine), changed: d.ports.changed.filter(mine) },
        findings: { new: d.findings.new.filter(mine), gone: d.findings.gone.filter(mine) },
        caveats: d.caveats,
      };
    },
  );
}
