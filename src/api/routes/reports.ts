/**
 * Report downloads: the executive PDF, the technical findings CSV and a CycloneDX 1.6 VEX document, each built by
 * the same code as the CLI (`radguard report`, `radguard vulns match --vex-out`) and limited to the caller's scope
 * (report-files.ts), on a read worker: at hospital-group scale each takes seconds, which on the serving thread
 * stopped every other request. Every export is written to the audit log with what was exported and how many rows
 * it held.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import type { ReportKind } from '../report-files.js';
import { errors } from '../schemas.js';

const stamp = (d: Date) => d.toISOString().slice(0, 10);

/** Each download: its media type, the file name's stem, and what the OpenAPI summary says it holds. */
const DOWNLOADS: ReadonlyArray<{ kind: ReportKind; type: string; name: string; summary: string }> = [
  {
    kind: 'executive.pdf',
    type: 'application/pdf',
    name: 'radguard-executive',
    summary: "The executive PDF (five-practice scorecard, top risks, end of support, replacement plan) for the caller's devices",
  },
  {
    kind: 'findings.csv',
    type: 'text/csv; charset=utf-8',
    name: 'radguard-findings',
    summary: "Every tracked finding of the caller's devices with device and SLA due date (same columns as radguard report --format csv)",
  },
  {
    kind: 'vex.json',
    type: 'application/vnd.cyclonedx+json; charset=utf-8',
    name: 'radguard-vex',
    summary: "CycloneDX 1.6 VEX of the vulnerabilities matched on the caller's devices, with triage decisions as analysis",
  },
];

export function reportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const d of DOWNLOADS) {
    const media = d.type.split(';')[0]!;
    app.get(
      `/api/reports/${d.kind}`,
      {
        schema: {
          tags: ['reports'],
          summary: d.summary,
          response: { 200: { description: media, content: { [media]: { schema: { type: 'string' } } } }, ...errors(401, 403) },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const now = ctx.clock.now();
        const file = await ctx.reader.report(d.kind, p.scope, now);
        ctx.audit.append({
          at: ctx.clock.now().toISOString(),
          actor: p.username,
          action: 'report.exported',
          target: d.kind,
          detail: { ...file.audit, scope: p.scope },
        });
        return reply
          .header('content-type', d.type)
          .header('content-disposition', `attachment; filename="${d.name}-${stamp(now)}.${d.kind.split('.')[1]}"`)
          .send(Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength));
      },
    );
  }
}
