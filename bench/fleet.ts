/**
 * bench/fleet — the synthetic department the API and console benches measure: N imaging devices (200 models of
 * 20 vendors, four sites, every criticality and role, an address and a hostname each, one in seven with an
 * end-of-support date), a given number of findings per device in every triage state and severity (one in ten
 * naming a CVE), one finished scan, a 100-entry KEV catalog so the dashboard's KEV panel has data, and the two
 * users both benches log in as: an analyst who sees everything and a vendor-service user scoped to Vendor7.
 * Written straight into a store opened through the real migrations, in one transaction; no network.
 */
import { hashPassword } from '../src/auth/password.js';
import { ApiStore } from '../src/store/sqlite/api-store.js';
import type { SqliteScanStore } from '../src/store/sqlite/scan-store.js';

/** When everything in the fleet was seen. */
export const FLEET_AT = '2026-11-30T09:00:00.000Z';
export const BENCH_PASSWORD = 'bench horse battery staple';
/** The vendor-service user's manufacturer: one vendor in twenty. */
export const BENCH_VENDOR = 'Vendor7';

const SITES = ['north', 'south', 'east', 'west'];
const CRIT = ['low', 'medium', 'high', 'life-critical', 'unknown'];
const SEV = ['info', 'low', 'medium', 'high', 'critical'];
const ROLES = ['MG', 'CT', 'MR', 'US', 'DX', 'pacs', 'workstation', 'dicom-printer', 'ris'];
const TITLES = [
  'DICOM accepts any calling AE title',
  'Telnet service exposed',
  'TLS certificate expired',
  'SMBv1 enabled',
  'Known vulnerable software version',
  'Default SNMP community string',
  'HL7 listener without TLS',
  'Web console over plain HTTP',
  'End-of-support operating system',
  'Anonymous FTP login allowed',
];

/** The address of device number i (10.x.y.z, unique up to 16 million devices). */
export const fleetAddress = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Fills the store with `assets` devices and `findingsPerAsset` findings on each. */
export function generateFleet(store: SqliteScanStore, assets: number, findingsPerAsset: number): void {
  const db = store.db;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO scans (id, started_at, finished_at, status, source, targets, vantage, options) VALUES ('scan_bench', ?, ?, 'complete', 'scan', '[]', '{}', '{}')",
    ).run(FLEET_AT, FLEET_AT);
    const asset = db.prepare(
      "INSERT INTO assets (id, name, criticality, zone, site, created_at, role, manufacturer, model_name, origin, end_of_support) VALUES (?,?,?,'imaging',?,?,?,?,?,'import',?)",
    );
    const ident = db.prepare('INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES (?,?,?,?,?)');
    const finding = db.prepare(
      `INSERT INTO findings (key, rule_id, cve, subject, host, port, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES (?,?,?,?,?,?,?,?,'evidence','remediation',?,?,?,'scan_bench','scan_bench')`,
    );
    const kevFile = db
      .prepare(
        "INSERT INTO vuln_feed_files (feed, path, sha256, bytes, imported_at, feed_date, records, detail) VALUES ('kev', 'kev.json', 'bench', 1, ?, ?, 100, '{}')",
      )
      .run(FLEET_AT, FLEET_AT.slice(0, 10)).lastInsertRowid;
    const kev = db.prepare(
      "INSERT INTO vuln_kev (cve_id, vendor_project, product, name, date_added, ransomware, file_id) VALUES (?, 'v', 'p', 'n', '2024-01-01', 'Unknown', ?)",
    );
    for (let k = 0; k < 100; k++) kev.run(`CVE-2024-${1000 + k * 90}`, kevFile);
    for (let i = 0; i < assets; i++) {
      const id = `asset_${i}`;
      const m = i % 200;
      asset.run(
        id,
        `DEV-${i}`,
        CRIT[i % CRIT.length],
        SITES[i % SITES.length],
        FLEET_AT,
        ROLES[m % ROLES.length],
        `Vendor${m % 20}`,
        `Model${m}`,
        i % 7 === 0 ? `20${24 + (i % 8)}-06-30` : null,
      );
      ident.run(id, 'address', fleetAddress(i), FLEET_AT, FLEET_AT);
      ident.run(id, 'hostname', `dev-${i}.imaging.example`, FLEET_AT, FLEET_AT);
      for (let f = 0; f < findingsPerAsset; f++) {
        const state = f < 7 ? 'open' : f === 7 ? 'in-remediation' : f === 8 ? 'resolved' : 'risk-accepted';
        const day = String(1 + ((i + f) % 28)).padStart(2, '0');
        finding.run(
          `${i}-${f}`,
          `rule-${f % TITLES.length}`,
          f % TITLES.length === 4 ? `CVE-2024-${(i % 9000) + 1000}` : null,
          id,
          fleetAddress(i),
          1000 + f,
          SEV[(i + f) % 5],
          `${TITLES[f % TITLES.length]} (${id})`,
          state,
          `2026-09-${day}T00:00:00Z`,
          `2026-11-${day}T00:00:00Z`,
        );
      }
    }
  })();
}

/** The benches' users, both with BENCH_PASSWORD: `analyst` (security analyst, everything) and `vendor` (BENCH_VENDOR). */
export async function addBenchUsers(store: SqliteScanStore): Promise<void> {
  const api = new ApiStore(store.db);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const unscoped = { manufacturer: null, site: null };
  api.addUser(
    { username: 'analyst', passwordHash, role: 'security-analyst', scope: unscoped, expiresAt: null, totpSecret: null },
    FLEET_AT,
  );
  api.addUser(
    {
      username: 'vendor',
      passwordHash,
      role: 'vendor-service',
      scope: { manufacturer: BENCH_VENDOR, site: null },
      expiresAt: '2027-06-30T00:00:00.000Z',
      totpSecret: null,
    },
    FLEET_AT,
  );
}
