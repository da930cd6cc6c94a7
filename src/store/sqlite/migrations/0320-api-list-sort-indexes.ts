/**
 * Indexes for the API list orders that 0301 left to a sort (src/store/sqlite/api-queries.ts): a vendor-service
 * user's assets by name, and the assets list by criticality, manufacturer and creation time, so every asset
 * order can be walked in index order and stop at the page size (a keyset cursor then seeks instead of skipping).
 * Assets are the small table (100k at hospital-group scale), so these cost little on ingest. The expressions
 * repeat the queries' ORDER BY expressions exactly: SQLite uses an expression index only for an identical one.
 */
const CRITICALITY_RANK = "CASE criticality WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

export default {
  id: '0320-api-list-sort-indexes',
  sql: `
CREATE INDEX api_assets_by_manufacturer_name ON assets(manufacturer COLLATE NOCASE, coalesce(name, id), id);
CREATE INDEX api_assets_by_criticality ON assets(${CRITICALITY_RANK}, id);
CREATE INDEX api_assets_by_manufacturer_sort ON assets(coalesce(manufacturer, ''), id);
CREATE INDEX api_assets_by_created_at ON assets(created_at, id);
`,
};
