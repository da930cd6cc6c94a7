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

/** What is stored about an SBOM besides its components. */
export type SbomMeta = Omit<StoredSbom, 'components'>;
/** A stored SBOM described: its component count, and whether it is the current one of its model or asset. */
export type SbomOnFile = SbomMeta & { readonly components: number; readonly current: boolean };

/** What an asset needs for the SBOMs that describe it: its id, and the model it is (either spelling). */
export interface SbomSubject {
  readonly id: string;
  readonly manufacturer: string | null;
  readonly model: string | null;
}

/**
 * The names an SBOM's `--model` may give for an asset's model: "Manufacturer Model" (as the catalog and the help
 * say) or the model alone, compared without case and with runs of spaces folded.
 */
export function modelNamesOf(a: Pick<SbomSubject, 'manufacturer' | 'model'>): string[] {
  if (!a.model?.trim()) return [];
  return [...new Set([a.manufacturer?.trim() ? `${a.manufacturer} ${a.model}` : a.model, a.model].map(foldModel))];
}
export const foldModel = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The assets an SBOM (or a triage decision) for this model name reaches, by either spelling. */
export function assetsOfModel<T extends Pick<SbomSubject, 'manufacturer' | 'model'>>(assets: Iterable<T>, model: string): T[] {
  const name = foldModel(model);
  return [...assets].filter((a) => modelNamesOf(a).includes(name));
}

type Row = Record<string, string | number | null>;
// Without the components: they can be megabytes per SBOM, and every scanned host asks which SBOMs are its.
const COLUMNS = 'id, model, asset_id, path, sha256, format, spec_version, imported_at';
const META = `SELECT ${COLUMNS} FROM vuln_sboms ORDER BY id`;
const COUNT = 'SELECT json_array_length(components) FROM vuln_sboms WHERE id = ?';
/** What a newer SBOM replaces: the same asset, or the same model however its name was spelled. */
const slot = (r: Row): string => (r.asset_id !== null ? `asset:${String(r.asset_id)}` : `model:${foldModel(String(r.model))}`);

export class SbomStore {
  /** Components by SBOM id: a stored SBOM never changes, and every asset of a model reads the same one. */
  private readonly parsed = new Map<number, readonly Component[]>();
  constructor(private readonly db: Db) {}

  add(s: Omit<StoredSbom, 'id'>): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO vuln_sboms (model, asset_id, path, sha256, format, spec_version, imported_at, components) VALUES (?,?,?,?,?,?,?,?)',
        )
        .run(s.model ?? null, s.assetId ?? null, s.path, s.sha256, s.format, s.specVersion, s.importedAt, JSON.stringify(s.components))
        .lastInsertRowid,
    );
  }

  /** The current SBOM per model/asset matching the filter (model names compared without case or extra spaces). */
  list(filter: { model?: string; assetId?: string } = {}): StoredSbom[] {
    const model = filter.model === undefined ? undefined : `model:${foldModel(filter.model)}`;
    return this.current()
      .filter((r) => (model === undefined || slot(r) === model) && (filter.assetId === undefined || r.asset_id === filter.assetId))
      .map((r) => this.withComponents(r));
  }

  /** The current SBOM of the asset itself and of its model (by either spelling, see modelNamesOf). */
  forAsset(a: SbomSubject): StoredSbom[] {
    return this.currentFor(a).map((r) => this.withComponents(r));
  }

  /** What `forAsset` gives, described without reading the components: for pages and listings. */
  onFile(a: SbomSubject): SbomOnFile[] {
    return this.currentFor(a).map((r) => this.described(r, true));
  }

  /** Every stored SBOM, older ones included (`current`: the newest of its model/asset, the one matching reads). */
  history(): SbomOnFile[] {
    const rows = this.db.prepare(META).all() as Row[];
    const current = new Set(this.current(rows).map((r) => r.id));
    return rows.map((r) => this.described(r, current.has(r.id)));
  }

  private currentFor(a: SbomSubject): Row[] {
    const mine = new Set([`asset:${a.id}`, ...modelNamesOf(a).map((n) => `model:${n}`)]);
    return this.current().filter((r) => mine.has(slot(r)));
  }

  private described(r: Row, current: boolean): SbomOnFile {
    return { ...meta(r), components: Number(this.db.prepare(COUNT).pluck().get(r.id)), current };
  }

  /** The newest row of each slot, in id order. */
  private current(rows = this.db.prepare(META).all() as Row[]): Row[] {
    const newest = new Map<string, Row>();
    for (const r of rows) newest.set(slot(r), r);
    return [...newest.values()].sort((x, y) => Number(x.id) - Number(y.id));
  }

  /** One stored SBOM with its components, current or replaced. */
  get(id: number): StoredSbom | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM vuln_sboms WHERE id = ?`).get(id) as Row | undefined;
    return r && this.withComponents(r);
  }

  /**
   * Deletes one stored SBOM. Returns it, and the SBOM of its model or asset that is current now (the previous
   * one, if any); undefined when there is no such SBOM.
   */
  remove(id: number): { removed: SbomMeta; current?: SbomMeta } | undefined {
    const rows = this.db.prepare(META).all() as Row[];
    const gone = rows.find((r) => Number(r.id) === id);
    if (!gone) return undefined;
    this.db.prepare('DELETE FROM vuln_sboms WHERE id = ?').run(id);
    this.parsed.delete(id);
    const now = this.current(rows.filter((r) => r !== gone)).find((r) => slot(r) === slot(gone));
    return { removed: meta(gone), ...(now ? { current: meta(now) } : {}) };
  }

  private withComponents(r: Row): StoredSbom {
    const id = Number(r.id);
    let components = this.parsed.get(id);
    if (!components) {
      components = JSON.parse(String(this.db.prepare('SELECT components FROM vuln_sboms WHERE id = ?').pluck().get(id))) as Component[];
      this.parsed.set(id, components);
    }
    return { ...meta(r), components };
  }
}

function meta(r: Row): SbomMeta {
  return {
    id: Number(r.id),
    model: (r.model as string | null) ?? undefined,
    assetId: (r.asset_id as string | null) ?? undefined,
    path: String(r.path),
    sha256: String(r.sha256),
    format: String(r.format),
    specVersion: String(r.spec_version),
    importedAt: String(r.imported_at),
  };
}
