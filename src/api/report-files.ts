/**
 * The API's report downloads for a caller's scope, built by the same code as the CLI: the executive PDF, the
 * findings CSV and the CycloneDX 1.6 VEX document. At hospital-group scale each takes seconds (100,000 devices,
 * 1M findings: the CSV 23 s, the executive report 6 s; matching a fleet's SBOMs for the VEX 10 s), so the routes
 * have them built on a read worker (read-pool.ts), not on the thread that serves every other request. A file
 * comes back as UTF-8 or PDF bytes, which a worker hands over without a copy, plus what the audit log records.
 */
import { isScoped, type Scope } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import { randomIds } from '../core/clock.js';
import { executiveReport } from '../inventory/report/executive.js';
import { executivePdf } from '../inventory/report/executive-pdf.js';
import { findingsCsvLines } from '../inventory/report/findings-csv.js';
import { participationSince } from '../inventory/report/participation.js';
import { inventoryDevice } from '../inventory/resolve.js';
import { componentsOf, listedComponents } from '../scan/vulns.js';
import { segmentationView, type StoredCheck } from '../segmentation/view.js';
import { ApiQueries } from '../store/sqlite/api-queries.js';
import { ApiStore } from '../store/sqlite/api-store.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { latestSegmentationCheck } from '../store/sqlite/segmentation-store.js';
import { foldModel, modelNamesOf, SbomStore } from '../store/sqlite/vuln-sbom-store.js';
import type { Component } from '../vuln/component.js';
import { matchComponents, openVulnIndex } from '../vuln/index.js';
import { exportCycloneDxVex } from '../vuln/vex/export-cyclonedx.js';
import { applyTriage, type TriagedMatch } from '../vuln/vex/triage.js';

export type ReportKind = 'executive.pdf' | 'findings.csv' | 'vex.json';

export interface ReportFile {
  readonly body: Uint8Array;
  /** What the audit log records about the export (row and device counts). */
  readonly audit: Record<string, number>;
}

export function buildReport(kind: ReportKind, store: SqliteScanStore, scope: Scope, clock: Clock): Promise<ReportFile> | ReportFile {
  if (kind === 'executive.pdf') return executivePdfFile(store, scope, clock.now());
  if (kind === 'findings.csv') return findingsCsvFile(store, scope, clock.now());
  return vexFile(store, scope, clock);
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const siteLabel = (scope: Scope): string | undefined =>
  isScoped(scope)
    ? [scope.manufacturer ? `${scope.manufacturer} devices` : null, scope.site ? `site ${scope.site}` : null].filter(Boolean).join(', ')
    : undefined;

/** A vendor's PDF counts, ranks and lists only its devices and carries no zone matrix (that maps the whole network). */
async function executivePdfFile(store: SqliteScanStore, scope: Scope, now: Date): Promise<ReportFile> {
  const check = isScoped(scope) ? null : latestSegmentationCheck(store.db);
  const report = executiveReport(new InventoryStore(store.db, randomIds), now, {
    scope,
    participation: isScoped(scope) ? null : new ApiStore(store.db).participation(now.toISOString(), participationSince(now)),
    site: siteLabel(scope),
    segmentation: check && segmentationView(check as StoredCheck),
  });
  const pdf = await executivePdf(report);
  return { body: pdf, audit: { devices: report.assets, bytes: pdf.length } };
}

function findingsCsvFile(store: SqliteScanStore, scope: Scope, now: Date): ReportFile {
  const lines = [...findingsCsvLines(new InventoryStore(store.db, randomIds), now, scope)];
  return { body: utf8(lines.join('')), audit: { rows: lines.length - 1 } };
}

function vexFile(store: SqliteScanStore, scope: Scope, clock: Clock): ReportFile {
  const { components, matches } = vexInputs(store, scope);
  const doc = exportCycloneDxVex(components, matches, clock);
  return {
    body: utf8(JSON.stringify(doc, null, 2)),
    audit: { components: (doc.components as unknown[]).length, vulnerabilities: (doc.vulnerabilities as unknown[]).length },
  };
}

/**
 * The components whose vulnerabilities the VEX document states: the devices in scope as the inventory names them,
 * the SBOMs stored for them (and their models), and the products the newest finished scan identified on in-scope
 * hosts. Each device's components are matched together (firmware-on-hardware configurations) and triaged in that
 * device's scope.
 */
function vexInputs(store: SqliteScanStore, scope: Scope): { components: Component[]; matches: TriagedMatch[] } {
  const mine = isScoped(scope) ? [...new InventoryStore(store.db, randomIds).eachAsset(scope)] : null;
  const assetIds = mine ? new Set(mine.map((a) => a.id)) : null;
  const models = mine ? new Set(mine.flatMap(modelNamesOf)) : null;
  const groups: Array<{ components: Component[]; triage: { asset?: string; model?: string } }> = [];
  for (const s of new SbomStore(store.db).list()) {
    if (s.assetId !== undefined ? assetIds && !assetIds.has(s.assetId) : s.model !== undefined && models && !models.has(foldModel(s.model))) continue;
    const key = s.assetId !== undefined ? `asset:${s.assetId}` : `model:${s.model}`;
    groups.push({
      components: s.components.map((c) => ({ ...c, id: `${key}:${c.id}`, asset: key })),
      triage: s.assetId !== undefined ? { asset: s.assetId } : { model: s.model },
    });
  }
  // Each device as the inventory names it, once per manufacturer, model and software version: a VEX states products.
  const devices = new Map<string, Component>();
  for (const a of mine ?? new InventoryStore(store.db, randomIds).eachAsset()) {
    const d = inventoryDevice(a);
    if (d && !devices.has(d.key)) devices.set(d.key, listedComponents(d)[0]!);
  }
  for (const c of devices.values()) groups.push({ components: [c], triage: { model: `${c.vendor} ${c.name}` } });
  const latest = store.listScans().find((s) => s.status !== 'running' && s.source !== 'desk');
  if (latest) {
    const inScope = new ApiQueries(store.db).scanAddresses(scope, latest.id);
    for (const h of store.eachHost(latest.id)) {
      if (inScope && !inScope.has(h.address)) continue;
      const found = componentsOf(h.address, h.observations).map(({ port: _p, observationId: _o, ...c }) => c);
      if (found.length) groups.push({ components: found, triage: h.assetId ? { asset: h.assetId } : {} });
    }
  }
  const index = openVulnIndex(store.db);
  const components = groups.flatMap((g) => g.components);
  const matches = groups.flatMap((g) => applyTriage(store.db, matchComponents(index, g.components), g.components, g.triage));
  return { components, matches };
}
