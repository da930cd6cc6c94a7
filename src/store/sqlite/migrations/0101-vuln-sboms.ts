/**
 * SBOMs imported for a device model or one asset. An SBOM on a model applies to every asset of that model; the
 * components are stored as read (JSON Component[]), with the file's hash for provenance.
 */
export default {
  id: '0101-vuln-sboms',
  sql: `
CREATE TABLE vuln_sboms (
  id INTEGER PRIMARY KEY,
  model TEXT,                                  -- 'Vendor Model' the SBOM describes, or NULL
  asset_id TEXT,                               -- one asset, or NULL
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  components TEXT NOT NULL,                    -- JSON Component[]
  CHECK ((model IS NULL) <> (asset_id IS NULL))
);
CREATE INDEX vuln_sboms_model ON vuln_sboms(model);
CREATE INDEX vuln_sboms_asset ON vuln_sboms(asset_id);
`,
};
