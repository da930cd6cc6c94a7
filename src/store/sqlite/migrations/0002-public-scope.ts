/** Public address blocks a site owns and may scan (its own internet-facing range): the per-site allow-list. */
export default {
  id: '0002-public-scope',
  sql: `
CREATE TABLE public_scope (
  cidr TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL
);
`,
};
