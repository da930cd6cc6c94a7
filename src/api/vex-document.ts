/**
 * The CycloneDX 1.6 VEX document the API exports for a caller's scope: the vulnerabilities matched on the
 * devices in scope, with triage decisions as analysis. Matching a fleet of device SBOMs takes seconds, so the
 * route runs this on a read worker (read-pool.ts), not on the thread that serves every other request.
 */
import { isScoped, type Scope } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import { randomIds } from '../core/clock.js';
import { componentsOf } from '../scan/vulns.js';
import { ApiQueries } from '../store/sqlite/api-queries.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { SbomStore } from '../store/sqlite/vuln-sbom-store.js';
import type { Component } from '../vuln/component.js';
import { matchComponents, openVulnIndex } from '../vuln/index.js';
import { exportCycloneDxVex } from '../vuln/vex/export-cyclonedx.js';
import { applyTriage, type TriagedMatch } from '../vuln/vex/triage.js';

/**
 * The document as sent (pretty JSON, UTF-8: bytes move from a worker thread without a copy; a 50 MB string copied
 * and written out stalled the serving thread for a second) and what the audit log records about it.
 */
export interface VexExport {
  readonly body: Uint8Array;
  readonly components: number;
  readonly vulnerabilities: number;
}

export function vexDocument(store: SqliteScanStore, scope: Scope, clock: Clock): VexExport {
  const { components, matches } = vexInputs(store, scope);
  const doc = exportCycloneDxVex(components, matches, clock);
  return { body: new TextEncoder().encode(JSON.stringify(doc, null, 2)), components: (doc.components as unknown[]).length, vulnerabilities: (doc.vulnerabilities as unknown[]).length };
}

/**
 * The components whose vulnerabilities the VEX document states: SBOMs stored for devices (and device models) in
 * scope, and the products the newest finished scan identified on in-scope hosts. Each device's components are
 * matched together (firmware-on-hardware configurations) and triaged in that device's scope.
 */
function vexInputs(store: SqliteScanStore, scope: Scope): { components: Component[]; matches: TriagedMatch[] } {
  const mine = isScoped(scope) ? [...new InventoryStore(store.db, randomIds).eachAsset(scope)] : null;
  const assetIds = mine ? new Set(mine.map((a) => a.id)) : null;
  const models = mine ? new Set(mine.map((a) => a.model).filter((m): m is string => Boolean(m))) : null;
  const groups: Array<{ components: Component[]; triage: { asset?: string; model?: string } }> = [];
  for (const s of new SbomStore(store.db).list()) {
    if (s.assetId !== undefined ? assetIds && !assetIds.has(s.assetId) : s.model !== undefined && models && !models.has(s.model)) continue;
    const key = s.assetId !== undefined ? `asset:${s.assetId}` : `model:${s.model}`;
    groups.push({
      components: s.components.map((c) => ({ ...c, id: `${key}:${c.id}`, asset: key })),
      triage: s.assetId !== undefined ? { asset: s.assetId } : { model: s.model },
    });
  }
  const latest = store.listScans().find((s) => s.status !== 'running');
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
