/**
 * SBOM ids are never reused: findings and `sbom list` name an SBOM by id, and SQLite hands a deleted highest id
 * (`radguard sbom remove`) to the next import unless the key is AUTOINCREMENT.
 */
export default {
  id: '0109-vuln-sbom-ids',
  sql: `
CREATE TABLE vuln_sboms_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO vuln_sboms_new SELECT id, model, asset_id, path, sha256, format, spec_version, imported_at, components FROM vuln_sboms;
DROP TABLE vuln_sboms;
ALTER TABLE vuln_sboms_new RENAME TO vuln_sboms;
CREATE INDEX vuln_sboms_model ON vuln_sboms(model);
CREATE INDEX vuln_sboms_asset ON vuln_sboms(asset_id);
`,
};
