/** SQLite storage of SBOMs attached to a device model or an asset; callers get Components back, not rows. */
import type { Db } from './db.js';
import type { Component } from '../../vuln/component.js';

export interface StoredSbom {
  readonly id: number;
  readonly model?: string;
  readonly assetId?: string;
  readonly path: string;
  readonly sha256: string;
  readonly format: string;
  readonly specVersion: string;
  readonly importedAt: string;
  readonly components: readonly Component[];
}

export class SbomStore {
  constructor(private readonly db: Db) {}

  add(s: Omit<StoredSbom, 'id'>): number {
    return Number(
      this.db
        .prepare('INSERT INTO vuln_sboms (model, asset_id, path, sha256, format, spec_version, imported_at, components) VALUES (?,?,?,?,?,?,?,?)')
        .run(s.model ?? null, s.assetId ?? null, s.path, s.sha256, s.format, s.specVersion, s.importedAt, JSON.stringify(s.components)).lastInsertRowid,
    );
  }

  /** The newest SBOM per model/asset matching the filter. */
  list(filter: { model?: string; assetId?: string } = {}): StoredSbom[] {
    const rows = this.db
      .prepare(`SELECT * FROM vuln_sboms WHERE id IN (SELECT max(id) FROM vuln_sboms GROUP BY model, asset_id)
        AND (? IS NULL OR model = ?) AND (? IS NULL OR asset_id = ?) ORDER BY id`)
      .all(filter.model ?? null, filter.model ?? null, filter.assetId ?? null, filter.assetId ?? null) as Record<string, string | number | null>[];
    return rows.map((r) => ({
      id: Number(r.id), model: (r.model as string | null) ?? undefined, assetId: (r.asset_id as string | null) ?? undefined,
      path: String(r.path), sha256: String(r.sha256), format: String(r.format), specVersion: String(r.spec_version),
      importedAt: String(r.imported_at), components: JSON.parse(String(r.components)) as Component[],
    }));
  }
}
