/**
 * The scoped reads behind the API's list and by-id routes: server-side search, filter, sort and pagination in
 * SQL, with the caller's scope (manufacturer and/or site) in every WHERE clause, so an out-of-scope row is never
 * read into memory, let alone returned. A finding is in scope when its subject is an in-scope asset.
 */
import type { Scope } from './api-store.js';
import type { Db } from './db.js';

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const ASSET_SORTS = ['name', 'manufacturer', 'site', 'criticality', 'createdAt'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];
const ASSET_SORT_SQL: Record<AssetSort, string> = {
  name: "coalesce(a.name, a.id)",
  manufacturer: "coalesce(a.manufacturer, '')",
  site: 'a.site',
  criticality: "CASE a.criticality WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END",
  createdAt: 'a.created_at',
};

export const FINDING_SORTS = ['severity', 'lastSeen', 'firstSeen', 'host'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
const FINDING_SORT_SQL: Record<FindingSort, string> = {
  severity: "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END",
  lastSeen: 'f.last_seen',
  firstSeen: 'f.first_seen',
  host: 'f.host',
};

export interface Page {
  readonly limit: number;
  readonly offset: number;
  readonly order: 'asc' | 'desc';
}

export interface AssetRow {
  readonly id: string;
  readonly name: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly site: string;
  readonly department: string | null;
  readonly zone: string;
  readonly role: string | null;
  readonly criticality: string;
  readonly softwareVersion: string | null;
  readonly endOfSupport: string | null;
  readonly createdAt: string;
}

export interface FindingRow {
  readonly key: string;
  readonly ruleId: string;
  readonly cve: string | null;
  readonly subject: string;
  readonly host: string;
  readonly port: number | null;
  readonly severity: string;
  readonly title: string;
  readonly state: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

const toAsset = (r: Row): AssetRow => ({
  id: String(r.id),
  name: s(r.name),
  manufacturer: s(r.manufacturer),
  model: s(r.model_name),
  site: String(r.site),
  department: s(r.department),
  zone: String(r.zone),
  role: s(r.role),
  criticality: String(r.criticality),
  softwareVersion: s(r.software_version),
  endOfSupport: s(r.end_of_support),
  createdAt: String(r.created_at),
});

const toFinding = (r: Row): FindingRow => ({
  key: String(r.key),
  ruleId: String(r.rule_id),
  cve: s(r.cve),
  subject: String(r.subject),
  host: String(r.host),
  port: r.port === null ? null : Number(r.port),
  severity: String(r.severity),
  title: String(r.title),
  state: String(r.state),
  firstSeen: String(r.first_seen),
  lastSeen: String(r.last_seen),
});

/** SQL that keeps only assets (alias a) in the scope; an unrestricted scope adds nothing. */
function scopeSql(scope: Scope, where: string[], args: unknown[]): void {
  if (scope.manufacturer !== null) {
    where.push('a.manufacturer = ? COLLATE NOCASE');
    args.push(scope.manufacturer);
  }
  if (scope.site !== null) {
    where.push('a.site = ?');
    args.push(scope.site);
  }
}
const restricted = (scope: Scope) => scope.manufacturer !== null || scope.site !== null;
const likeArg = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/**
 * The trigram index answers substrings of 3 characters or more; a shorter text has no trigram and falls back to
 * LIKE alone (a scan). The text becomes one FTS5 phrase, so operators and quotes in it are literal.
 */
const ftsPhrase = (q: string): string | null => ([...q].length >= 3 ? `"${q.replace(/"/g, '""')}"` : null);

/** Where a total came from: counted for this request, or the same exact count reused (nothing written since). */
export type TotalSource = 'counted' | 'cached';
const COUNT_CACHE_MAX = 256;

export class ApiQueries {
  private readonly counts = new Map<string, number>();
  private countsGeneration = -1;

  constructor(private readonly db: Db) {}

  /**
   * count(*) of a query, reused while the counted tables are unchanged: migration 0303's generation number moves
   * on every write to findings, assets or identifiers (from any connection), so a cached total is the exact one.
   */
  private count(sql: string, args: unknown[]): { total: number; totalSource: TotalSource } {
    const generation = this.db.prepare('SELECT n FROM api_list_generation WHERE id = 1').pluck().get() as number;
    if (generation !== this.countsGeneration) {
      this.counts.clear();
      this.countsGeneration = generation;
    }
    const key = `${sql}\u0000${JSON.stringify(args)}`;
    const hit = this.counts.get(key);
    if (hit !== undefined) return { total: hit, totalSource: 'cached' };
    const total = this.db.prepare(sql).pluck().get(...args) as number;
    if (this.counts.size >= COUNT_CACHE_MAX) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(key, total);
    return { total, totalSource: 'counted' };
  }

  assets(scope: Scope, f: { q?: string; site?: string; manufacturer?: string; criticality?: string; role?: string; sort: AssetSort } & Page): { total: number; totalSource: TotalSource; items: AssetRow[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    scopeSql(scope, where, args);
    if (f.q) {
      const phrase = ftsPhrase(f.q);
      if (phrase !== null) {
        // candidates: trigram hits on the asset's own columns or a live identifier, or the exact id
        where.push(`a.rowid IN (SELECT rowid FROM api_assets_fts WHERE api_assets_fts MATCH ?
          UNION SELECT a2.rowid FROM assets a2 WHERE a2.id = ?
          UNION SELECT a3.rowid FROM asset_identifiers i JOIN assets a3 ON a3.id = i.asset_id
            WHERE i.rowid IN (SELECT rowid FROM api_identifiers_fts WHERE api_identifiers_fts MATCH ?))`);
        args.push(phrase, f.q, phrase);
      }
      where.push(
        `(a.name LIKE ? ESCAPE '\\' OR a.manufacturer LIKE ? ESCAPE '\\' OR a.model_name LIKE ? ESCAPE '\\' OR a.id = ?
          OR EXISTS (SELECT 1 FROM asset_identifiers i WHERE i.asset_id = a.id AND i.ended_at IS NULL AND i.value LIKE ? ESCAPE '\\'))`,
      );
      const l = likeArg(f.q);
      args.push(l, l, l, f.q, l);
    }
    for (const [col, v] of [['a.site', f.site], ['a.manufacturer', f.manufacturer], ['a.criticality', f.criticality], ['a.role', f.role]] as const)
      if (v !== undefined) {
        where.push(`${col} = ?`);
        args.push(v);
      }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { total, totalSource } = this.count(`SELECT count(*) FROM assets a ${w}`, args);
    const items = (
      this.db
        // the tie-breaker follows the sort direction, so a descending page walks the same index backwards
        .prepare(`SELECT a.* FROM assets a ${w} ORDER BY ${ASSET_SORT_SQL[f.sort]} ${f.order === 'desc' ? 'DESC' : 'ASC'}, a.id ${f.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`)
        .all(...args, f.limit, f.offset) as Row[]
    ).map(toAsset);
    return { total, totalSource, items };
  }

  /** The asset when it exists and is in scope; out of scope looks exactly like absent. */
  assetInScope(scope: Scope, id: string): boolean {
    const where = ['a.id = ?'];
    const args: unknown[] = [id];
    scopeSql(scope, where, args);
    return this.db.prepare(`SELECT 1 FROM assets a WHERE ${where.join(' AND ')}`).get(...args) !== undefined;
  }

  findings(scope: Scope, f: { q?: string; state?: string; severity?: string; host?: string; sort: FindingSort } & Page): { total: number; totalSource: TotalSource; items: FindingRow[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    const join = restricted(scope) ? 'JOIN assets a ON a.id = f.subject' : '';
    scopeSql(scope, where, args);
    if (f.q) {
      const phrase = ftsPhrase(f.q);
      if (phrase !== null) {
        where.push('f.rowid IN (SELECT rowid FROM api_findings_fts WHERE api_findings_fts MATCH ?)');
        args.push(phrase);
      }
      where.push(`(f.title LIKE ? ESCAPE '\\' OR f.rule_id LIKE ? ESCAPE '\\' OR f.cve LIKE ? ESCAPE '\\')`);
      const l = likeArg(f.q);
      args.push(l, l, l);
    }
    for (const [col, v] of [['f.state', f.state], ['f.severity', f.severity], ['f.host', f.host]] as const)
      if (v !== undefined) {
        where.push(`${col} = ?`);
        args.push(v);
      }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { total, totalSource } = this.count(`SELECT count(*) FROM findings f ${join} ${w}`, args);
    // with one severity asked for, ordering by severity is a no-op; dropping it lets SQLite use the (severity, state) index
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    const order = f.sort === 'severity' && f.severity !== undefined ? `f.key ${dir}` : `${FINDING_SORT_SQL[f.sort]} ${dir}, f.key ${dir}`;
    const items = (
      this.db
        .prepare(`SELECT f.* FROM findings f ${join} ${w} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...args, f.limit, f.offset) as Row[]
    ).map(toFinding);
    return { total, totalSource, items };
  }

  findingInScope(scope: Scope, key: string): boolean {
    if (!restricted(scope)) return this.db.prepare('SELECT 1 FROM findings WHERE key = ?').get(key) !== undefined;
    const where = ['f.key = ?'];
    const args: unknown[] = [key];
    scopeSql(scope, where, args);
    return this.db.prepare(`SELECT 1 FROM findings f JOIN assets a ON a.id = f.subject WHERE ${where.join(' AND ')}`).get(...args) !== undefined;
  }

  /** Addresses of a scan's hosts the scope may see; null means all of them. */
  scanAddresses(scope: Scope, scanId: string): Set<string> | null {
    if (!restricted(scope)) return null;
    const where = ['h.scan_id = ?'];
    const args: unknown[] = [scanId];
    scopeSql(scope, where, args);
    return new Set(this.db.prepare(`SELECT h.address FROM scan_hosts h JOIN assets a ON a.id = h.asset_id WHERE ${where.join(' AND ')}`).pluck().all(...args) as string[]);
  }

  /** Ids of scans that touched at least one in-scope host; null means every scan. */
  visibleScanIds(scope: Scope): Set<string> | null {
    if (!restricted(scope)) return null;
    const where: string[] = [];
    const args: unknown[] = [];
    scopeSql(scope, where, args);
    return new Set(this.db.prepare(`SELECT DISTINCT h.scan_id FROM scan_hosts h JOIN assets a ON a.id = h.asset_id WHERE ${where.join(' AND ')}`).pluck().all(...args) as string[]);
  }
}
