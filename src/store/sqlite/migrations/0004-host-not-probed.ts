/**
 * A scan also records a known asset the do-not-probe list held back, judged at the desk from its inventory facts
 * and SBOMs. Such a record is no evidence of what the network answered: diffs and segmentation proofs skip it.
 */
export default {
  id: '0004-host-not-probed',
  sql: `
ALTER TABLE scan_hosts ADD COLUMN probed INTEGER NOT NULL DEFAULT 1;
`,
};
