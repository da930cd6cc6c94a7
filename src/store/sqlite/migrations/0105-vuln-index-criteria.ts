/**
 * The index rows also carry the criterion itself, its configuration and whether the CVE is "simple" (every
 * configuration one OR node of vulnerable entries): such CVEs are evaluated from the index rows alone, without
 * parsing their configurations. Rows imported before this migration have NULL criteria and are evaluated in
 * full. A partial index finds the criteria with a wildcard product quickly.
 */
export default {
  id: '0105-vuln-index-criteria',
  sql: `
ALTER TABLE vuln_cpe_index ADD COLUMN criteria TEXT;
ALTER TABLE vuln_cpe_index ADD COLUMN match_id TEXT;
ALTER TABLE vuln_cpe_index ADD COLUMN cfg INTEGER;
ALTER TABLE vuln_cpe_index ADD COLUMN simple INTEGER NOT NULL DEFAULT 0;
CREATE INDEX vuln_cpe_index_any_product ON vuln_cpe_index(product) WHERE product = '*';
`,
};
