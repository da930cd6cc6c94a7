/**
 * Bulk finding ingest without per-row index work. Migrations 0302/0303 made every inserted finding also insert
 * its title's trigrams into the search index and bump the list generation, which made a 1M-finding import about
 * ten times slower. Now:
 * - the findings search index is filled in batches (src/store/sqlite/search-indexer.ts) up to a watermark,
 *   `api_search_progress.indexed_to`: every finding with a rowid at or below it is in the index with its current
 *   text, every finding above it is not, and searches read the rows above it with LIKE alone, so a finding is
 *   found the moment it is committed, indexed or not. A delete keeps the watermark at or below the largest rowid,
 *   so a rowid reused after deleting the last finding lands above it; an update of an indexed finding's text
 *   re-indexes that one row, and only when the text really changed (a rescan rewrites titles unchanged).
 * - no trigger per inserted row moves the list generation any more either (it doubled an insert's cost). The
 *   counter of 0303 becomes api_list_writes, still moved by every update and delete, and api_list_generation is
 *   now a view whose `n` adds the three tables' largest rowids (which every insert raises) to the counter times
 *   2^32 (which every update or delete raises by more than a delete can lower the rowids, below 2^32 rows): `n`
 *   still grows on every write to findings, assets or identifiers, so readers of it (list totals, dashboard)
 *   are unchanged.
 */
const WATERMARK = "(SELECT indexed_to FROM api_search_progress WHERE tbl = 'findings')";
const MAX_ROWID = '(SELECT coalesce(max(rowid), 0) FROM findings)';

export default {
  id: '0321-api-search-batches',
  sql: `
DROP TRIGGER api_findings_fts_ai;
DROP TRIGGER api_findings_fts_ad;
DROP TRIGGER api_findings_fts_au;
DROP TRIGGER api_list_generation_findings_insert;
DROP TRIGGER api_list_generation_assets_insert;
DROP TRIGGER api_list_generation_asset_identifiers_insert;
ALTER TABLE api_list_generation RENAME TO api_list_writes;
CREATE VIEW api_list_generation AS SELECT 1 AS id,
  (SELECT n FROM api_list_writes WHERE id = 1) * 4294967296 + (SELECT coalesce(max(rowid), 0) FROM findings)
    + (SELECT coalesce(max(rowid), 0) FROM assets) + (SELECT coalesce(max(rowid), 0) FROM asset_identifiers) AS n;
CREATE TABLE api_search_progress (tbl TEXT PRIMARY KEY, indexed_to INTEGER NOT NULL);
INSERT INTO api_search_progress (tbl, indexed_to) VALUES ('findings', ${MAX_ROWID});
CREATE TRIGGER api_findings_fts_ad AFTER DELETE ON findings BEGIN
  DELETE FROM api_findings_fts WHERE rowid = old.rowid AND old.rowid <= ${WATERMARK};
  UPDATE api_search_progress SET indexed_to = ${MAX_ROWID} WHERE tbl = 'findings' AND indexed_to > ${MAX_ROWID};
END;
CREATE TRIGGER api_findings_fts_au AFTER UPDATE OF title, rule_id, cve ON findings
  WHEN old.rowid <= ${WATERMARK} AND (old.title IS NOT new.title OR old.rule_id IS NOT new.rule_id OR old.cve IS NOT new.cve)
BEGIN
  DELETE FROM api_findings_fts WHERE rowid = old.rowid;
  INSERT INTO api_findings_fts(rowid, title, rule_id, cve) VALUES (new.rowid, new.title, new.rule_id, new.cve);
END;
`,
};
