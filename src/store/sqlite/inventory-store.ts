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
import type { TrackedFinding } from '../../inventory/lifecycle/sla.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { moveFindings } from './finding-subject.js';

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Whose devices a read covers: a vendor-service account's manufacturer and/or site (the API's Scope); null fields
 * restrict nothing. The report and dashboard reads below take one, so a scoped reader's numbers never include
 * another vendor's devices.
 */
export interface AssetScope {
  readonly manufacturer: string | null;
  readonly site: string | null;
}
const restricts = (scope?: AssetScope): scope is AssetScope => Boolean(scope && (scope.manufacturer !== null || scope.site !== null));
/** A device's columns as the findings CSV shows them. */
export interface FindingDevice {
  readonly name: string | null;
  readonly role: string | null;
  readonly criticality: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly department: string | null;
  readonly location: string | null;
}

const trackedOf = (r: Row): TrackedFinding => ({
  key: String(r.key),
  subject: String(r.subject),
  host: String(r.host),
  ruleId: String(r.rule_id),
  cve: s(r.cve),
  severity: r.severity as TrackedFinding['severity'],
  state: r.state as TrackedFinding['state'],
  firstSeen: String(r.first_seen),
  acceptedUntil: s(r.accepted_until),
  kevDue: s(r.kev_due),
});

/** ` AND …` conditions on the assets alias `a`, with their arguments. */
function scopeAnd(scope: AssetScope | undefined): { sql: string; args: string[] } {
  if (!restricts(scope)) return { sql: '', args: [] };
  const parts: string[] = [];
  const args: string[] = [];
  if (scope.manufacturer !== null) {
    parts.push('a.manufacturer = ? COLLATE NOCASE');
    args.push(scope.manufacturer);
  }
  if (scope.site !== null) {
    parts.push('a.site = ?');
    args.push(scope.site);
  }
  return { sql: ` AND ${parts.join(' AND ')}`, args };
}

export interface UpsertResult {
  readonly assetId: string;
  readonly created: boolean;
  readonly decision: IdentityDecision;
  readonly invalid: ReadonlyArray<{ kind: IdentifierKind; value: string }>;
}

/** Asset fields an input may set, with their column. */
const FIELDS: ReadonlyArray<[keyof AssetInput, string]> = [
  ['name', 'name'],
  ['site', 'site'],
  ['department', 'department'],
  ['location', 'location'],
  ['zone', 'zone'],
  ['manufacturer', 'manufacturer'],
  ['model', 'model_name'],
  ['softwareVersion', 'software_version'],
  ['os', 'os'],
  ['owner', 'owner'],
  ['criticality', 'criticality'],
  ['supportContract', 'support_contract'],
  ['endOfSupport', 'end_of_support'],
  ['endOfLife', 'end_of_life'],
  ['patchChannel', 'patch_channel'],
  ['notes', 'notes'],
];

export const modelIdOf = (manufacturer: string, model: string): string =>
  `mdl_${createHash('sha256').update(`${manufacturer.trim().toLowerCase()}\u0000${model.trim().toLowerCase()}`).digest('hex').slice(0, 16)}`;

export class InventoryStore {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  private readonly statements = new Map<string, Statement<unknown[]>>();
  /** Prepared statements are reused: preparing costs more than running a small query. */
  private q(sql: string): Statement<unknown[]> {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  // One transaction wrapper for every write: better-sqlite3 prepares BEGIN/COMMIT anew for each wrapper it makes.
  private runTx: (((fn: () => unknown) => unknown) & { immediate: (fn: () => unknown) => unknown }) | undefined;
  private tx<T>(fn: () => T): T {
    this.runTx ??= this.db.transaction((f: () => unknown) => f());
    return this.runTx.immediate(fn) as T;
  }

  /** Device models by id, cleared whenever the catalog changes: every scanned host asks for its model. */
  private readonly modelCache = new Map<string, DeviceModelRecord | null>();

  private holders = (kind: IdentifierKind, value: string): string[] =>
    this.q('SELECT asset_id FROM asset_identifiers WHERE kind = ? AND value = ? AND ended_at IS NULL ORDER BY first_seen, asset_id')
      .pluck()
      .all(kind, value) as string[];
  private values = (assetId: string, kind: IdentifierKind): string[] =>
    this.q('SELECT value FROM asset_identifiers WHERE asset_id = ? AND kind = ? AND ended_at IS NULL ORDER BY last_seen DESC, value')
      .pluck()
      .all(assetId, kind) as string[];

  private event(assetId: string, at: string, kind: AssetEvent['kind'], detail: Record<string, unknown>, source: string): void {
    this.q('INSERT INTO asset_events (asset_id, at, kind, detail, source) VALUES (?,?,?,?,?)').run(
      assetId,
      at,
      kind,
      JSON.stringify(detail),
      source,
    );
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
        this.q('INSERT INTO assets (id, created_at, origin, updated_at) VALUES (?,?,?,?)').run(assetId, at, origin, at);
        this.event(assetId, at, 'created', { reason: decision.reason }, source);
      }
      for (const dup of decision.merge) this.mergeInto(assetId, dup, at, source);
      for (const m of decision.moves) {
        this.q('UPDATE asset_identifiers SET ended_at = ? WHERE asset_id = ? AND kind = ? AND value = ? AND ended_at IS NULL').run(
          at,
          m.from,
          m.kind,
          m.value,
        );
        this.event(m.from, at, 'address-moved-out', { kind: m.kind, value: m.value, to: assetId }, source);
        this.event(assetId, at, 'address-moved-in', { kind: m.kind, value: m.value, from: m.from }, source);
      }
      for (const [kind, vals] of set) for (const value of vals) this.addIdentifier(assetId, kind, value, at, source, created);
      this.writeFields(assetId, input, at, source, created);
      return { assetId, created, decision, invalid };
    });
  }

  private addIdentifier(assetId: string, kind: IdentifierKind, value: string, at: string, source: string, quiet: boolean): void {
    const row = this.q('SELECT ended_at FROM asset_identifiers WHERE asset_id = ? AND kind = ? AND value = ?').get(assetId, kind, value) as
      Row | undefined;
    if (row && row.ended_at === null) {
      this.q('UPDATE asset_identifiers SET last_seen = ? WHERE asset_id = ? AND kind = ? AND value = ?').run(at, assetId, kind, value);
      return;
    }
    if (row)
      this.q('UPDATE asset_identifiers SET ended_at = NULL, last_seen = ? WHERE asset_id = ? AND kind = ? AND value = ?').run(
        at,
        assetId,
        kind,
        value,
      );
    else
      this.q('INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES (?,?,?,?,?)').run(
        assetId,
        kind,
        value,
        at,
        at,
      );
    if (!quiet) this.event(assetId, at, 'identifier-added', { kind, value }, source);
  }

  private writeFields(
    assetId: string,
    input: AssetInput & { roleSource?: RoleSource },
    at: string,
    source: string,
    created: boolean,
  ): void {
    const before = this.q('SELECT * FROM assets WHERE id = ?').get(assetId) as Row;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set = (column: string, value: unknown) => {
      if (value === undefined || before[column] === value) return;
      changes[column] = { from: before[column] ?? null, to: value };
      this.q(`UPDATE assets SET ${column} = ? WHERE id = ?`).run(value, assetId);
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
    // Only an input that names the manufacturer or model can change the catalog link (scans never do).
    const manufacturer = input.manufacturer ?? s(before.manufacturer);
    const model = input.model ?? s(before.model_name);
    if ((input.manufacturer !== undefined || input.model !== undefined) && manufacturer && model)
      set('model_id', this.ensureModel(manufacturer, model, at));
    if (Object.keys(changes).length) {
      this.q('UPDATE assets SET updated_at = ? WHERE id = ?').run(at, assetId);
      if (!created) this.event(assetId, at, 'updated', changes, source);
    }
  }

  /** Moves a duplicate's identifiers, history and any facts the survivor lacks into it, then deletes it. */
  private mergeInto(keep: string, drop: string, at: string, source: string): void {
    const kept = this.q('SELECT * FROM assets WHERE id = ?').get(keep) as Row;
    const gone = this.q('SELECT * FROM assets WHERE id = ?').get(drop) as Row | undefined;
    if (!gone) return;
    const fill: string[] = [];
    for (const [col, v] of Object.entries(gone)) {
      if (['id', 'created_at', 'origin', 'updated_at'].includes(col) || v === null) continue;
      const empty = kept[col] === null || kept[col] === 'unknown' || kept[col] === '[]' || (col === 'mds2_on_file' && kept[col] === 0);
      if (empty && v !== 'unknown' && v !== '[]') fill.push(col);
    }
    for (const col of fill) this.q(`UPDATE assets SET ${col} = (SELECT ${col} FROM assets WHERE id = ?) WHERE id = ?`).run(drop, keep);
    for (const r of this.q('SELECT * FROM asset_identifiers WHERE asset_id = ?').all(drop) as Row[]) {
      this.q(
        `INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen, ended_at) VALUES (?,?,?,?,?,?)
           ON CONFLICT (asset_id, kind, value) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), ended_at = CASE WHEN ended_at IS NULL OR excluded.ended_at IS NULL THEN NULL ELSE ended_at END`,
      ).run(keep, r.kind, r.value, r.first_seen, r.last_seen, r.ended_at);
    }
    this.q('UPDATE asset_events SET asset_id = ? WHERE asset_id = ?').run(keep, drop);
    const moved = moveFindings(this.db, drop, keep, at); // triage follows the device
    this.q('DELETE FROM assets WHERE id = ?').run(drop);
    this.event(keep, at, 'merged', { merged: drop, filled: fill, findingsMoved: moved }, source);
  }

  /** The asset by id, or by any current identifier (MAC, serial, AE title, hostname, address). */
  find(ref: string): InventoryAsset | null {
    const direct = this.get(ref);
    if (direct) return direct;
    const { set } = identifierSet({ serial: ref, macs: [ref], aeTitles: [ref], hostnames: [ref], addresses: [ref] });
    for (const [kind, vals] of set)
      for (const v of vals) {
        const [holder] = this.holders(kind, v);
        if (holder) return this.get(holder);
      }
    return null;
  }

  get(id: string): InventoryAsset | null {
    const r = this.q('SELECT * FROM assets WHERE id = ?').get(id) as Row | undefined;
    return r ? this.toAsset(r) : null;
  }

  /** The names of these assets (id → name; unnamed and unknown ids left out). */
  names(ids: readonly string[]): Map<string, string> {
    return assetNames(this.q(ASSET_NAMES), ids);
  }

  list(): InventoryAsset[] {
    return [...this.eachAsset()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
  }

  count(): number {
    return this.q('SELECT count(*) FROM assets').pluck().get() as number;
  }

  events(assetId: string): AssetEvent[] {
    return (this.q('SELECT * FROM asset_events WHERE asset_id = ? ORDER BY seq').all(assetId) as Row[]).map((r) => ({
      at: String(r.at),
      kind: r.kind as AssetEvent['kind'],
      detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
      source: String(r.source),
    }));
  }

  /** Every identifier the asset ever had, with when it was seen and when it ended. */
  identifierHistory(
    assetId: string,
  ): Array<{ kind: IdentifierKind; value: string; firstSeen: string; lastSeen: string; endedAt: string | null }> {
    return (this.q('SELECT * FROM asset_identifiers WHERE asset_id = ? ORDER BY kind, first_seen').all(assetId) as Row[]).map((r) => ({
      kind: r.kind as IdentifierKind,
      value: String(r.value),
      firstSeen: String(r.first_seen),
      lastSeen: String(r.last_seen),
      endedAt: s(r.ended_at),
    }));
  }

  private toAsset(r: Row, known?: Map<IdentifierKind, string[]>): InventoryAsset {
    const id = String(r.id);
    const ids = known ?? this.liveIdentifiers(id);
    const v = (k: IdentifierKind) => ids.get(k) ?? [];
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
      serial: v('serial')[0] ?? null,
      macs: v('mac'),
      aeTitles: v('ae-title'),
      hostnames: v('hostname'),
      addresses: v('address'),
      createdAt: String(r.created_at),
      updatedAt: s(r.updated_at),
    };
  }

  /** Open and in-remediation findings per subject (asset id): counts for the replacement plan, one query. */
  findingCounts(scope?: AssetScope): Map<string, { open: number; highOrCritical: number; kev: number }> {
    const kev = this.hasTable('vuln_kev');
    const sc = scopeAnd(scope);
    // Unscoped, `+f.state` keeps the planner off the state index: a scan of the covering (subject, state, …, cve)
    // index of migration 0305 groups in subject order with no table reads and no sort (1M findings: 2.4 → 0.4 s).
    // Scoped, from the reader's devices to their findings by that index.
    const rows = this.q(
      `SELECT f.subject, count(*) AS open, sum(f.severity IN ('high','critical')) AS hc, ${kev ? 'count(k.cve_id)' : '0'} AS kev
         FROM ${sc.sql ? 'assets a CROSS JOIN findings f ON f.subject = a.id' : 'findings f'} ${kev ? 'LEFT JOIN vuln_kev k ON k.cve_id = f.cve' : ''}
         WHERE ${sc.sql ? 'f.state' : '+f.state'} IN ('open','in-remediation')${sc.sql} GROUP BY f.subject`,
    ).all(...sc.args) as Array<{ subject: string; open: number; hc: number; kev: number }>;
    return new Map(rows.map((r) => [r.subject, { open: r.open, highOrCritical: r.hc ?? 0, kev: r.kev }]));
  }

  /** One device's open and in-remediation findings, counted per host they are filed under (addresses, or its id). */
  openFindingsOf(assetId: string): { host: string; open: number; highOrCritical: number }[] {
    return this.q(
      `SELECT host, count(*) AS open, sum(severity IN ('high','critical')) AS highOrCritical FROM findings
         WHERE subject = ? AND state IN ('open','in-remediation') GROUP BY host ORDER BY host`,
    ).all(assetId) as { host: string; open: number; highOrCritical: number }[];
  }

  /** Findings that carry a deadline or an acceptance: open, in remediation, or risk-accepted, with KEV due dates. */
  *trackedFindings(scope?: AssetScope): Iterable<TrackedFinding> {
    for (const r of this.trackedRows(scope, false)) yield trackedOf(r);
  }

  /**
   * The same findings, each with the columns the findings CSV shows of its device (null: the subject is no device,
   * e.g. a zone flow). One joined read: fetching each device apart, identifiers and all, took half the CSV's time
   * and pushed the findings' pages out of SQLite's cache between rows.
   */
  *trackedFindingsWithDevice(scope?: AssetScope): Iterable<TrackedFinding & { readonly device: FindingDevice | null }> {
    for (const r of this.trackedRows(scope, true))
      yield {
        ...trackedOf(r),
        device:
          r.asset_id === null
            ? null
            : { name: s(r.name), role: s(r.role), criticality: s(r.criticality), manufacturer: s(r.manufacturer), model: s(r.model_name), department: s(r.department), location: s(r.location) },
      };
  }

  private trackedRows(scope: AssetScope | undefined, withDevice: boolean): Iterable<Row> {
    const kev = this.hasTable('vuln_kev');
    const sc = scopeAnd(scope);
    const device = withDevice ? ', a.id AS asset_id, a.name, a.role, a.criticality, a.manufacturer, a.model_name, a.department, a.location' : '';
    // A scoped reader's devices first, then their findings (CROSS JOIN: never every tracked finding of the site).
    // Unscoped, LEFT JOIN keeps the findings as the outer loop: the same order with or without the device.
    const from = sc.sql ? 'assets a CROSS JOIN findings f ON f.subject = a.id' : withDevice ? 'findings f LEFT JOIN assets a ON a.id = f.subject' : 'findings f';
    return this.q(
      `SELECT f.key, f.subject, f.host, f.rule_id, f.cve, f.severity, f.state, f.first_seen, f.accepted_until, ${kev ? 'k.due_date' : 'NULL'} AS kev_due${device}
       FROM ${from} ${kev ? 'LEFT JOIN vuln_kev k ON k.cve_id = f.cve' : ''}
       WHERE f.state IN ('open','in-remediation','risk-accepted')${sc.sql}`,
    ).iterate(...sc.args) as Iterable<Row>;
  }

  /** Open and in-remediation findings counted by rule and severity (the report's scorecard input). */
  openFindingTotals(scope?: AssetScope): Array<{ ruleId: string; severity: string; cve: boolean; n: number }> {
    const sc = scopeAnd(scope);
    if (sc.sql)
      // a scoped reader's own devices only; zone-flow findings describe the network, not a device, and are withheld.
      // CROSS JOIN: from the reader's devices to their findings (index of migration 0305), never every open finding.
      return (
        this.q(
          `SELECT f.rule_id, f.severity, f.cve IS NOT NULL AS has_cve, count(*) AS n FROM assets a CROSS JOIN findings f ON f.subject = a.id
             WHERE f.state IN ('open','in-remediation')${sc.sql} GROUP BY f.rule_id, f.severity, has_cve`,
        ).all(...sc.args) as Array<{ rule_id: string; severity: string; has_cve: number; n: number }>
      ).map((r) => ({ ruleId: r.rule_id, severity: r.severity, cve: r.has_cve === 1, n: r.n }));
    // One state at a time, so the groups come in the order of the index of migration 0305 and a million findings
    // are counted without sorting them; count(cve) splits each group into findings with and without a CVE.
    const totals = new Map<string, { ruleId: string; severity: string; cve: boolean; n: number }>();
    const add = (ruleId: string, severity: string, cve: boolean, n: number) => {
      const key = JSON.stringify([ruleId, severity, cve]);
      const t = totals.get(key);
      if (t) t.n += n;
      else if (n > 0) totals.set(key, { ruleId, severity, cve, n });
    };
    for (const state of ['open', 'in-remediation'])
      for (const r of this.q(
        'SELECT rule_id, severity, count(cve) AS with_cve, count(*) AS n FROM findings WHERE state = ? GROUP BY rule_id, severity',
      ).all(state) as Array<{ rule_id: string; severity: string; with_cve: number; n: number }>) {
        add(r.rule_id, r.severity, true, r.with_cve);
        add(r.rule_id, r.severity, false, r.n - r.with_cve);
      }
    // Segmentation findings (issue 8) keep their own table; they count for the scorecard all the same.
    const seg = this.hasTable('segmentation_findings')
      ? (this.q(
          "SELECT rule_id, severity, count(*) AS n FROM segmentation_findings WHERE state IN ('open','in-remediation') GROUP BY rule_id, severity",
        ).all() as Array<{ rule_id: string; severity: string; n: number }>)
      : [];
    return [...totals.values(), ...seg.map((r) => ({ ruleId: r.rule_id, severity: r.severity, cve: false, n: r.n }))];
  }

  /** How many segmentation checks (zone policy verified from scans or traffic) the store holds. */
  segmentationChecks(scope?: AssetScope): number {
    if (restricts(scope)) return 0; // zone policy results map the whole network: withheld from scoped readers
    return this.hasTable('segmentation_checks') ? (this.q('SELECT count(*) FROM segmentation_checks').pluck().get() as number) : 0;
  }

  /**
   * The scorecard's device facts counted in SQL, so a 100k-device report never loads the devices: how many, how
   * many have a basis to judge unneeded ports (a declared or DICOM-inferred role, or a catalog model with declared
   * ports) and how many have removable media or autorun recorded.
   */
  assetFacts(scope?: AssetScope): { assets: number; portBasis: number; removableKnown: number } {
    const sc = scopeAnd(scope);
    const r = this.q(
      `SELECT count(*) AS n,
              coalesce(sum(a.role_source IN ('declared','inferred-dicom') OR (coalesce(a.model_id, '') <> '' AND EXISTS (
                SELECT 1 FROM device_models m JOIN device_model_ports p ON p.model_id = m.id WHERE m.id = a.model_id))), 0) AS port_basis,
              coalesce(sum(json_array_length(a.removable_media) > 0 OR a.autorun IS NOT NULL), 0) AS removable
         FROM assets a WHERE 1 = 1${sc.sql}`,
    ).get(...sc.args) as { n: number; port_basis: number; removable: number };
    return { assets: r.n, portBasis: r.port_basis, removableKnown: r.removable };
  }

  /**
   * Devices grouped by what their end of support is judged from: the device date and the OS (the asset's own,
   * else its catalog model's). Inventories repeat a few dates and OS strings, so a department is a few hundred
   * groups whose end dates the caller works out once each.
   */
  supportBases(scope?: AssetScope): Array<{ device: string | null; os: string | null; n: number }> {
    const sc = scopeAnd(scope);
    return this.q(
      `SELECT coalesce(a.end_of_support, m.end_of_support) AS device, coalesce(a.os, m.os) AS os, count(*) AS n
         FROM assets a LEFT JOIN device_models m ON m.id = a.model_id WHERE 1 = 1${sc.sql} GROUP BY 1, 2`,
    ).all(...sc.args) as Array<{ device: string | null; os: string | null; n: number }>;
  }

  /**
   * The devices whose support ends first (earliest date, then asset id), given each OS string's end date and
   * product: the device date wins a tie, as in supportEndOf. Dates are YYYY-MM-DD, so SQL's order is the date order.
   */
  earliestSupportEnds(
    osEnds: ReadonlyMap<string, { date: string; what: string }>,
    limit: number,
    scope?: AssetScope,
  ): Array<{
    assetId: string;
    name: string | null;
    manufacturer: string | null;
    model: string | null;
    criticality: string;
    date: string;
    what: string;
  }> {
    const sc = scopeAnd(scope);
    const rows = this.q(
      `WITH os_end(os, date, what) AS (SELECT key, value ->> 0, value ->> 1 FROM json_each(?)),
            base AS (SELECT a.id, a.name, a.manufacturer, a.model_name, a.criticality,
                            nullif(coalesce(a.end_of_support, m.end_of_support), '') AS device, o.date AS os_date, o.what AS os_what
                       FROM assets a LEFT JOIN device_models m ON m.id = a.model_id
                       LEFT JOIN os_end o ON o.os = coalesce(a.os, m.os) WHERE 1 = 1${sc.sql}),
            ends AS (SELECT *, CASE WHEN device IS NOT NULL AND (os_date IS NULL OR device <= os_date) THEN device ELSE os_date END AS date
                       FROM base)
       SELECT id, name, manufacturer, model_name, criticality, date, CASE WHEN date = device THEN 'device' ELSE os_what END AS what
         FROM ends WHERE date IS NOT NULL ORDER BY date, id LIMIT ?`,
    ).all(JSON.stringify(Object.fromEntries([...osEnds].map(([os, e]) => [os, [e.date, e.what]]))), ...sc.args, limit) as Row[];
    return rows.map((r) => ({
      assetId: String(r.id),
      name: s(r.name),
      manufacturer: s(r.manufacturer),
      model: s(r.model_name),
      criticality: String(r.criticality),
      date: String(r.date),
      what: String(r.what),
    }));
  }

  /** The worst open findings, most severe first and, among equals, on the most critical devices. */
  topOpenFindings(limit: number, scope?: AssetScope): Array<{
    key: string;
    ruleId: string;
    title: string;
    severity: string;
    evidence: string;
    host: string;
    port: number | null;
    assetId: string | null;
    assetName: string | null;
    role: string | null;
    criticality: string | null;
    manufacturer: string | null;
    model: string | null;
    cve: string | null;
  }> {
    // One severity at a time, most severe first, until `limit` rows: the same order as sorting every open finding
    // by (severity, device criticality, key), but a site with enough critical findings never reads the others. The
    // severity expression is the one of the (state, severity, key) index, so each severity is an index range.
    const sc = scopeAnd(scope);
    const stmt = this.q(
      `SELECT f.key, f.rule_id, f.title, f.severity, f.evidence, f.host, f.port, f.cve, a.id AS asset_id, a.name, a.role, a.criticality, a.manufacturer, a.model_name
         FROM ${sc.sql ? 'assets a CROSS JOIN findings f ON f.subject = a.id' : 'findings f LEFT JOIN assets a ON a.id = f.subject'}
         WHERE f.state IN ('open','in-remediation')${sc.sql}
           AND CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END = ?
         ORDER BY CASE a.criticality WHEN 'life-critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 4 ELSE 3 END, f.key
         LIMIT ?`,
    );
    const rows: Row[] = [];
    for (let rank = 0; rank <= 4 && rows.length < limit; rank++) rows.push(...(stmt.all(...sc.args, rank, limit - rows.length) as Row[]));
    return rows.map((r) => ({
      key: String(r.key),
      ruleId: String(r.rule_id),
      title: String(r.title),
      severity: String(r.severity),
      evidence: String(r.evidence),
      host: String(r.host),
      port: r.port === null ? null : Number(r.port),
      assetId: s(r.asset_id),
      assetName: s(r.name),
      role: s(r.role),
      criticality: s(r.criticality),
      manufacturer: s(r.manufacturer),
      model: s(r.model_name),
      cve: s(r.cve),
    }));
  }

  /** Findings of one manufacturer's devices (a vendor ticket), open or in remediation. */
  vendorFindings(manufacturer: string): Array<{
    assetId: string;
    ruleId: string;
    cve: string | null;
    severity: string;
    title: string;
    evidence: string;
    remediation: string;
    host: string;
    port: number | null;
  }> {
    return (
      this.q(
        `SELECT a.id AS asset_id, f.rule_id, f.cve, f.severity, f.title, f.evidence, f.remediation, f.host, f.port FROM findings f JOIN assets a ON a.id = f.subject
           WHERE lower(a.manufacturer) = lower(?) AND f.state IN ('open','in-remediation') ORDER BY a.id, f.severity, f.rule_id`,
      ).all(manufacturer) as Row[]
    ).map((r) => ({
      assetId: String(r.asset_id),
      ruleId: String(r.rule_id),
      cve: s(r.cve),
      severity: String(r.severity),
      title: String(r.title),
      evidence: String(r.evidence),
      remediation: String(r.remediation),
      host: String(r.host),
      port: r.port === null ? null : Number(r.port),
    }));
  }

  scanCount(scope?: AssetScope): number {
    const sc = scopeAnd(scope);
    if (!sc.sql) return this.q("SELECT count(*) FROM scans WHERE status != 'running' AND source != 'desk'").pluck().get() as number;
    return this.q(
      `SELECT count(DISTINCT s.id) FROM scans s JOIN scan_hosts h ON h.scan_id = s.id JOIN assets a ON a.id = h.asset_id WHERE s.status != 'running' AND s.source != 'desk'${sc.sql}`,
    )
      .pluck()
      .get(...sc.args) as number;
  }

  private hasTable(name: string): boolean {
    return this.q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  /** Assets one at a time (the plan over 100,000 devices never holds them all as rows twice). */
  *eachAsset(scope?: AssetScope): Iterable<InventoryAsset> {
    const idents = new Map<string, Map<IdentifierKind, string[]>>();
    const sc = scopeAnd(scope);
    for (const r of this.q(
      sc.sql
        ? `SELECT i.asset_id, i.kind, i.value FROM asset_identifiers i JOIN assets a ON a.id = i.asset_id WHERE i.ended_at IS NULL${sc.sql} ORDER BY i.asset_id, i.last_seen DESC, i.value`
        : 'SELECT asset_id, kind, value FROM asset_identifiers WHERE ended_at IS NULL ORDER BY asset_id, last_seen DESC, value',
    ).iterate(...sc.args) as Iterable<Row>) {
      const a = String(r.asset_id);
      let m = idents.get(a);
      if (!m) idents.set(a, (m = new Map()));
      const k = r.kind as IdentifierKind;
      m.set(k, [...(m.get(k) ?? []), String(r.value)]);
    }
    for (const r of this.q(`SELECT * FROM assets a WHERE 1 = 1${sc.sql} ORDER BY id`).iterate(...sc.args) as Iterable<Row>)
      yield this.toAsset(r, idents.get(String(r.id)) ?? new Map());
  }

  private liveIdentifiers(assetId: string): Map<IdentifierKind, string[]> {
    const out = new Map<IdentifierKind, string[]>();
    for (const r of this.q(
      'SELECT kind, value FROM asset_identifiers WHERE asset_id = ? AND ended_at IS NULL ORDER BY last_seen DESC, value',
    ).all(assetId) as Row[]) {
      const k = r.kind as IdentifierKind;
      out.set(k, [...(out.get(k) ?? []), String(r.value)]);
    }
    return out;
  }

  // ── device models ────────────────────────────────────────────────────────────────────────────────────────

  private ensureModel(manufacturer: string, model: string, at: string): string {
    const existing = this.q('SELECT id FROM device_models WHERE lower(manufacturer) = lower(?) AND lower(model) = lower(?)')
      .pluck()
      .get(manufacturer.trim(), model.trim()) as string | undefined;
    if (existing) return existing;
    const id = modelIdOf(manufacturer, model);
    this.q('INSERT INTO device_models (id, manufacturer, model, updated_at) VALUES (?,?,?,?)').run(
      id,
      manufacturer.trim(),
      model.trim(),
      at,
    );
    return id;
  }

  /** Creates or updates a catalog entry; given ports replace the model's declared ports from the same source. */
  upsertModel(m: DeviceModelInput, at: string): string {
    this.modelCache.clear();
    return this.tx(() => {
      const id = this.ensureModel(m.manufacturer, m.model, at);
      const cols: Array<[unknown, string]> = [
        [m.role, 'role'],
        [m.os, 'os'],
        [m.endOfSupport, 'end_of_support'],
        [m.endOfLife, 'end_of_life'],
        [m.latestVersion, 'latest_version'],
        [m.sbomUrl, 'sbom_url'],
      ];
      for (const [v, col] of cols)
        if (v !== undefined) this.q(`UPDATE device_models SET ${col} = ?, updated_at = ? WHERE id = ?`).run(v, at, id);
      if (m.ports) this.replacePorts(id, m.ports, m.portsSource ?? 'manual', at);
      return id;
    });
  }

  private replacePorts(modelId: string, ports: readonly DeclaredPort[], source: string, at: string): void {
    this.q('DELETE FROM device_model_ports WHERE model_id = ? AND source = ?').run(modelId, source);
    const ins = this.q(
      'INSERT OR REPLACE INTO device_model_ports (model_id, port, protocol, service, purpose, source) VALUES (?,?,?,?,?,?)',
    );
    for (const p of ports) ins.run(modelId, p.port, p.protocol, p.service ?? null, p.purpose ?? null, source);
    this.q('UPDATE device_models SET ports_source = ?, updated_at = ? WHERE id = ?').run(source, at, modelId);
  }

  /** Runs many resolutions or imports in one transaction (a re-evaluation of a stored scan, a large import). */
  batch<T>(fn: () => T): T {
    return this.tx(fn);
  }

  /** Marks every asset of the model as having its MDS2 form on file; returns how many assets that was. */
  markMds2OnFile(modelId: string, at: string, source: string): number {
    return this.tx(() => {
      const ids = this.q('SELECT id FROM assets WHERE model_id = ? AND mds2_on_file = 0').pluck().all(modelId) as string[];
      for (const id of ids) {
        this.q('UPDATE assets SET mds2_on_file = 1, updated_at = ? WHERE id = ?').run(at, id);
        this.event(id, at, 'updated', { mds2_on_file: { from: 0, to: 1 } }, source);
      }
      return ids.length;
    });
  }

  model(id: string): DeviceModelRecord | null {
    if (!this.modelCache.has(id)) this.modelCache.set(id, this.readModel(id));
    return this.modelCache.get(id)!;
  }

  private readModel(id: string): DeviceModelRecord | null {
    const r = this.q('SELECT * FROM device_models WHERE id = ?').get(id) as Row | undefined;
    if (!r) return null;
    const ports = (this.q('SELECT * FROM device_model_ports WHERE model_id = ? ORDER BY protocol, port').all(id) as Row[]).map((p) => ({
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
    const id = this.q('SELECT id FROM device_models WHERE lower(manufacturer) = lower(?) AND lower(model) = lower(?)')
      .pluck()
      .get(manufacturer.trim(), model.trim()) as string | undefined;
    return id ? this.model(id) : null;
  }

  models(): DeviceModelRecord[] {
    return (this.q('SELECT id FROM device_models ORDER BY manufacturer, model').pluck().all() as string[]).map((id) => this.model(id)!);
  }

  requireModel(manufacturer: string, model: string): DeviceModelRecord {
    const m = this.modelByName(manufacturer, model);
    if (!m) throw new AppError('ERR_INVENTORY_MODEL', `no device model "${manufacturer} ${model}" in the catalog`);
    return m;
  }
}

/** Asset names by id, one query whatever the count (the ids go in as one JSON array). */
export const ASSET_NAMES = 'SELECT id, name FROM assets WHERE name IS NOT NULL AND id IN (SELECT value FROM json_each(?))';

/** Runs ASSET_NAMES (prepared by the caller's statement cache): id → name, unnamed and unknown ids left out. */
export function assetNames(statement: Statement<unknown[]>, ids: readonly string[]): Map<string, string> {
  if (!ids.length) return new Map();
  return new Map(statement.raw().all(JSON.stringify([...new Set(ids)])) as [string, string][]);
}
