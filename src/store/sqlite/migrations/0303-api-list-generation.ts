/**
 * Support for the API's list routes at 1M findings: a generation number that every insert, update or delete of a
 * finding, asset or asset identifier moves, so the list totals cached in src/store/sqlite/api-queries.ts are
 * dropped exactly when the rows they count may have changed (and not on unrelated writes such as session or
 * token bookkeeping); and an index for the findings list's host filter, which otherwise scans every finding.
 */
const bump = (table: string): string =>
  ['INSERT', 'UPDATE', 'DELETE']
    .map(
      (op) => `CREATE TRIGGER api_list_generation_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN
  UPDATE api_list_generation SET n = n + 1 WHERE id = 1;
END;`,
    )
    .join('\n');

export default {
  id: '0303-api-list-generation',
  sql: `
CREATE TABLE api_list_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO api_list_generation (id, n) VALUES (1, 0);
${bump('findings')}
${bump('assets')}
${bump('asset_identifiers')}
CREATE INDEX api_findings_by_host ON findings(host, key);
`,
};
