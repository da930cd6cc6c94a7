/**
 * SQLite storage of the inventory: assets with their identifiers over time and an event log, and the device-model
 * catalog with declared ports. Identity decisions come from inventory/identity.ts; this file only applies them,
 * each import row or scanned host in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Ids } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { AssetEvent, AssetInput, IdentifierKind, InventoryAsset, Role, RoleSource } from '../../inventory/asset.js';
import { decideIdentity, identifierSet, type IdentityDecision } from '../../inventory/identity.js';
import type { DeclaredPort, DeviceModelInput, DeviceModelRecord } from '../../inventory/device-model.js';
import type { Db } from './db.js';

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface UpsertResult {
  readonly assetId: string;
  readonly created: boolean;
  readonly decision: IdentityDecision;
  readonly invalid: ReadonlyArray<{ kind: IdentifierKind; value: string }>;
}

/** Asset fields an input may set, with their column. */
const FIELDS: ReadonlyArray<[keyof AssetInput, string]> = [
  ['name', 'name'], ['site', 'site'], ['department', 'department'], ['location', 'location'], ['zone', 'zone'],
  ['manufacturer', 'manufacturer'], ['model', 'model_name'], ['softwareVersion', 'software_version'], ['os', 'os'],
  ['owner', 'owner'], ['criticality', 'criticality'], ['supportContract', 'support_contract'],
  ['endOfSupport', 'end_of_support'], ['endOfLife', 'end_of_life'], ['patchChannel', 'patch_channel'], ['notes', 'notes'],
];

export const modelIdOf = (manufacturer: string, model: string): string =>
  `mdl_${createHash('sha256').update(`${manufacturer.trim().toLowerCase()}\u0000${model.trim().toLowerCase()}`).digest('hex').slice(0, 16)}`;

export class InventoryStore {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private holders = (kind: IdentifierKind, value: string): string[] =>
    this.db.prepare('SELECT asset_id FROM asset_identifiers WHERE kind = ? AND value = ? AND ended_at IS NULL ORDER BY first_seen, asset_id').pluck().all(kind, value) as string[];
  private values = (assetId: string, kind: IdentifierKind): string[] =>
    this.db.prepare('SELECT value FROM asset_identifiers WHERE asset_id = ? AND kind = ? AND ended_at IS NULL ORDER BY last_seen DESC, value').pluck().all(assetId, kind) as string[];

  private event(assetId: string, at: string, kind: AssetEvent['kind'], detail: Record<string, unknown>, source: string): void {
    this.db.prepare('INSERT INTO asset_events (asset_id, at, kind, detail, source) VALUES (?,?,?,?,?)').run(assetId, at, kind, JSON.stringify(detail), source);
  }

  /**
   * Links identifiers to an asset (creating it when none matches), applies merges and identifier moves, then
   * writes the given fields. `origin` says who created a new asset: an import, or a scan that met an unknown device.
   */
  upsert(input: AssetInput & { roleSource?: RoleSource }, source: string, at: string, origin: 'import' | 'scan' = 'import'): UpsertResult {
    const { set, invalid } = identifierSet(input);
    return this.tx(() => {
      const decision = decideIdentity(set, { holders: this.holders, values: this.values });
      let assetId = decision.assetId;
      const created = assetId === null;
      if (assetId === null) {
        assetId = this.ids.next('asset');
        this.db.prepare('INSERT INTO assets (id, created_at, origin, updated_at) VALUES (?,?,?,?)').run(assetId, at, origin, at);
        this.event(assetId, at, 'created', { reason: decision.reason }, source);
      }
      for (const dup of decision.merge) this.mergeInto(assetId, dup, at, source);
      for (const m of decision.moves) {
        this.db.prepare('UPDATE asset_identifiers SET ended_at = ? WHERE asset_id = ? AND kind = ? AND value = ? AND ended_at IS NULL').run(at, m.from, m.kind, m.value);
        this.event(m.from, at, 'address-moved-out', { kind: m.kind, value: m.value, to: assetId }, source);
        this.event(assetId, at, 'address-moved-in', { kind: m.kind, value: m.value, from: m.from }, source);
      }
      for (const [kind, vals] of set) for (const value of vals) this.addIdentifier(assetId, kind, value, at, source, created);
      this.writeFields(assetId, input, at, source, created);
      return { assetId, created, decision, invalid };
    });
  }

  private addIdentifier(assetId: string, kind: IdentifierKind, value: string, at: string, source: string, quiet: boolean): void {
    const row = this.db.prepare('SELECT ended_at FROM asset_identifiers WHERE asset_id = ? AND kind = ? AND value = ?').get(assetId, kind, value) as Row | undefined;
    if (row && row.ended_at === null) {
      this.db.prepare('UPDATE asset_identifiers SET last_seen = ? WHERE asset_id = ? AND kind = ? AND value = ?').run(at, assetId, kind, value);
      return;
    }
    if (row) this.db.prepare('UPDATE asset_identifiers SET ended_at = NULL, last_seen = ? WHERE asset_id = ? AND kind = ? AND value = ?').run(at, assetId, kind, value);
    else this.db.prepare('INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES (?,?,?,?,?)').run(assetId, kind, value, at, at);
    if (!quiet) this.event(assetId, at, 'identifier-added', { kind, value }, source);
  }

  private writeFields(assetId: string, input: AssetInput & { roleSource?: RoleSource }, at: string, source: string, created: boolean): void {
    const before = this.db.prepare('SELECT * FROM assets WHERE id = ?').get(assetId) as Row;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set = (column: string, value: unknown) => {
      if (value === undefined || before[column] === value) return;
      changes[column] = { from: before[column] ?? null, to: value };
      this.db.prepare(`UPDATE assets SET ${column} = ? WHERE id = ?`).run(value, assetId);
    };
    for (const [key, column] of FIELDS) set(column, input[key] as unknown);
    if (input.removableMedia !== undefined) set('removable_media', JSON.stringify(input.removableMedia));
    if (input.autorun !== undefined) set('autorun', input.autorun ? 1 : 0);
    if (input.mds2OnFile !== undefined) set('mds2_on_file', input.mds2OnFile ? 1 : 0);
    // A declared role is never overwritten by an inference; an inference may refine an earlier inference.
    if (input.role !== undefined) {
      const src = input.roleSource ?? 'declared';
      if (src === 'declared' || before.role_source !== 'declared') {
        set('role', input.role);
        set('role_source', src);
      }
    }
    const manufacturer = input.manufacturer ?? s(before.manufacturer);
    const model = input.model ?? s(before.model_name);
    if (manufacturer && model) set('model_id', this.ensureModel(manufacturer, model, at));
    if (Object.keys(changes).length) {
      this.db.prepare('UPDATE assets SET updated_at = ? WHERE id = ?').run(at, assetId);
      if (!created) this.event(assetId, at, 'updated', changes, source);
    }
  }

  /** Moves a duplicate's identifiers, history and any facts the survivor lacks into it, then deletes it. */
  private mergeInto(keep: string, drop: string, at: string, source: string): void {
    const kept = this.db.prepare('SELECT * FROM assets WHERE id = ?').get(keep) as Row;
    const gone = this.db.prepare('SELECT * FROM assets WHERE id = ?').get(drop) as Row | undefined;
    if (!gone) return;
    const fill: string[] = [];
    for (const [col, v] of Object.entries(gone)) {
      if (['id', 'created_at', 'origin', 'updated_at'].includes(col) || v === null) continue;
      const empty = kept[col] === null || kept[col] === 'unknown' || kept[col] === '[]' || (col === 'mds2_on_file' && kept[col] === 0);
      if (empty && v !== 'unknown' && v !== '[]') fill.push(col);
    }
    for (const col of fill) this.db.prepare(`UPDATE assets SET ${col} = (SELECT ${col} FROM assets WHERE id = ?) WHERE id = ?`).run(drop, keep);
    for (const r of this.db.prepare('SELECT * FROM asset_identifiers WHERE asset_id = ?').all(drop) as Row[]) {
      this.db
        .prepare(
          `INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen, ended_at) VALUES (?,?,?,?,?,?)
           ON CONFLICT (asset_id, kind, value) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), ended_at = CASE WHEN ended_at IS NULL OR excluded.ended_at IS NULL THEN NULL ELSE ended_at END`,
        )
        .run(keep, r.kind, r.value, r.first_seen, r.last_seen, r.ended_at);
    }
    this.db.prepare('UPDATE asset_events SET asset_id = ? WHERE asset_id = ?').run(keep, drop);
    this.db.prepare('DELETE FROM assets WHERE id = ?').run(drop);
    this.event(keep, at, 'merged', { merged: drop, filled: fill }, source);
  }

  /** The asset by id, or by any current identifier (MAC, serial, AE title, hostname, address). */
  find(ref: string): InventoryAsset | null {
    const direct = this.get(ref);
    if (direct) return direct;
    const { set } = identifierSet({ serial: ref, macs: [ref], aeTitles: [ref], hostnames: [ref], addresses: [ref] });
    for (const [kind, vals] of set) for (const v of vals) {
      const [holder] = this.holders(kind, v);
      if (holder) return this.get(holder);
    }
    return null;
  }

  get(id: string): InventoryAsset | null {
    const r = this.db.prepare('SELECT * FROM assets WHERE id = ?').get(id) as Row | undefined;
    return r ? this.toAsset(r) : null;
  }

  list(): InventoryAsset[] {
    return (this.db.prepare('SELECT * FROM assets ORDER BY coalesce(name, id)').all() as Row[]).map((r) => this.toAsset(r));
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM assets').pluck().get() as number;
  }

  events(assetId: string): AssetEvent[] {
    return (this.db.prepare('SELECT * FROM asset_events WHERE asset_id = ? ORDER BY seq').all(assetId) as Row[]).map((r) => ({
      at: String(r.at),
      kind: r.kind as AssetEvent['kind'],
      detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
      source: String(r.source),
    }));
  }

  /** Every identifier the asset ever had, with when it was seen and when it ended. */
  identifierHistory(assetId: string): Array<{ kind: IdentifierKind; value: string; firstSeen: string; lastSeen: string; endedAt: string | null }> {
    return (this.db.prepare('SELECT * FROM asset_identifiers WHERE asset_id = ? ORDER BY kind, first_seen').all(assetId) as Row[]).map((r) => ({
      kind: r.kind as IdentifierKind,
      value: String(r.value),
      firstSeen: String(r.first_seen),
      lastSeen: String(r.last_seen),
      endedAt: s(r.ended_at),
    }));
  }

  private toAsset(r: Row): InventoryAsset {
    const id = String(r.id);
    return {
      id,
      name: s(r.name),
      site: String(r.site),
      department: s(r.department),
      location: s(r.location),
      zone: String(r.zone),
      role: s(r.role) as Role | null,
      roleSource: s(r.role_source) as RoleSource | null,
      manufacturer: s(r.manufacturer),
      model: s(r.model_name),
      modelId: s(r.model_id),
      softwareVersion: s(r.software_version),
      os: s(r.os),
      owner: s(r.owner),
      criticality: r.criticality as InventoryAsset['criticality'],
      supportContract: s(r.support_contract),
      endOfSupport: s(r.end_of_support),
      endOfLife: s(r.end_of_life),
      patchChannel: r.patch_channel as InventoryAsset['patchChannel'],
      removableMedia: JSON.parse(String(r.removable_media)) as InventoryAsset['removableMedia'],
      autorun: r.autorun === null ? null : r.autorun === 1,
      mds2OnFile: r.mds2_on_file === 1,
      notes: s(r.notes),
      origin: r.origin as InventoryAsset['origin'],
      serial: this.values(id, 'serial')[0] ?? null,
      macs: this.values(id, 'mac'),
      aeTitles: this.values(id, 'ae-title'),
      hostnames: this.values(id, 'hostname'),
      addresses: this.values(id, 'address'),
      createdAt: String(r.created_at),
      updatedAt: s(r.updated_at),
    };
  }

  // ── device models ────────────────────────────────────────────────────────────────────────────────────────

  private ensureModel(manufacturer: string, model: string, at: string): string {
    const existing = this.db.prepare('SELECT id FROM device_models WHERE lower(manufacturer) = lower(?) AND lower(model) = lower(?)').pluck().get(manufacturer.trim(), model.trim()) as string | undefined;
    if (existing) return existing;
    const id = modelIdOf(manufacturer, model);
    this.db.prepare('INSERT INTO device_models (id, manufacturer, model, updated_at) VALUES (?,?,?,?)').run(id, manufacturer.trim(), model.trim(), at);
    return id;
  }

  /** Creates or updates a catalog entry; given ports replace the model's declared ports from the same source. */
  upsertModel(m: DeviceModelInput, at: string): string {
    return this.tx(() => {
      const id = this.ensureModel(m.manufacturer, m.model, at);
      const cols: Array<[unknown, string]> = [
        [m.role, 'role'], [m.os, 'os'], [m.endOfSupport, 'end_of_support'], [m.endOfLife, 'end_of_life'],
        [m.latestVersion, 'latest_version'], [m.sbomUrl, 'sbom_url'],
      ];
      for (const [v, col] of cols) if (v !== undefined) this.db.prepare(`UPDATE device_models SET ${col} = ?, updated_at = ? WHERE id = ?`).run(v, at, id);
      if (m.ports) this.replacePorts(id, m.ports, m.portsSource ?? 'manual', at);
      return id;
    });
  }

  private replacePorts(modelId: string, ports: readonly DeclaredPort[], source: string, at: string): void {
    this.db.prepare('DELETE FROM device_model_ports WHERE model_id = ? AND source = ?').run(modelId, source);
    const ins = this.db.prepare('INSERT OR REPLACE INTO device_model_ports (model_id, port, protocol, service, purpose, source) VALUES (?,?,?,?,?,?)');
    for (const p of ports) ins.run(modelId, p.port, p.protocol, p.service ?? null, p.purpose ?? null, source);
    this.db.prepare('UPDATE device_models SET ports_source = ?, updated_at = ? WHERE id = ?').run(source, at, modelId);
  }

  model(id: string): DeviceModelRecord | null {
    const r = this.db.prepare('SELECT * FROM device_models WHERE id = ?').get(id) as Row | undefined;
    if (!r) return null;
    const ports = (this.db.prepare('SELECT * FROM device_model_ports WHERE model_id = ? ORDER BY protocol, port').all(id) as Row[]).map((p) => ({
      port: Number(p.port),
      protocol: p.protocol as 'tcp' | 'udp',
      service: s(p.service) ?? undefined,
      purpose: s(p.purpose) ?? undefined,
      source: String(p.source),
    }));
    return {
      id,
      manufacturer: String(r.manufacturer),
      model: String(r.model),
      role: s(r.role) as Role | null,
      os: s(r.os),
      endOfSupport: s(r.end_of_support),
      endOfLife: s(r.end_of_life),
      latestVersion: s(r.latest_version),
      sbomUrl: s(r.sbom_url),
      ports,
    };
  }

  modelByName(manufacturer: string, model: string): DeviceModelRecord | null {
    const id = this.db.prepare('SELECT id FROM device_models WHERE lower(manufacturer) = lower(?) AND lower(model) = lower(?)').pluck().get(manufacturer.trim(), model.trim()) as string | undefined;
    return id ? this.model(id) : null;
  }

  models(): DeviceModelRecord[] {
    return (this.db.prepare('SELECT id FROM device_models ORDER BY manufacturer, model').pluck().all() as string[]).map((id) => this.model(id)!);
  }

  requireModel(manufacturer: string, model: string): DeviceModelRecord {
    const m = this.modelByName(manufacturer, model);
    if (!m) throw new AppError('ERR_INVENTORY_MODEL', `no device model "${manufacturer} ${model}" in the catalog`);
    return m;
  }
}
