/**
 * The scoped reads behind the API's list and by-id routes: server-side search, filter, sort and pagination in
 * SQL, with the caller's scope (manufacturer and/or site) in every WHERE clause, so an out-of-scope row is never
 * read into memory, let alone returned. A finding is in scope when its subject is an in-scope asset.
 *
 * At 100k assets / 1M findings the access path matters more than the SQL text, so a list page takes one of two
 * shapes (same rows, same order):
 * - driven by the few candidates a filter yields (trigram hits of a rare search text, a small vendor's devices),
 *   then sorted: cheap because the candidates are few;
 * - walking the sort's index in order and testing each row (LIKE, a scope probe) until the page is full: cheap
 *   because a common text or a large scope matches often.
 * Pages go by offset or by a keyset cursor (the last row's sort value and id); totals are exact when cheap and
 * otherwise labelled as estimated (see TotalSource).
 */
import { withoutAddress } from '../../core/finding.js';
import { ASSET_NAMES, assetNames } from './inventory-store.js';
import type { Scope } from './api-store.js';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';

type Statement = Database.Statement<unknown[]>;

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const ASSET_SORTS = ['name', 'manufacturer', 'site', 'criticality', 'createdAt'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];
/** Sort expressions; `plain` ones are bare columns, whose keyset bound SQLite seeks as a row value. */
const ASSET_SORT_SQL: Record<AssetSort, { sql: string; plain: boolean }> = {
  name: { sql: 'coalesce(a.name, a.id)', plain: false },
  manufacturer: { sql: "coalesce(a.manufacturer, '')", plain: false },
  site: { sql: 'a.site', plain: true },
  criticality: {
    sql: "CASE a.criticality WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END",
    plain: false,
  },
  createdAt: { sql: 'a.created_at', plain: true },
};

export const FINDING_SORTS = ['severity', 'lastSeen', 'firstSeen', 'host'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
const SEVERITY_RANK_SQL = "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const FINDING_SORT_SQL: Record<FindingSort, { sql: string; plain: boolean }> = {
  severity: { sql: SEVERITY_RANK_SQL, plain: false },
  lastSeen: { sql: 'f.last_seen', plain: true },
  firstSeen: { sql: 'f.first_seen', plain: true },
  host: { sql: 'f.host', plain: true },
};

/** A keyset position: the sort value and id of the last row already shown. */
export interface Cursor {
  readonly value: string | number;
  readonly id: string;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
  readonly order: 'asc' | 'desc';
  /** Rows strictly after this position in the requested order (offset then skips further rows, if any). */
  readonly cursor?: Cursor | undefined;
}

const CURSOR_VERSION = 1;

/**
 * The cursor handed to clients: base64url of the position plus the sort and order it belongs to. It is opaque
 * but not secret: values only ever reach SQL as bound parameters and the caller's scope stays in the WHERE
 * clause, so a forged cursor can at most start the caller's own list elsewhere.
 */
export function encodeCursor(sort: string, order: 'asc' | 'desc', c: Cursor): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, sort, order, c.value, c.id])).toString('base64url');
}

/** The position in a cursor made by encodeCursor for this sort and order; null when it is anything else. */
export function decodeCursor(raw: string, sort: string, order: 'asc' | 'desc'): Cursor | null {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 5 || v[0] !== CURSOR_VERSION || v[1] !== sort || v[2] !== order) return null;
  const [, , , value, id] = v as unknown[];
  const okValue = (typeof value === 'string' && value.length <= 400) || (typeof value === 'number' && Number.isSafeInteger(value));
  if (!okValue || typeof id !== 'string' || id.length === 0 || id.length > 200) return null;
  return { value: value as string | number, id };
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
  /** Current network addresses, so a list can show the device an unnamed asset is. */
  readonly addresses: readonly string[];
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
  /** The inventory's name of a device without an address (its findings are kept under its asset id). */
  readonly device?: string;
}

// the columns the list rows are made of: reading whole rows (a.*, f.* with evidence and remediation text) cost
// more than finding them
const ASSET_COLUMNS = ['id', 'name', 'manufacturer', 'model_name', 'site', 'department', 'zone', 'role', 'criticality', 'software_version', 'end_of_support', 'created_at'].map((c) => `a.${c}`).join(', ');
const FINDING_COLUMNS = ['key', 'rule_id', 'cve', 'subject', 'host', 'port', 'severity', 'title', 'state', 'first_seen', 'last_seen'].map((c) => `f.${c}`).join(', ');

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
  addresses: [],
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

/** A WHERE term with its bound values, kept together so terms can be combined in any order. */
interface Clause {
  readonly sql: string;
  readonly args: readonly unknown[];
}
const where = (cs: readonly Clause[]): Clause =>
  cs.length ? { sql: `WHERE ${cs.map((c) => c.sql).join(' AND ')}`, args: cs.flatMap((c) => c.args) } : { sql: '', args: [] };

/** Terms that keep only assets (alias a) in the scope; an unrestricted scope adds none. */
function scopeSql(scope: Scope): Clause[] {
  const cs: Clause[] = [];
  if (scope.manufacturer !== null) cs.push({ sql: 'a.manufacturer = ? COLLATE NOCASE', args: [scope.manufacturer] });
  if (scope.site !== null) cs.push({ sql: 'a.site = ?', args: [scope.site] });
  return cs;
}
const restricted = (scope: Scope) => scope.manufacturer !== null || scope.site !== null;
const likeArg = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/**
 * The trigram index answers substrings of 3 characters or more; a shorter text has no trigram and falls back to
 * LIKE alone (a scan). The text becomes one FTS5 phrase, so operators and quotes in it are literal.
 */
const ftsPhrase = (q: string): string | null => ([...q].length >= 3 ? `"${q.replace(/"/g, '""')}"` : null);

/**
 * The page query: `head` (SELECT … AS sort_value FROM …) with its terms, in the sort's order with the id as
 * tie-breaker, one row more than the page (so whether a next page exists is known without counting), starting
 * after the cursor if there is one. After a bare column's cursor SQLite seeks the row value (sort, id) directly.
 * An expression (a severity or criticality rank) has few values and many ties, and SQLite seeks on an expression
 * index only by the expression, not by (expression, id): so the rows after the cursor are read as the rest of
 * its tie (seeking by id within it) followed by the rows beyond it, each in index order, merged.
 */
function pageSql(
  head: string,
  terms: readonly Clause[],
  sort: { sql: string; plain: boolean },
  id: { col: string; name: string },
  p: Page,
): Clause {
  const dir = p.order === 'desc' ? 'DESC' : 'ASC';
  const op = p.order === 'desc' ? '<' : '>';
  const n = p.limit + 1;
  const c = p.cursor;
  if (sort.sql === id.col) {
    const w = where([...terms, ...(c ? [{ sql: `${id.col} ${op} ?`, args: [c.id] }] : [])]);
    return { sql: `${head} ${w.sql} ORDER BY ${id.col} ${dir} LIMIT ? OFFSET ?`, args: [...w.args, n, p.offset] };
  }
  if (!c || sort.plain) {
    const w = where([...terms, ...(c ? [{ sql: `(${sort.sql}, ${id.col}) ${op} (?, ?)`, args: [c.value, c.id] }] : [])]);
    return { sql: `${head} ${w.sql} ORDER BY ${sort.sql} ${dir}, ${id.col} ${dir} LIMIT ? OFFSET ?`, args: [...w.args, n, p.offset] };
  }
  const m = n + p.offset;
  const tie = where([...terms, { sql: `${sort.sql} = ?`, args: [c.value] }, { sql: `${id.col} ${op} ?`, args: [c.id] }]);
  const beyond = where([...terms, { sql: `${sort.sql} ${op} ?`, args: [c.value] }]);
  return {
    sql: `SELECT * FROM (SELECT * FROM (${head} ${tie.sql} ORDER BY ${id.col} ${dir} LIMIT ?)
      UNION ALL SELECT * FROM (${head} ${beyond.sql} ORDER BY ${sort.sql} ${dir}, ${id.col} ${dir} LIMIT ?))
      ORDER BY sort_value ${dir}, ${id.name} ${dir} LIMIT ? OFFSET ?`,
    args: [...tie.args, m, ...beyond.args, m, n, p.offset],
  };
}

/** One row more than the page is read, so whether a next page exists is known without counting. */
function paged<T>(rows: Row[], limit: number, id: (r: Row) => string, map: (r: Row) => T): { items: T[]; nextCursor: Cursor | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const value = last?.sort_value;
  return {
    items: page.map(map),
    nextCursor:
      rows.length > limit && last !== undefined ? { value: typeof value === 'number' ? value : String(value), id: id(last) } : null,
  };
}

/**
 * Where a total came from. 'counted' and 'cached' are exact: counted for this request, or an identical earlier
 * request's count reused because nothing it counts has been written since. 'estimated' is not exact: a large
 * count made before the latest writes to findings or assets, shown for a few seconds until it is recounted.
 */
export type TotalSource = 'counted' | 'cached' | 'estimated';

export interface ListPage<T> {
  readonly total: number;
  readonly totalSource: TotalSource;
  readonly items: T[];
  /** Where the next page starts (see encodeCursor), or null on the last page. */
  readonly nextCursor: Cursor | null;
}

export interface QueryOptions {
  /** Totals up to this size are always counted exactly: a count that stops at this many rows is cheap. */
  readonly exactCountCap?: number;
  /** How long a larger total made stale by writes is shown as 'estimated' before it is counted again. */
  readonly recountAfterMs?: number;
  readonly now?: () => number;
}

/** One list total: what it was, at which generation of the data, counted when. */
export interface CountEntry {
  readonly total: number;
  readonly generation: number;
  readonly countedAt: number;
}

/** Where totals are kept between requests: a bounded map here, or the read pool's one shared by its workers. */
export interface CountCache {
  get(key: string): CountEntry | undefined;
  set(key: string, e: CountEntry): void;
}

/** The most recently counted COUNT_CACHE_MAX totals. */
export class CountLru implements CountCache {
  private readonly m = new Map<string, CountEntry>();
  get(key: string): CountEntry | undefined {
    return this.m.get(key);
  }
  set(key: string, e: CountEntry): void {
    this.m.delete(key);
    if (this.m.size >= COUNT_CACHE_MAX) this.m.delete(this.m.keys().next().value!);
    this.m.set(key, e);
  }
}

/** The identity of a list's total: the scope and the filters, not the order or the page. */
export const assetsCountKey = (scope: Scope, f: AssetFilters): string =>
  JSON.stringify(['assets', scope, f.q, f.site, f.manufacturer, f.criticality, f.role]);
export const findingsCountKey = (scope: Scope, f: FindingFilters): string =>
  JSON.stringify(['findings', scope, f.q, f.state, f.severity, f.host]);

const COUNT_CACHE_MAX = 256;
const PLAN_TTL_MS = 60_000;
const STATEMENTS_MAX = 200;
export type AssetFilters = { q?: string; site?: string; manufacturer?: string; criticality?: string; role?: string; sort: AssetSort };
export type FindingFilters = { q?: string; state?: string; severity?: string; host?: string; sort: FindingSort };

export class ApiQueries {
  private readonly counts = new CountLru();
  private readonly plans = new Map<string, { few: boolean; at: number }>();
  private readonly scopeSizes = new Map<string, number>();
  private scopeSizesGeneration = -1;
  private readonly exactCountCap: number;
  private readonly recountAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    o: QueryOptions = {},
  ) {
    this.exactCountCap = o.exactCountCap ?? 500;
    this.recountAfterMs = o.recountAfterMs ?? 10_000;
    this.now = o.now ?? Date.now;
    const tx = db.transaction((read: () => unknown) => read());
    this.inSnapshot = <T>(read: () => T): T => tx(read) as T;
  }

  /** One read transaction: the total, the plan's inputs and the page all see the same snapshot. */
  private readonly inSnapshot: <T>(read: () => T) => T;
  private readonly statements = new Map<string, Statement>();

  /**
   * A prepared statement, kept: compiling the page queries costs more than running them on an index, and a
   * console repeats the same few shapes (the values are bound, so the SQL texts are few). Each text is always
   * used the same way (plucked or whole rows), since pluck() sticks to a statement.
   */
  private prepare(sql: string): Statement {
    let st = this.statements.get(sql);
    if (st === undefined) {
      st = this.db.prepare(sql);
      if (this.statements.size >= STATEMENTS_MAX) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, st);
    }
    return st;
  }

  /**
   * Which state of the listed tables a total belongs to: the list generation (migrations 0303, 0321), which
   * grows on every insert, update or delete of a finding, asset or identifier, from any connection.
   */
  private generation(): number {
    return this.prepare('SELECT n FROM api_list_generation WHERE id = 1').pluck().get() as number;
  }

  /**
   * The list's total. Exact when a count capped at exactCountCap stops short of it, or when the same count was
   * made at the current generation; a larger count made stale by writes is reused as 'estimated' for
   * recountAfterMs (so a scan writing findings does not make every page recount a million rows), then redone.
   */
  private total(counts: CountCache, key: string, from: string, args: readonly unknown[]): { total: number; totalSource: TotalSource } {
    const generation = this.generation();
    const hit = counts.get(key);
    if (hit !== undefined && hit.generation === generation) return { total: hit.total, totalSource: 'cached' };
    const capped = this.prepare(`SELECT count(*) FROM (SELECT 1 ${from} LIMIT ?)`)
      .pluck()
      .get(...args, this.exactCountCap) as number;
    const now = this.now();
    if (capped >= this.exactCountCap && hit !== undefined && now - hit.countedAt < this.recountAfterMs)
      return { total: hit.total, totalSource: 'estimated' };
    const total =
      capped < this.exactCountCap
        ? capped
        : (this.prepare(`SELECT count(*) ${from}`)
            .pluck()
            .get(...args) as number);
    counts.set(key, { total, generation, countedAt: now });
    return { total, totalSource: 'counted' };
  }

  /** Rows in a table, from its largest rowid: O(log n) and close enough to choose a plan by. */
  private rows(table: 'assets' | 'findings'): number {
    return (this.prepare(`SELECT coalesce(max(rowid), 0) FROM ${table}`).pluck().get() as number) || 1;
  }

  /**
   * Whether the trigram hits are few enough that reading and sorting them beats walking the sort index: fewer
   * than sqrt(limit × rows), where both cost about the same. Counting a common text's hits costs milliseconds at
   * 1M findings, so the answer is kept for a minute per text: it only steers the plan, never the rows returned.
   */
  private fewCandidates(fts: readonly string[], phrase: string, limit: number, rows: number): boolean {
    const threshold = Math.ceil(Math.sqrt(limit * rows));
    const key = JSON.stringify([fts, phrase, threshold]);
    const now = this.now();
    const hit = this.plans.get(key);
    if (hit !== undefined && now - hit.at < PLAN_TTL_MS) return hit.few;
    let n = 0;
    for (const table of fts)
      n += this.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`)
        .pluck()
        .get(phrase, threshold) as number;
    this.plans.delete(key);
    if (this.plans.size >= COUNT_CACHE_MAX) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, { few: n < threshold, at: now });
    return n < threshold;
  }

  /** In-scope assets, counted once per generation: how large a vendor's or site's share is decides the plan. */
  private scopeSize(scope: Scope): number {
    const generation = this.generation();
    if (generation !== this.scopeSizesGeneration) {
      this.scopeSizes.clear();
      this.scopeSizesGeneration = generation;
    }
    const key = JSON.stringify([scope.manufacturer, scope.site]);
    let n = this.scopeSizes.get(key);
    if (n === undefined) {
      const w = where(scopeSql(scope));
      n = this.prepare(`SELECT count(*) FROM assets a ${w.sql}`)
        .pluck()
        .get(...w.args) as number;
      this.scopeSizes.set(key, n);
    }
    return n;
  }

  /**
   * Whether probing each finding for its scope while walking the sort index beats reading the scope first: the
   * walk reads about limit × assets / scope findings, the scope-first read scope × findings / assets (then sorts
   * them); they cost the same where scope² × findings = limit × assets².
   */
  private largeScope(scope: Scope, limit: number, findings: number): boolean {
    const [s, a] = [this.scopeSize(scope), this.rows('assets')];
    return s * s * findings > limit * a * a;
  }

  /**
   * A page of the assets in scope; `counts` keeps totals between calls (default: this instance's own). Read in
   * one transaction, so the total, the plan's inputs and the page all see the same snapshot.
   */
  assets(scope: Scope, f: AssetFilters & Page, counts: CountCache = this.counts): ListPage<AssetRow> {
    return this.inSnapshot(() => this.readAssets(scope, f, counts));
  }

  /** A page of the findings on assets in scope, as for assets. */
  findings(scope: Scope, f: FindingFilters & Page, counts: CountCache = this.counts): ListPage<FindingRow> {
    return this.inSnapshot(() => this.readFindings(scope, f, counts));
  }

  private readAssets(scope: Scope, f: AssetFilters & Page, counts: CountCache): ListPage<AssetRow> {
    const filters = scopeSql(scope);
    for (const [col, v] of [
      ['a.site', f.site],
      ['a.manufacturer', f.manufacturer],
      ['a.criticality', f.criticality],
      ['a.role', f.role],
    ] as const)
      if (v !== undefined) filters.push({ sql: `${col} = ?`, args: [v] });
    // the search: trigram candidates (a prefilter, used when they are few) and the LIKE that decides (always)
    const phrase = f.q ? ftsPhrase(f.q) : null;
    const candidates: Clause[] = [];
    if (f.q) {
      // candidates: trigram hits on the asset's own columns or a live identifier, or the exact id
      if (phrase !== null)
        candidates.push({
          sql: `a.rowid IN (SELECT rowid FROM api_assets_fts WHERE api_assets_fts MATCH ?
          UNION SELECT a2.rowid FROM assets a2 WHERE a2.id = ?
          UNION SELECT a3.rowid FROM asset_identifiers i JOIN assets a3 ON a3.id = i.asset_id
            WHERE i.rowid IN (SELECT rowid FROM api_identifiers_fts WHERE api_identifiers_fts MATCH ?))`,
          args: [phrase, f.q, phrase],
        });
      const l = likeArg(f.q);
      filters.push({
        sql: `(a.name LIKE ? ESCAPE '\\' OR a.manufacturer LIKE ? ESCAPE '\\' OR a.model_name LIKE ? ESCAPE '\\' OR a.id = ?
          OR EXISTS (SELECT 1 FROM asset_identifiers i WHERE i.asset_id = a.id AND i.ended_at IS NULL AND i.value LIKE ? ESCAPE '\\'))`,
        args: [l, l, l, f.q, l],
      });
    }
    const counted = where([...candidates, ...filters]);
    const { total, totalSource } = this.total(counts, assetsCountKey(scope, f), `FROM assets a ${counted.sql}`, counted.args);
    const driven = phrase !== null && this.fewCandidates(['api_assets_fts', 'api_identifiers_fts'], phrase, f.limit, this.rows('assets'));
    const sort = ASSET_SORT_SQL[f.sort];
    // the tie-breaker follows the sort direction, so a descending page walks the same index backwards
    const q = pageSql(
      `SELECT ${ASSET_COLUMNS}, ${sort.sql} AS sort_value FROM assets a`,
      [...(driven ? candidates : []), ...filters],
      sort,
      { col: 'a.id', name: 'id' },
      f,
    );
    const rows = this.prepare(q.sql).all(...q.args) as Row[];
    const page = paged(rows, f.limit, (r) => String(r.id), toAsset);
    const addresses = this.currentAddresses(page.items.map((a) => a.id));
    return { total, totalSource, ...page, items: page.items.map((a) => ({ ...a, addresses: addresses.get(a.id) ?? [] })) };
  }

  /** One query for a page's addresses (the live identifiers of kind 'address'). */
  private currentAddresses(ids: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = this.prepare(
      `SELECT asset_id, value FROM asset_identifiers WHERE kind = 'address' AND ended_at IS NULL AND asset_id IN (${ids.map(() => '?').join(',')}) ORDER BY asset_id, value`,
    ).all(...ids) as Row[];
    for (const r of rows) {
      const list = out.get(String(r.asset_id)) ?? [];
      list.push(String(r.value));
      out.set(String(r.asset_id), list);
    }
    return out;
  }

  /** The asset when it exists and is in scope; out of scope looks exactly like absent. */
  assetInScope(scope: Scope, id: string): boolean {
    const w = where([{ sql: 'a.id = ?', args: [id] }, ...scopeSql(scope)]);
    return this.prepare(`SELECT 1 FROM assets a ${w.sql}`).get(...w.args) !== undefined;
  }

  private readFindings(scope: Scope, f: FindingFilters & Page, counts: CountCache): ListPage<FindingRow> {
    const filters: Clause[] = [];
    for (const [col, v] of [
      ['f.state', f.state],
      ['f.severity', f.severity],
      ['f.host', f.host],
    ] as const)
      if (v !== undefined) filters.push({ sql: `${col} = ?`, args: [v] });
    // one severity has one rank: saying so lets the (rank, key) and (state, rank, key) indexes serve the order
    if (f.severity !== undefined) filters.push({ sql: `${SEVERITY_RANK_SQL} = ?`, args: [SEVERITY_RANK[f.severity] ?? 4] });
    const phrase = f.q ? ftsPhrase(f.q) : null;
    const candidates: Clause[] = [];
    if (f.q) {
      // findings above the watermark are not in the index yet (0321): LIKE reads them directly
      if (phrase !== null)
        candidates.push({
          sql: 'f.rowid IN (SELECT rowid FROM api_findings_fts WHERE api_findings_fts MATCH ? UNION ALL SELECT rowid FROM findings WHERE rowid > ?)',
          args: [phrase, this.prepare("SELECT indexed_to FROM api_search_progress WHERE tbl = 'findings'").pluck().get() as number],
        });
      const l = likeArg(f.q);
      filters.push({ sql: `(f.title LIKE ? ESCAPE '\\' OR f.rule_id LIKE ? ESCAPE '\\' OR f.cve LIKE ? ESCAPE '\\')`, args: [l, l, l] });
    }
    const scoped = scopeSql(scope);
    const join = scoped.length ? 'JOIN assets a ON a.id = f.subject' : '';
    // The count is driven by the trigram hits when there is no scope: without statistics SQLite would rather
    // scan a state's or severity's 700k index entries and test each against the hits (a unary + keeps a term
    // out of index use). In a scope it would probe every hit under every in-scope asset (assets × hits
    // lookups), so there the hits are only tested against the in-scope findings.
    const noIndex = (c: Clause): Clause => ({ ...c, sql: `+${c.sql}` });
    const counted = where(
      scoped.length || !candidates.length
        ? [...candidates.map(scoped.length ? noIndex : (c) => c), ...scoped, ...filters]
        : [...candidates, ...filters.map((c) => (c.sql.startsWith('(') ? c : noIndex(c)))],
    );
    const { total, totalSource } = this.total(counts, findingsCountKey(scope, f), `FROM findings f ${join} ${counted.sql}`, counted.args);
    const rows = this.rows('findings');
    const driven = phrase !== null && this.fewCandidates(['api_findings_fts'], phrase, f.limit, rows);
    // A small scope (a vendor with a few devices) is read first and its findings sorted; otherwise each finding
    // the plan reaches (few trigram candidates, or the sort index walked in order) is probed for its asset's scope.
    let from = `FROM findings f ${join}`;
    let scopeTerms = scoped;
    if (scoped.length && (driven || this.largeScope(scope, f.limit, rows))) {
      const probe = where([{ sql: 'a.id = f.subject', args: [] }, ...scoped]);
      from = 'FROM findings f';
      scopeTerms = [{ sql: `EXISTS (SELECT 1 FROM assets a ${probe.sql})`, args: probe.args }];
    }
    // by severity with one severity asked for, the rank is a constant and the key alone orders the page; SQLite
    // does not see that by itself and would sort every matching finding
    const constant = f.sort === 'severity' && f.severity !== undefined;
    const sort = constant ? { sql: 'f.key', plain: true } : FINDING_SORT_SQL[f.sort];
    const q = pageSql(
      `SELECT ${FINDING_COLUMNS}, ${FINDING_SORT_SQL[f.sort].sql} AS sort_value ${from}`,
      [...(driven ? candidates : []), ...scopeTerms, ...filters],
      sort,
      { col: 'f.key', name: 'key' },
      f,
    );
    const found = this.prepare(q.sql).all(...q.args) as Row[];
    const page = paged(found, f.limit, (r) => String(r.key), toFinding);
    // A device without an address: its inventory name, for pages that hold one.
    const names = assetNames(this.prepare(ASSET_NAMES), page.items.filter(withoutAddress).map((x) => x.subject));
    return { total, totalSource, ...page, items: page.items.map((x) => (names.has(x.subject) ? { ...x, device: names.get(x.subject)! } : x)) };
  }

  findingInScope(scope: Scope, key: string): boolean {
    if (!restricted(scope)) return this.prepare('SELECT 1 FROM findings WHERE key = ?').get(key) !== undefined;
    const w = where([{ sql: 'f.key = ?', args: [key] }, ...scopeSql(scope)]);
    return this.prepare(`SELECT 1 FROM findings f JOIN assets a ON a.id = f.subject ${w.sql}`).get(...w.args) !== undefined;
  }

  /** Addresses of a scan's hosts the scope may see; null means all of them. */
  scanAddresses(scope: Scope, scanId: string): Set<string> | null {
    if (!restricted(scope)) return null;
    const w = where([{ sql: 'h.scan_id = ?', args: [scanId] }, ...scopeSql(scope)]);
    return new Set(
      this.prepare(`SELECT h.address FROM scan_hosts h JOIN assets a ON a.id = h.asset_id ${w.sql}`)
        .pluck()
        .all(...w.args) as string[],
    );
  }

  /** Ids of scans that touched at least one in-scope host; null means every scan. */
  visibleScanIds(scope: Scope): Set<string> | null {
    if (!restricted(scope)) return null;
    const w = where(scopeSql(scope));
    return new Set(
      this.prepare(`SELECT DISTINCT h.scan_id FROM scan_hosts h JOIN assets a ON a.id = h.asset_id ${w.sql}`)
        .pluck()
        .all(...w.args) as string[],
    );
  }
}
