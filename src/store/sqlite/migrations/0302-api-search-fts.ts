/**
 * Trigram full-text indexes for the API's free-text search (src/store/sqlite/api-queries.ts), so a substring
 * search over 1M finding titles or 100k asset names reads the few matching rows instead of every row. The FTS5
 * tables keep their own copy of the searched columns keyed by the source rowid, maintained by triggers; the
 * queries use them only to narrow candidates and then re-apply the original LIKE, so results stay exactly the
 * LIKE semantics (trigram case folding is a superset of LIKE's ASCII folding). A stale FTS row can only add a
 * candidate that the LIKE then drops, never hide a match.
 */
const sync = (table: string, fts: string, cols: string[]): string => `
CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN
  INSERT INTO ${fts}(rowid, ${cols.join(', ')}) VALUES (new.rowid, ${cols.map((c) => `new.${c}`).join(', ')});
END;
CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${table} BEGIN
  DELETE FROM ${fts} WHERE rowid = old.rowid;
END;
CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${cols.join(', ')} ON ${table} BEGIN
  DELETE FROM ${fts} WHERE rowid = old.rowid;
  INSERT INTO ${fts}(rowid, ${cols.join(', ')}) VALUES (new.rowid, ${cols.map((c) => `new.${c}`).join(', ')});
END;
INSERT INTO ${fts}(rowid, ${cols.join(', ')}) SELECT rowid, ${cols.join(', ')} FROM ${table};
`;

export default {
  id: '0302-api-search-fts',
  sql: `
CREATE VIRTUAL TABLE api_findings_fts USING fts5(title, rule_id, cve, tokenize = 'trigram');
CREATE VIRTUAL TABLE api_assets_fts USING fts5(name, manufacturer, model_name, tokenize = 'trigram');
CREATE VIRTUAL TABLE api_identifiers_fts USING fts5(value, tokenize = 'trigram');
${sync('findings', 'api_findings_fts', ['title', 'rule_id', 'cve'])}
${sync('assets', 'api_assets_fts', ['name', 'manufacturer', 'model_name'])}
${sync('asset_identifiers', 'api_identifiers_fts', ['value'])}
`,
};
