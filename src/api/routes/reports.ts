/**
 * Report downloads: the executive PDF, the technical findings CSV and a CycloneDX 1.6 VEX document, each built by
 * the same code as the CLI (`radguard report`, `radguard vulns match --vex-out`) and limited to the caller's scope:
 * a vendor's PDF counts, ranks and lists only its devices, and carries no zone matrix (that maps the whole
 * network). The VEX document is built on a read worker (vex-document.ts), off the thread serving other requests. Every export is written to the audit log with what was exported and how many rows it held.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isScoped, type Scope } from '../../auth/roles.js';
import { executiveReport } from '../../inventory/report/executive.js';
import { executivePdf } from '../../inventory/report/executive-pdf.js';
import { participationSince } from '../../inventory/report/participation.js';
import { findingsCsvLines } from '../../inventory/report/findings-csv.js';
import { segmentationView, type StoredCheck } from '../../segmentation/view.js';
import { latestSegmentationCheck } from '../../store/sqlite/segmentation-store.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';

const file = (type: string) => ({ description: type, content: { [type]: { schema: { type: 'string' } } } });
const siteLabel = (scope: Scope): string | undefined =>
  isScoped(scope)
    ? [scope.manufacturer ? `${scope.manufacturer} devices` : null, scope.site ? `site ${scope.site}` : null].filter(Boolean).join(', ')
    : undefined;
const stamp = (d: Date) => d.toISOString().slice(0, 10);

export function reportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const audit = (req: FastifyRequest, what: string, detail: Record<string, unknown>) => {
    const p = principalOf(req);
    ctx.audit.append({
      at: ctx.clock.now().toISOString(),
      actor: p.username,
      action: 'report.exported',
      target: what,
      detail: { ...detail, scope: p.scope },
    });
  };

  app.get(
    '/api/reports/executive.pdf',
    {
      schema: {
        tags: ['reports'],
        summary: "The executive PDF (five-practice scorecard, top risks, end of support, replacement plan) for the caller's devices",
        response: { 200: file('application/pdf'), ...errors(401, 403) },
      },
    },
    async (req, reply) => {
      const scope = principalOf(req).scope;
      const now = ctx.clock.now();
      const check = isScoped(scope) ? null : latestSegmentationCheck(ctx.store.db);
      const report = executiveReport(ctx.inventory, now, {
        scope,
        participation: isScoped(scope) ? null : ctx.api.participation(now.toISOString(), participationSince(now)),
        site: siteLabel(scope),
        segmentation: check && segmentationView(check as StoredCheck),
      });
      const pdf = await executivePdf(report);
      audit(req, 'executive.pdf', { devices: report.assets, bytes: pdf.length });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="radguard-executive-${stamp(now)}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/reports/findings.csv',
    {
      schema: {
        tags: ['reports'],
        summary:
          "Every tracked finding of the caller's devices with device and SLA due date (same columns as radguard report --format csv)",
        response: { 200: file('text/csv'), ...errors(401, 403) },
      },
    },
    async (req, reply) => {
      const scope = principalOf(req).scope;
      const now = ctx.clock.now();
      const lines = [...findingsCsvLines(ctx.inventory, now, scope)];
      audit(req, 'findings.csv', { rows: lines.length - 1 });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="radguard-findings-${stamp(now)}.csv"`)
        .send(lines.join(''));
    },
  );

  app.get(
    '/api/reports/vex.json',
    {
      schema: {
        tags: ['reports'],
        summary: "CycloneDX 1.6 VEX of the vulnerabilities matched on the caller's devices, with triage decisions as analysis",
        response: { 200: file('application/vnd.cyclonedx+json'), ...errors(401, 403) },
      },
    },
    async (req, reply) => {
      const now = ctx.clock.now();
      const vex = await ctx.reader.vex(principalOf(req).scope, now);
      audit(req, 'vex.json', { components: vex.components, vulnerabilities: vex.vulnerabilities });
      return reply
        .header('content-type', 'application/vnd.cyclonedx+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="radguard-vex-${stamp(now)}.json"`)
        .send(Buffer.from(vex.body.buffer, vex.body.byteOffset, vex.body.byteLength));
    },
  );
}
