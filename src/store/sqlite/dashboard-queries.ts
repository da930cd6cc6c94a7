/**
 * The dashboard's reads that the executive report does not already make: known-exploited (KEV) devices, the
 * per-scan severity counts behind the posture trend, and a cheap fingerprint of everything the dashboard depends
 * on, so its answer can be kept until a finding, asset, scan, feed or zone check changes. Every read takes the
 * caller's scope (manufacturer and/or site of the devices).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { AssetScope } from './inventory-store.js';

function scopeAnd(scope: AssetScope): { sql: string; args: string[] } {
  const parts: string[] = [];
  const args: string[] = [];
  if (scope.manufacturer !== null) {
    parts.push('a.manufacturer = ? COLLATE NOCASE');
    args.push(scope.manufacturer);
  }
  if (scope.site !== null) {
    parts.push('a.site = ?');
    args.push(scope.site);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), args };
}

export interface KevDevice {
  readonly assetId: string | null;
  readonly name: string;
  readonly cves: readonly string[];
}

export interface ScanSeverities {
  readonly scanId: string;
  readonly at: string;
  readonly devices: number;
  readonly bySeverity: Readonly<Record<string, number>>;
}

export class DashboardQueries {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  /** The fingerprint runs on every dashboard request: compile each statement once. */
  private prepare(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /**
   * Devices with an open or in-remediation finding whose CVE is in the KEV catalog, most CVEs first. CROSS JOIN
   * keeps SQLite walking the small catalog and looking each CVE up (index of migration 0304), never the reverse.
   */
  kevDevices(scope: AssetScope, limit: number): { total: number; items: KevDevice[] } {
    const sc = scopeAnd(scope);
    const join = sc.sql ? 'JOIN assets a ON a.id = f.subject' : 'LEFT JOIN assets a ON a.id = f.subject';
    const rows = this.prepare(
        `SELECT f.subject, a.id AS asset_id, coalesce(a.name, min(f.host)) AS name, group_concat(DISTINCT f.cve) AS cves
           FROM vuln_kev k CROSS JOIN findings f ON f.cve = k.cve_id ${join}
          WHERE f.state IN ('open','in-remediation')${sc.sql}
          GROUP BY f.subject`,
      )
      .all(...sc.args) as Array<{ subject: string; asset_id: string | null; name: string; cves: string }>;
    const items = rows
      .map((r) => ({ assetId: r.asset_id, name: r.name, cves: r.cves.split(',').sort() }))
      .sort((x, y) => y.cves.length - x.cves.length || x.name.localeCompare(y.name));
    return { total: items.length, items: items.slice(0, limit) };
  }

  /**
   * For each of the newest completed network scans (a desk assessment answered nothing) that saw a device in scope: how many devices in scope answered and
   * what it found on them by severity (false positives left out: they were never weaknesses). A scan's
   * occurrences are counted from an index alone (migration 0305) and the few false positives among them are
   * taken away, instead of looking up each of a million occurrences' findings for its triage state. One scan at
   * a time, oldest first, so a caller can let other requests run between scans.
   */
  *scanSeverities(scope: AssetScope, scans: number): Generator<ScanSeverities> {
    const sc = scopeAnd(scope);
    const hostJoin = sc.sql ? 'JOIN assets a ON a.id = h.asset_id' : '';
    const ids = this.prepare(
        sc.sql
          ? `SELECT s.id, coalesce(s.finished_at, s.started_at) AS at FROM scans s WHERE s.status = 'complete' AND s.source <> 'desk'
               AND EXISTS (SELECT 1 FROM scan_hosts h ${hostJoin} WHERE h.scan_id = s.id${sc.sql}) ORDER BY s.started_at DESC LIMIT ?`
          : `SELECT s.id, coalesce(s.finished_at, s.started_at) AS at FROM scans s WHERE s.status = 'complete' AND s.source <> 'desk' ORDER BY s.started_at DESC LIMIT ?`,
      )
      .all(...sc.args, scans) as Array<{ id: string; at: string }>;
    const devices = this.prepare(
        sc.sql
          ? `SELECT count(*) FROM assets a CROSS JOIN scan_hosts h ON h.asset_id = a.id WHERE h.scan_id = ? AND h.alive = 1${sc.sql}`
          : 'SELECT count(*) FROM scan_hosts h WHERE h.scan_id = ? AND h.alive = 1',
      )
      .pluck();
    const inScope = sc.sql ? 'JOIN scan_hosts h ON h.scan_id = o.scan_id AND h.address = o.address JOIN assets a ON a.id = h.asset_id' : '';
    // a scoped reader's counts walk from its devices to their hosts in the scan (index of migration 0305)
    const occurrences = this.prepare(
      sc.sql
        ? `SELECT o.severity, count(*) AS n FROM assets a CROSS JOIN scan_hosts h ON h.asset_id = a.id
             CROSS JOIN finding_occurrences o ON o.scan_id = h.scan_id AND o.address = h.address WHERE h.scan_id = ?${sc.sql} GROUP BY o.severity`
        : 'SELECT o.severity, count(*) AS n FROM finding_occurrences o WHERE o.scan_id = ? GROUP BY o.severity',
    );
    const falsePositives = this.prepare(
      `SELECT o.severity, count(*) AS n FROM findings f CROSS JOIN finding_occurrences o ON o.scan_id = ? AND o.finding_key = f.key ${inScope}
        WHERE f.state = 'false-positive'${sc.sql} GROUP BY o.severity`,
    );
    for (const { id, at } of ids.reverse()) {
      const bySeverity: Record<string, number> = {};
      for (const r of occurrences.all(id, ...sc.args) as Array<{ severity: string; n: number }>) bySeverity[r.severity] = r.n;
      for (const r of falsePositives.all(id, ...sc.args) as Array<{ severity: string; n: number }>)
        if ((bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) - r.n) === 0) delete bySeverity[r.severity];
      yield { scanId: id, at, devices: devices.get(id, ...sc.args) as number, bySeverity };
    }
  }

  /**
   * Changes whenever anything the dashboard shows may have changed: a finding, asset or identifier write (the
   * list generation of migration 0303), a scan starting or ending, a feed import, a zone check.
   */
  fingerprint(): string {
    const generation = this.prepare('SELECT n FROM api_list_generation WHERE id = 1').pluck().get();
    const scans = this.prepare("SELECT count(*) || '/' || coalesce(max(finished_at), '') || '/' || sum(status = 'running') FROM scans")
      .pluck()
      .get();
    const feeds = this.prepare('SELECT coalesce(max(id), 0) FROM vuln_feed_files').pluck().get();
    const zones = this.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'segmentation_checks'").get()
      ? this.prepare('SELECT count(*) FROM segmentation_checks').pluck().get()
      : 0;
    // practice 1: accounts added, changed or disabled (triage moves the generation; exports show by the next day)
    const users = this.prepare("SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM api_users").pluck().get();
    return `${generation}|${scans}|${feeds}|${zones}|${users}`;
  }
}
