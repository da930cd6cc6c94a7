/**
 * Inventory: the asset's clinical and support facts, identifiers that can end (an address handed to another
 * device keeps its history), an event log per asset, and the device-model catalog with declared ports.
 * Extends the minimal 0001 tables; nothing there is changed.
 */
export default {
  id: '0200-inventory-assets',
  sql: `
ALTER TABLE assets ADD COLUMN department TEXT;
ALTER TABLE assets ADD COLUMN location TEXT;
ALTER TABLE assets ADD COLUMN role TEXT;
ALTER TABLE assets ADD COLUMN role_source TEXT;
ALTER TABLE assets ADD COLUMN manufacturer TEXT;
ALTER TABLE assets ADD COLUMN model_name TEXT;
ALTER TABLE assets ADD COLUMN software_version TEXT;
ALTER TABLE assets ADD COLUMN os TEXT;
ALTER TABLE assets ADD COLUMN owner TEXT;
ALTER TABLE assets ADD COLUMN support_contract TEXT;
ALTER TABLE assets ADD COLUMN end_of_support TEXT;
ALTER TABLE assets ADD COLUMN end_of_life TEXT;
ALTER TABLE assets ADD COLUMN patch_channel TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE assets ADD COLUMN removable_media TEXT NOT NULL DEFAULT '[]';
ALTER TABLE assets ADD COLUMN autorun INTEGER;
ALTER TABLE assets ADD COLUMN mds2_on_file INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN notes TEXT;
ALTER TABLE assets ADD COLUMN origin TEXT NOT NULL DEFAULT 'import';
ALTER TABLE assets ADD COLUMN updated_at TEXT;
ALTER TABLE asset_identifiers ADD COLUMN ended_at TEXT;
CREATE INDEX asset_identifiers_live ON asset_identifiers(kind, value) WHERE ended_at IS NULL;
CREATE TABLE asset_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  asset_id TEXT NOT NULL,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX asset_events_by_asset ON asset_events(asset_id, seq);
ALTER TABLE device_models ADD COLUMN role TEXT;
ALTER TABLE device_models ADD COLUMN os TEXT;
ALTER TABLE device_models ADD COLUMN end_of_support TEXT;
ALTER TABLE device_models ADD COLUMN end_of_life TEXT;
ALTER TABLE device_models ADD COLUMN latest_version TEXT;
ALTER TABLE device_models ADD COLUMN sbom_url TEXT;
ALTER TABLE device_models ADD COLUMN ports_source TEXT;
ALTER TABLE device_models ADD COLUMN updated_at TEXT;
CREATE TABLE device_model_ports (
  model_id TEXT NOT NULL REFERENCES device_models(id) ON DELETE CASCADE,
  port INTEGER NOT NULL,
  protocol TEXT NOT NULL,
  service TEXT,
  purpose TEXT,
  source TEXT NOT NULL,
  PRIMARY KEY (model_id, port, protocol)
);
`,
};
