/**
 * A finding's history and occurrences by its key. The finding page (API, console, `radguard findings show`) reads
 * the history of one finding, and moving findings to an inventory subject copies and deletes occurrences by key;
 * both scanned the whole table, which holds at least a row per finding (a million at the API benchmark's size).
 */
export default {
  id: '0003-finding-key-indexes',
  sql: `
CREATE INDEX finding_history_by_key ON finding_history(finding_key);
CREATE INDEX finding_occurrences_by_key ON finding_occurrences(finding_key);
`,
};
