/**
 * SQLite storage for offline vulnerability intelligence. Rows stay here: callers get the domain objects of
 * src/vuln (CveRecord, KevEntry, CsafAdvisory …) plus provenance. Writes report whether a record is new,
 * modified or unchanged so an incremental import can say what changed.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { CveRecord } from '../../vuln/feeds/nvd.feed.js';
import type { KevEntry } from '../../vuln/feeds/kev.feed.js';
import type { EpssScore } from '../../vuln/feeds/epss.feed.js';
import type { CsafAdvisory } from '../../vuln/feeds/csaf.feed.js';
import type { OsvRecord } from '../../vuln/feeds/osv.feed.js';
import type { Configuration } from '../../vuln/match/nvd-config.js';
import { addCve, newBatch, CVE_STRIDE, IDX_STRIDE, hashOf, type CveBatch, type Cell } from './vuln-cve-rows.js';
import type { IndexEntry } from '../../vuln/match/index-entry.js';
import { compareVersions } from '../../vuln/version/compare.js';
import { jsonItems } from '../../vuln/match/json-items.js';
import { vendorKeys } from '../../vuln/match/vendor-names.js';

export type FeedName = 'nvd' | 'kev' | 'epss' | 'csaf' | 'osv';
export type Change = 'new' | 'modified' | 'unchanged';

export interface FeedFile {
  readonly feed: FeedName;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly importedAt: string;
  readonly feedDate?: string;
  readonly records: number;
  readonly detail?: Record<string, unknown>;
}

export interface FeedSummary {
  readonly feed: FeedName;
  readonly files: number;
  readonly records: number;
  readonly lastImportedAt: string;
  readonly feedDate?: string; // newest date the feed files state about themselves
}

export interface Provenance {
  readonly file: string;
  readonly sha256: string;
  readonly importedAt: string;
  readonly feedDate?: string;
}

/**
 * A CVE's configurations: the stored array, or, for one with more than four, its rows in vuln_cve_config put back
 * together (migration 0110: each configuration is stored once).
 */
const CONFIGS = `CASE WHEN c.configurations = '' THEN (SELECT json_group_array(json(x.configuration) ORDER BY x.cfg) FROM vuln_cve_config x WHERE x.cve_id = c.id) ELSE c.configurations END`;

const PUT_INDEX = 'INSERT INTO vuln_cpe_index (vendor, product, cve_id, part, version, start_incl, start_excl, end_incl, end_excl, criteria, match_id, cfg, simple) VALUES';
const ROW = '(?,?,?,?,?,?,?,?,?,?,?,?,?)';
/** Index rows per INSERT statement: one call binds many rows, saving a round trip into SQLite per row. */
const ROWS_PER_INSERT = 64;

/** A stable integer row id for a CVE id (year × 10^9 + number), so its text row can be replaced cheaply. */
const textRowid = (id: string): number => {
  const [, y, n] = /^CVE-(\d{4})-(\d+)$/.exec(id)!;
  return Number(y) * 1e9 + (Number(n) % 1e9);
};

/** One index row as the entries query reads it. */
type EntryRow = [string, string, string, string | null, string | null, string | null, string | null, string | null, string | null, number | null, number];

/** Ids per enrichment query: one JSON array bound per batch keeps the statement's working set small. */
const FACTS_BATCH = 5000;

export interface EnrichmentFacts {
  /** Absent when the store has no NVD record for the id (advisory ids, CVEs not imported). */
  readonly record?: { readonly metricsJson: string; readonly description?: string; readonly rejected: boolean }; // metrics: JSON CvssMetric[]
  readonly kev?: KevEntry;
  readonly epss?: { readonly epss: number; readonly percentile: number; readonly modelVersion?: string; readonly scoreDate?: string };
}

/** The columns of the enrichment query, in order (raw rows: a million-match run reads 200,000 of them). */
type FactsRow = [id: string, recorded: number, metrics: string | null, description: string | null, rejected: number | null,
  vendorProject: string | null, product: string | null, name: string | null, dateAdded: string | null, dueDate: string | null,
  requiredAction: string | null, ransomware: string | null, notes: string | null,
  epss: number | null, percentile: number | null, modelVersion: string | null, scoreDate: string | null];

function kevEntry(id: string, r: Record<string, string | null>): KevEntry {
  return { cve: id, vendorProject: r.vendor_project!, product: r.product!, name: r.name!, dateAdded: r.date_added!, dueDate: r.due_date ?? undefined,
    requiredAction: r.required_action ?? undefined, ransomware: r.ransomware === 'Known' ? 'Known' : 'Unknown', notes: r.notes ?? undefined };
}

export class VulnStore {
  private readonly s;
  /** During a first import: index rows go to a temporary table, indexes are built at the end. */
  private bulk?: { indexes: { name: string; sql: string }[]; one: Statement; many: Statement };
  constructor(readonly db: Db) {
    this.s = {
      addFile: db.prepare('INSERT INTO vuln_feed_files (feed, path, sha256, bytes, imported_at, feed_date, records, detail) VALUES (?,?,?,?,?,?,?,?)'),
      setRecords: db.prepare('UPDATE vuln_feed_files SET records = ?, feed_date = coalesce(?, feed_date) WHERE id = ?'),
      cveHash: db.prepare('SELECT hash FROM vuln_cves WHERE id = ?').pluck(),
      putCve: db.prepare('INSERT OR REPLACE INTO vuln_cves (id, status, published, last_modified, rejected, hash, file_id, record, configurations) VALUES (?,?,?,?,?,?,?,?,?)'),
      delIndex: db.prepare('DELETE FROM vuln_cpe_index WHERE cve_id = ?'),
      delConfigs: db.prepare('DELETE FROM vuln_cve_config WHERE cve_id = ?'),
      putConfigs: db.prepare('INSERT INTO vuln_cve_config (cve_id, cfg, configuration) SELECT ?, key, value FROM json_each(?)'),
      configsAt: db.prepare('SELECT p.value ->> 0, p.value ->> 1, x.configuration FROM json_each(?) p JOIN vuln_cve_config x ON x.cve_id = p.value ->> 0 AND x.cfg = p.value ->> 1').raw(),
      delText: db.prepare('DELETE FROM vuln_unanalysed WHERE rowid = ?'),
      putText: db.prepare('INSERT INTO vuln_unanalysed (rowid, cve_id, description) VALUES (?,?,?)'),
      findText: db.prepare('SELECT cve_id FROM vuln_unanalysed WHERE vuln_unanalysed MATCH ? LIMIT 500').pluck(),
      putIndex: db.prepare(`${PUT_INDEX} ${ROW}`),
      putIndexMany: db.prepare(`${PUT_INDEX} ${Array(ROWS_PER_INSERT).fill(ROW).join(',')}`),
      kevRow: db.prepare('SELECT date_added, due_date, ransomware, name FROM vuln_kev WHERE cve_id = ?'),
      putKev: db.prepare('INSERT OR REPLACE INTO vuln_kev (cve_id, vendor_project, product, name, date_added, due_date, required_action, ransomware, notes, file_id) VALUES (?,?,?,?,?,?,?,?,?,?)'),
      epssRow: db.prepare('SELECT epss FROM vuln_epss WHERE cve_id = ?').pluck(),
      putEpss: db.prepare('INSERT OR REPLACE INTO vuln_epss (cve_id, epss, percentile, model_version, score_date, file_id) VALUES (?,?,?,?,?,?)'),
      csafRow: db.prepare('SELECT version, hash FROM vuln_csaf WHERE doc_key = ?'),
      putCsaf: db.prepare('INSERT OR REPLACE INTO vuln_csaf (doc_key, tracking_id, version, release_date, title, hash, file_id, advisory) VALUES (?,?,?,?,?,?,?,?)'),
      delCsafVendor: db.prepare('DELETE FROM vuln_csaf_vendor WHERE doc_key = ?'),
      putCsafVendor: db.prepare('INSERT OR IGNORE INTO vuln_csaf_vendor (vendor_key, doc_key) VALUES (?,?)'),
      osvHash: db.prepare('SELECT hash FROM vuln_osv WHERE id = ?').pluck(),
      putOsv: db.prepare('INSERT OR REPLACE INTO vuln_osv (id, modified, hash, file_id, record) VALUES (?,?,?,?,?)'),
      delOsvPkg: db.prepare('DELETE FROM vuln_osv_package WHERE osv_id = ?'),
      putOsvPkg: db.prepare('INSERT OR IGNORE INTO vuln_osv_package (ecosystem, name, osv_id) VALUES (?,?,?)'),
      entries: db.prepare('SELECT cve_id, part, version, start_incl, start_excl, end_incl, end_excl, criteria, match_id, cfg, simple FROM vuln_cpe_index WHERE vendor = ? AND product = ? ORDER BY rowid').raw(),
      // Distinct values by one index seek each (a skip scan): the index has millions of rows, NVD ~30,000 vendors.
      vendors: db.prepare(
        "WITH RECURSIVE v(x) AS (SELECT min(vendor) FROM vuln_cpe_index UNION ALL SELECT (SELECT min(vendor) FROM vuln_cpe_index WHERE vendor > x) FROM v WHERE x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL AND x != '*'",
      ).pluck(),
      products: db.prepare(
        "WITH RECURSIVE p(x) AS (SELECT min(product) FROM vuln_cpe_index WHERE vendor = @v UNION ALL SELECT (SELECT min(product) FROM vuln_cpe_index WHERE vendor = @v AND product > x) FROM p WHERE x IS NOT NULL) SELECT x FROM p WHERE x IS NOT NULL AND x != '*'",
      ).pluck(),
      parts: db.prepare('SELECT DISTINCT part FROM vuln_cpe_index WHERE vendor = ? AND product = ?').pluck(),
      wildcards: db.prepare("SELECT cve_id FROM vuln_cpe_index WHERE vendor = '*' UNION SELECT cve_id FROM vuln_cpe_index WHERE product = '*'").pluck(),
      configs: db.prepare(`SELECT ${CONFIGS} FROM vuln_cves c WHERE c.id = ? AND c.rejected = 0`).pluck(),
      configsOf: db.prepare(`SELECT c.id, ${CONFIGS} FROM vuln_cves c WHERE c.rejected = 0 AND c.id IN (SELECT value FROM json_each(?))`).raw(),
      cve: db.prepare('SELECT c.record, f.path, f.sha256, f.imported_at, f.feed_date FROM vuln_cves c JOIN vuln_feed_files f ON f.id = c.file_id WHERE c.id = ?'),
      kev: db.prepare('SELECT k.*, f.path, f.sha256, f.imported_at, f.feed_date FROM vuln_kev k JOIN vuln_feed_files f ON f.id = k.file_id WHERE k.cve_id = ?'),
      epss: db.prepare('SELECT e.*, f.path, f.sha256, f.imported_at, f.feed_date AS fdate FROM vuln_epss e JOIN vuln_feed_files f ON f.id = e.file_id WHERE e.cve_id = ?'),
      csafVendorKeys: db.prepare('SELECT DISTINCT vendor_key FROM vuln_csaf_vendor').pluck(),
      csafByVendor: db.prepare('SELECT c.advisory FROM vuln_csaf_vendor v JOIN vuln_csaf c ON c.doc_key = v.doc_key WHERE v.vendor_key = ?').pluck(),
      osvByPkg: db.prepare('SELECT o.record FROM vuln_osv_package p JOIN vuln_osv o ON o.id = p.osv_id WHERE p.ecosystem = ? AND p.name = ?').pluck(),
      summary: db.prepare(`SELECT feed, count(*) AS files, max(imported_at) AS last, max(feed_date) AS fdate FROM vuln_feed_files GROUP BY feed`),
      allConfigs: db.prepare(`SELECT c.id, ${CONFIGS} AS configurations FROM vuln_cves c WHERE c.rejected = 0`),
      // Only what scoring reads: the record's metrics and description are extracted by SQLite, not parsed in JS.
      facts: db.prepare(`SELECT j.value AS id, c.id IS NOT NULL AS recorded, json_extract(c.record, '$.metrics') AS metrics,
          json_extract(c.record, '$.description') AS description, c.rejected,
          k.vendor_project, k.product, k.name, k.date_added, k.due_date, k.required_action, k.ransomware, k.notes,
          e.epss, e.percentile, e.model_version, e.score_date
        FROM json_each(?) j
        LEFT JOIN vuln_cves c ON c.id = j.value AND substr(j.value, 1, 4) = 'CVE-'
        LEFT JOIN vuln_kev k ON k.cve_id = j.value
        LEFT JOIN vuln_epss e ON e.cve_id = j.value`).raw(),
    };
  }

  /** Import runs across awaits (streamed files), so it cannot use better-sqlite3's synchronous transaction(). */
  async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    // The first import into a new store writes it whole (~1.8 GB for a full NVD): in WAL mode every page goes into
    // the log and again into the file at the checkpoint. A rollback journal writes a new page once (nothing to save
    // for it): 42–48 s against 52–56 s on the 300k-CVE corpus, run alternately. But once its cache spills, readers
    // wait for the commit, so only a store nobody uses yet (no scan, asset or account) is written this way, and only
    // when no other connection has it open (leaving WAL needs the only one: a served store stays in WAL). Synchronous
    // FULL keeps the commit durable.
    const direct = !this.db.memory && this.brandNew() && this.rollbackJournal();
    if (direct) this.db.pragma('synchronous = FULL');
    // A full NVD import writes ~2 GB. A 64 MB page cache holds the B-trees' upper levels; a bigger one was slower:
    // with 512 MB the 300k-CVE import took 58.0–63.8 s against 51.1–57.4 s, run alternately (CPU 86–96 vs 77–88 s),
    // its fresh memory costly on this VM and spilled to the WAL all the same.
    const cache = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma('cache_size = -65536');
    try {
      return await this.inTx(fn);
    } finally {
      this.db.pragma(`cache_size = ${cache}`);
      if (direct) {
        this.db.pragma('synchronous = NORMAL');
        try {
          this.db.pragma('journal_mode = WAL');
        } catch {
          // a reader holds the file at this moment: the store stays in rollback mode until openDb sets WAL again
        }
      }
    }
  }
  /** Switches to a rollback journal; false (still WAL) when another connection has the file open (SQLITE_BUSY). */
  private rollbackJournal(): boolean {
    try {
      return this.db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
    } catch {
      return false;
    }
  }
  /** Nothing in the store yet: no feed record, scan, asset or account (a first set-up). */
  private brandNew(): boolean {
    const tables = new Set(this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    return ['vuln_cves', 'scans', 'assets', 'api_users'].every((t) => !tables.has(t) || !this.db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get());
  }
  private async inTx<T>(fn: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const r = await fn();
      this.db.exec('COMMIT');
      return r;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }
  setFileHash(id: number, sha256: string): void {
    this.db.prepare('UPDATE vuln_feed_files SET sha256 = ? WHERE id = ?').run(sha256, id);
  }

  addFile(f: FeedFile): number {
    return Number(this.s.addFile.run(f.feed, f.path, f.sha256, f.bytes, f.importedAt, f.feedDate ?? null, f.records, JSON.stringify(f.detail ?? {})).lastInsertRowid);
  }
  finishFile(id: number, records: number, feedDate?: string): void {
    this.s.setRecords.run(records, feedDate ?? null, id);
  }

  upsertCve(r: CveRecord, fileId: number): Change {
    const b = newBatch();
    addCve(b, r);
    let change: Change = 'unchanged';
    this.writeCves(b, fileId, (_, c) => (change = c));
    return change;
  }

  /**
   * Writes a batch prepared by vuln-cve-rows.ts; `changed` hears whether each CVE was new, modified or unchanged
   * (same content hash: nothing is written). Index rows are inserted many per statement.
   */
  writeCves(b: CveBatch, fileId: number, changed: (id: string, c: Change) => void): void {
    const { cves, idx } = b;
    const rows: Cell[] = [];
    const pendingIds = new Set<string>();
    const flush = () => {
      const full = rows.length - (rows.length % (ROWS_PER_INSERT * 13));
      const { one, many } = this.bulk ?? { one: this.s.putIndex, many: this.s.putIndexMany };
      for (let i = 0; i < full; i += ROWS_PER_INSERT * 13) many.run(rows.slice(i, i + ROWS_PER_INSERT * 13));
      for (let i = full; i < rows.length; i += 13) one.run(rows.slice(i, i + 13));
      rows.length = 0;
      pendingIds.clear();
    };
    let ip = 0;
    for (let c = 0; c < cves.length; c += CVE_STRIDE) {
      const id = cves[c] as string;
      const hash = cves[c + 5] as string;
      const nIdx = cves[c + 9] as number;
      const from = ip;
      ip += nIdx * IDX_STRIDE;
      const old = this.s.cveHash.get(id) as string | undefined;
      if (old === hash) {
        changed(id, 'unchanged');
        continue;
      }
      if (old !== undefined) {
        if (pendingIds.has(id)) flush();
        this.restoreIndexes();
      }
      // More than four configurations: stored once, a row each (the matcher reads single ones), not also as the array.
      const asRows = cves[c + 4] === 0 && (cves[c + 10] as number) > 4;
      this.s.putCve.run(id, cves[c + 1], cves[c + 2], cves[c + 3], cves[c + 4], hash, fileId, cves[c + 6], asRows ? '' : cves[c + 7]);
      const textId = textRowid(id);
      if (old !== undefined) {
        this.s.delIndex.run(id);
        this.s.delText.run(textId);
        this.s.delConfigs.run(id);
      }
      // the count comes with the batch: asking SQLite (json_array_length) parsed every CVE's configurations again
      if (asRows) this.s.putConfigs.run(id, cves[c + 7]);
      if (cves[c + 8] !== null) this.s.putText.run(textId, id, cves[c + 8]);
      for (let i = from; i < ip; i += IDX_STRIDE) rows.push(idx[i]!, idx[i + 1]!, id, idx[i + 2]!, idx[i + 3]!, idx[i + 4]!, idx[i + 5]!, idx[i + 6]!, idx[i + 7]!, idx[i + 8]!, idx[i + 9]!, idx[i + 10]!, idx[i + 11]!);
      if (nIdx) pendingIds.add(id);
      changed(id, old === undefined ? 'new' : 'modified');
    }
    flush();
  }

  /**
   * A first import into an empty index writes millions of index rows. They are collected in a temporary table
   * (outside the database file and its WAL) and copied once, sorted by (vendor, product), when the import ends:
   * the rows of one product then sit together on disk, so matching reads them in one sweep, and the B-tree
   * indexes are built from sorted input instead of being updated row by row. All of it happens inside the
   * import transaction, so a failed import rolls it back too. A CVE seen twice ends this mode first.
   */
  deferIndexes(): void {
    if (this.bulk || this.db.prepare('SELECT 1 FROM vuln_cves LIMIT 1').get()) return;
    const indexes = this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vuln_cpe_index' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
    for (const i of indexes) this.db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
    this.db.exec('CREATE TEMP TABLE vuln_cpe_index_staging AS SELECT * FROM main.vuln_cpe_index WHERE 0');
    const put = PUT_INDEX.replace('INTO vuln_cpe_index', 'INTO temp.vuln_cpe_index_staging');
    this.bulk = { indexes, one: this.db.prepare(`${put} ${ROW}`), many: this.db.prepare(`${put} ${Array(ROWS_PER_INSERT).fill(ROW).join(',')}`) };
  }
  restoreIndexes(): void {
    if (!this.bulk) return;
    const cols = 'vendor, product, cve_id, part, version, start_incl, start_excl, end_incl, end_excl, criteria, match_id, cfg, simple';
    this.db.exec(`INSERT INTO main.vuln_cpe_index (${cols}) SELECT ${cols} FROM temp.vuln_cpe_index_staging ORDER BY vendor, product, cve_id`);
    this.db.exec('DROP TABLE temp.vuln_cpe_index_staging');
    for (const i of this.bulk.indexes) this.db.exec(i.sql);
    this.bulk = undefined;
  }

  upsertKev(e: KevEntry, fileId: number): Change {
    const old = this.s.kevRow.get(e.cve) as { date_added: string; due_date: string | null; ransomware: string; name: string } | undefined;
    this.s.putKev.run(e.cve, e.vendorProject, e.product, e.name, e.dateAdded, e.dueDate ?? null, e.requiredAction ?? null, e.ransomware, e.notes ?? null, fileId);
    if (!old) return 'new';
    return old.date_added === e.dateAdded && old.due_date === (e.dueDate ?? null) && old.ransomware === e.ransomware && old.name === e.name ? 'unchanged' : 'modified';
  }

  upsertEpss(s: EpssScore, meta: { modelVersion?: string; scoreDate?: string }, fileId: number): Change {
    const old = this.s.epssRow.get(s.cve) as number | undefined;
    this.s.putEpss.run(s.cve, s.epss, s.percentile, meta.modelVersion ?? null, meta.scoreDate ?? null, fileId);
    return old === undefined ? 'new' : old === s.epss ? 'unchanged' : 'modified';
  }

  /** Newest `tracking.version` wins; an older version of a known advisory is ignored ('older'). */
  upsertCsaf(a: CsafAdvisory, fileId: number): Change | 'older' {
    const json = JSON.stringify(a);
    const hash = hashOf(json);
    const old = this.s.csafRow.get(a.key) as { version: string; hash: string } | undefined;
    if (old) {
      if (old.hash === hash) return 'unchanged';
      const o = compareVersions(a.version, old.version);
      if (o !== undefined && o < 0) return 'older';
    }
    this.s.putCsaf.run(a.key, a.trackingId, a.version, a.currentReleaseDate, a.title, hash, fileId, json);
    this.s.delCsafVendor.run(a.key);
    for (const p of a.products) if (p.vendor) for (const k of vendorKeys(p.vendor)) this.s.putCsafVendor.run(k, a.key);
    return old ? 'modified' : 'new';
  }

  upsertOsv(r: OsvRecord, fileId: number): Change {
    const json = JSON.stringify(r);
    const hash = hashOf(json);
    const old = this.s.osvHash.get(r.id) as string | undefined;
    if (old === hash) return 'unchanged';
    this.s.putOsv.run(r.id, r.modified, hash, fileId, json);
    this.s.delOsvPkg.run(r.id);
    for (const a of r.affected) this.s.putOsvPkg.run(a.ecosystem.split(':')[0]!, a.name, r.id);
    return old === undefined ? 'new' : 'modified';
  }

  feedSummaries(): FeedSummary[] {
    const counts: Record<FeedName, string> = {
      nvd: 'SELECT count(*) FROM vuln_cves', kev: 'SELECT count(*) FROM vuln_kev', epss: 'SELECT count(*) FROM vuln_epss',
      csaf: 'SELECT count(*) FROM vuln_csaf', osv: 'SELECT count(*) FROM vuln_osv',
    };
    return (this.s.summary.all() as { feed: FeedName; files: number; last: string; fdate: string | null }[]).map((r) => ({
      feed: r.feed,
      files: r.files,
      records: this.db.prepare(counts[r.feed]).pluck().get() as number,
      lastImportedAt: r.last,
      feedDate: r.fdate ?? undefined,
    }));
  }

  /** The index entries of every vulnerable criterion naming this vendor and product, in row order. */
  entries(vendor: string, product: string): IndexEntry[] {
    // A product's rows repeat the same few criteria, bounds and match ids thousands of times; SQLite hands each
    // row its own copies. One copy each keeps a popular product's entries a fraction of the size, which the
    // garbage collector, walking everything a fleet's matching keeps, pays for again and again.
    const seen = new Map<string, string>();
    const one = (s: string | null): string | undefined => {
      if (s === null) return undefined;
      const had = seen.get(s);
      if (had !== undefined) return had;
      seen.set(s, s);
      return s;
    };
    return (this.s.entries.all(vendor, product) as EntryRow[]).map(([cve, part, version, si, se, ei, ee, criteria, matchId, cfg, simple]) => ({
      cve: one(cve)!, part: one(part)!, version: one(version)!, startIncl: one(si), startExcl: one(se), endIncl: one(ei), endExcl: one(ee),
      criteria: one(criteria), matchId: one(matchId), cfg: cfg ?? undefined, simple: simple === 1,
    }));
  }
  candidates(vendor: string, product: string): string[] {
    return [...new Set(this.entries(vendor, product).map((e) => e.cve))];
  }
  /** The vendor names NVD's criteria use (wildcards aside). */
  nvdVendors(): string[] {
    return this.s.vendors.all() as string[];
  }
  /** The product names NVD's criteria use under one vendor (wildcards aside). */
  nvdProducts(vendor: string): string[] {
    return this.s.products.all({ v: vendor }) as string[];
  }
  /** The CPE parts (a, o, h, * for ANY) NVD's criteria give one product. */
  nvdParts(vendor: string, product: string): string[] {
    return this.s.parts.all(vendor, product) as string[];
  }
  wildcardCandidates(): string[] {
    return this.s.wildcards.all() as string[];
  }
  configurations(cveId: string): Configuration[] | undefined {
    const j = this.s.configs.get(cveId) as string | undefined;
    return j === undefined ? undefined : (JSON.parse(j) as Configuration[]);
  }
  /** Configurations of many CVEs in one query (rejected and unknown ids are absent from the result). */
  configurationsOf(ids: readonly string[]): Map<string, Configuration[]> {
    const out = new Map<string, Configuration[]>();
    for (const r of this.s.configsOf.iterate(JSON.stringify(ids)) as IterableIterator<[string, string]>) out.set(r[0], JSON.parse(r[1]) as Configuration[]);
    return out;
  }
  /**
   * Single configurations by position, for [CVE id, index] pairs: key `id index` (rejected and unknown CVEs and
   * positions past the end are absent).
   */
  someConfigurations(wanted: readonly (readonly [string, number])[]): Map<string, Configuration> {
    const out = new Map<string, Configuration>();
    // CVEs with more than four configurations have one row each (migration 0106). In key order, lookups walk the
    // B-tree forwards instead of jumping about (half the time).
    const sorted = [...wanted].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    for (const [id, i, json] of this.s.configsAt.iterate(JSON.stringify(sorted)) as IterableIterator<[string, number, string]>)
      out.set(`${id} ${i}`, JSON.parse(json) as Configuration);
    const at = new Map<string, Set<number>>();
    for (const [id, i] of wanted) {
      if (out.has(`${id} ${i}`)) continue;
      const s = at.get(id);
      if (s) s.add(i);
      else at.set(id, new Set([i]));
    }
    // The others (up to four configurations, or a position past the end) from the stored array, parsing only the
    // items wanted.
    if (at.size)
      for (const [id, json] of this.s.configsOf.iterate(JSON.stringify([...at.keys()])) as IterableIterator<[string, string]>)
        for (const [i, item] of jsonItems(json, at.get(id)!)) out.set(`${id} ${i}`, JSON.parse(item) as Configuration);
    return out;
  }
  *allConfigurations(): IterableIterator<{ id: string; configurations: Configuration[] }> {
    for (const r of this.s.allConfigs.iterate() as IterableIterator<{ id: string; configurations: string }>)
      yield { id: r.id, configurations: JSON.parse(r.configurations) as Configuration[] };
  }

  cve(id: string): { record: Omit<CveRecord, 'configurations'>; provenance: Provenance } | undefined {
    const r = this.s.cve.get(id) as { record: string; path: string; sha256: string; imported_at: string; feed_date: string | null } | undefined;
    return r && { record: JSON.parse(r.record), provenance: { file: r.path, sha256: r.sha256, importedAt: r.imported_at, feedDate: r.feed_date ?? undefined } };
  }
  kev(id: string): { entry: KevEntry; provenance: Provenance } | undefined {
    const r = this.s.kev.get(id) as Record<string, string | null> | undefined;
    if (!r) return undefined;
    return { entry: kevEntry(id, r), provenance: { file: r.path!, sha256: r.sha256!, importedAt: r.imported_at!, feedDate: r.feed_date ?? undefined } };
  }
  /**
   * What enrichment needs about many CVEs (or advisory ids) in one query per batch: the NVD record's CVSS metrics,
   * description and rejection, the KEV entry and the EPSS score. Every requested id is in the result.
   */
  enrichmentFacts(ids: readonly string[]): Map<string, EnrichmentFacts> {
    const out = new Map<string, EnrichmentFacts>();
    const sorted = [...ids].sort(); // in key order: B-tree lookups walk forwards
    for (let i = 0; i < sorted.length; i += FACTS_BATCH)
      for (const r of this.s.facts.iterate(JSON.stringify(sorted.slice(i, i + FACTS_BATCH))) as IterableIterator<FactsRow>) {
        const [id, recorded, metrics, description, rejected, vendorProject, product, name, dateAdded, dueDate, requiredAction, ransomware, notes, epss, percentile, modelVersion, scoreDate] = r;
        out.set(id, {
          record: recorded ? { metricsJson: metrics ?? '[]', description: description ?? undefined, rejected: rejected === 1 } : undefined,
          kev: dateAdded === null ? undefined : kevEntry(id, { vendor_project: vendorProject, product, name, date_added: dateAdded, due_date: dueDate, required_action: requiredAction, ransomware, notes }),
          epss: epss === null ? undefined : { epss, percentile: percentile!, modelVersion: modelVersion ?? undefined, scoreDate: scoreDate ?? undefined },
        });
      }
    return out;
  }
  epss(id: string): { score: EpssScore; modelVersion?: string; scoreDate?: string; provenance: Provenance } | undefined {
    const r = this.s.epss.get(id) as { epss: number; percentile: number; model_version: string | null; score_date: string | null; path: string; sha256: string; imported_at: string; fdate: string | null } | undefined;
    return r && { score: { cve: id, epss: r.epss, percentile: r.percentile }, modelVersion: r.model_version ?? undefined, scoreDate: r.score_date ?? undefined,
      provenance: { file: r.path, sha256: r.sha256, importedAt: r.imported_at, feedDate: r.fdate ?? undefined } };
  }
  /** CVEs without NVD configurations whose description contains the phrase (FTS5 phrase query). */
  unanalysedMentioning(phrase: string): string[] {
    return this.s.findText.all(`"${phrase.replace(/"/g, '""')}"`) as string[];
  }
  /** Every vendor key some advisory is filed under (a few hundred for all of CISA's medical advisories). */
  csafVendorKeys(): Set<string> {
    return new Set(this.s.csafVendorKeys.all() as string[]);
  }
  csafByVendor(vendorKey: string): CsafAdvisory[] {
    return (this.s.csafByVendor.all(vendorKey) as string[]).map((j) => JSON.parse(j) as CsafAdvisory);
  }
  osvByPackage(ecosystem: string, name: string): OsvRecord[] {
    return (this.s.osvByPkg.all(ecosystem, name) as string[]).map((j) => JSON.parse(j) as OsvRecord);
  }
}
