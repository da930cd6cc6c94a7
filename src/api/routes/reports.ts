/**
 * Report downloads: the executive PDF, the technical findings CSV and a CycloneDX 1.6 VEX document, each built by
 * the same code as the CLI (`radguard report`, `radguard vulns match --vex-out`) and limited to the caller's scope:
 * a vendor's PDF counts, ranks and lists only its devices, and carries no zone matrix (that maps the whole
 * network). Every export is written to the audit log with what was exported and how many rows it held.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isScoped, type Scope } from '../../auth/roles.js';
import { executiveReport } from '../../inventory/report/executive.js';
import { executivePdf } from '../../inventory/report/executive-pdf.js';
import { participationSince } from '../../inventory/report/participation.js';
import { findingsCsvLines } from '../../inventory/report/findings-csv.js';
import { componentsOf } from '../../scan/vulns.js';
import { segmentationView, type StoredCheck } from '../../segmentation/view.js';
import { latestSegmentationCheck } from '../../store/sqlite/segmentation-store.js';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import type { Component } from '../../vuln/component.js';
import { matchComponents, openVulnIndex } from '../../vuln/index.js';
import { exportCycloneDxVex } from '../../vuln/vex/export-cyclonedx.js';
import { applyTriage, type TriagedMatch } from '../../vuln/vex/triage.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';

const file = (type: string) => ({ description: type, content: { [type]: { schema: { type: 'string' } } } });
const siteLabel = (scope: Scope): string | undefined =>
  isScoped(scope)
    ? [scope.manufacturer ? `${scope.manufacturer} devices` : null, scope.site ? `site ${scope.site}` : null].filter(Boolean).join(', ')
    : undefined;
const stamp = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The components whose vulnerabilities the VEX document states: SBOMs stored for devices (and device models) in
 * scope, and the products the newest finished scan identified on in-scope hosts. Each device's components are
 * matched together (firmware-on-hardware configurations) and triaged in that device's scope.
 */
function vexInputs(ctx: ApiContext, scope: Scope): { components: Component[]; matches: TriagedMatch[] } {
  const scoped = isScoped(scope);
  const mine = scoped ? [...ctx.inventory.eachAsset(scope)] : null;
  const assetIds = mine ? new Set(mine.map((a) => a.id)) : null;
  const models = mine ? new Set(mine.map((a) => a.model).filter((m): m is string => Boolean(m))) : null;
  const groups: Array<{ components: Component[]; triage: { asset?: string; model?: string } }> = [];
  for (const s of new SbomStore(ctx.store.db).list()) {
    if (s.assetId !== undefined ? assetIds && !assetIds.has(s.assetId) : s.model !== undefined && models && !models.has(s.model)) continue;
    const key = s.assetId !== undefined ? `asset:${s.assetId}` : `model:${s.model}`;
    groups.push({
      components: s.components.map((c) => ({ ...c, id: `${key}:${c.id}`, asset: key })),
      triage: s.assetId !== undefined ? { asset: s.assetId } : { model: s.model },
    });
  }
  const latest = ctx.store.listScans().find((s) => s.status !== 'running');
  if (latest) {
    const inScope = ctx.queries.scanAddresses(scope, latest.id);
    for (const h of ctx.store.eachHost(latest.id)) {
      if (inScope && !inScope.has(h.address)) continue;
      const found = componentsOf(h.address, h.observations).map(({ port: _p, observationId: _o, ...c }) => c);
      if (found.length) groups.push({ components: found, triage: h.assetId ? { asset: h.assetId } : {} });
    }
  }
  const index = openVulnIndex(ctx.store.db);
  const components = groups.flatMap((g) => g.components);
  const matches = groups.flatMap((g) => applyTriage(ctx.store.db, matchComponents(index, g.components), g.components, g.triage));
  return { components, matches };
}

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
      const scope = principalOf(req).scope;
      const { components, matches } = vexInputs(ctx, scope);
      const doc = exportCycloneDxVex(components, matches, ctx.clock);
      audit(req, 'vex.json', {
        components: (doc.components as unknown[]).length,
        vulnerabilities: (doc.vulnerabilities as unknown[]).length,
      });
      return reply
        .header('content-type', 'application/vnd.cyclonedx+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="radguard-vex-${stamp(ctx.clock.now())}.json"`)
        .send(JSON.stringify(doc, null, 2));
    },
  );
}
