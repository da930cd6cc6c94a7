/**
 * Segmentation data in SQLite: reads the scans' vantages and open ports (read-only, from the core tables) and keeps
 * segmentation checks and their findings in their own tables, with the product's one finding state machine: a
 * violation not seen again by a check that looked at the same zone pair resolves; a resolved one seen again reopens.
 */
import { applyScanEvent, applyTriage, findingKey, triageNote, type FindingState, type TriageAction } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { AppError, UsageError } from '../../core/errors.js';
import { openDb, storeError, type Db } from './db.js';

type Row = Record<string, unknown>;

export interface StoredVantageScan {
  readonly scanId: string;
  readonly zoneLabel: string;
  readonly sourceAddress: string | null;
  readonly startedAt: string;
  readonly hosts: string[];
}

export interface StoredOpenPort {
  readonly scanId: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly alive: boolean;
}

/** The parts of a violation the store keeps (structurally the segmentation module's Violation). */
export interface ViolationRecord {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly remediation: string;
  readonly fromZone: string;
  readonly toZone: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: string;
  readonly evidence: string;
  /** What the finding is about when it is not "from zone > host" (a duplicated AE title on one host). */
  readonly subject?: string;
}

export interface SegmentationFinding extends ViolationRecord {
  readonly key: string;
  readonly source: 'scan' | 'traffic';
  readonly state: FindingState;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly acceptedReason: string | null;
  readonly acceptedBy: string | null;
  readonly acceptedUntil: string | null;
  readonly justification: string | null;
}

export interface SegmentationHistoryEntry {
  readonly at: string;
  readonly from: FindingState | null;
  readonly to: FindingState;
  readonly actor: string;
  readonly note: string | null;
}

const CHECK_ACTOR = 'radguard segmentation check';

export interface SegmentationChange {
  readonly key: string;
  readonly ruleId: string;
  readonly from: FindingState | null;
  readonly to: FindingState;
}

export class SqliteSegmentationStore {
  private constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {}

  static open(path: string, opts: { readonly?: boolean } = {}): SqliteSegmentationStore {
    return new SqliteSegmentationStore(openDb(path, opts), path);
  }

  /** Every finished or running scan with its vantage and the hosts it probed (a desk record proves no path). */
  vantageScans(): StoredVantageScan[] {
    const hosts = new Map<string, string[]>();
    for (const r of this.db.prepare('SELECT scan_id, address FROM scan_hosts WHERE probed = 1').all() as Row[]) {
      const list = hosts.get(String(r.scan_id)) ?? [];
      list.push(String(r.address));
      hosts.set(String(r.scan_id), list);
    }
    return (this.db.prepare("SELECT id, vantage, started_at FROM scans WHERE status <> 'failed' AND source <> 'desk' ORDER BY started_at").all() as Row[]).map((r) => {
      const v = JSON.parse(String(r.vantage)) as { zone?: string; sourceAddress?: string | null };
      return { scanId: String(r.id), zoneLabel: v.zone ?? 'unknown', sourceAddress: v.sourceAddress ?? null, startedAt: String(r.started_at), hosts: hosts.get(String(r.id)) ?? [] };
    });
  }

  openPorts(): StoredOpenPort[] {
    return (
      this.db
        .prepare(
          `SELECT p.scan_id, p.address, p.port, p.protocol, h.alive FROM scan_ports p
           JOIN scan_hosts h ON h.scan_id = p.scan_id AND h.address = p.address WHERE p.state = 'open'`,
        )
        .all() as Row[]
    ).map((r) => ({ scanId: String(r.scan_id), host: String(r.address), port: Number(r.port), protocol: r.protocol as 'tcp' | 'udp', alive: Boolean(r.alive) }));
  }

  /**
   * Records one check and updates the findings. `assessed(fromZone, toZone)` says whether this check looked at a
   * zone pair: only then may a previous violation on that pair resolve.
   */
  recordCheck(
    check: { id: string; at: string; source: 'scan' | 'traffic'; site: string | null; inputs: unknown; result: unknown },
    violations: readonly ViolationRecord[],
    assessed: (fromZone: string, toZone: string) => boolean,
  ): SegmentationChange[] {
    try {
      return this.db
        .transaction(() => {
          this.db
            .prepare('INSERT INTO segmentation_checks (id, at, source, policy_site, inputs, result) VALUES (?, ?, ?, ?, ?, ?)')
            .run(check.id, check.at, check.source, check.site, JSON.stringify(check.inputs), JSON.stringify(check.result));
          const changes: SegmentationChange[] = [];
          const existing = new Map((this.db.prepare('SELECT * FROM segmentation_findings WHERE source = ?').all(check.source) as Row[]).map((r) => [String(r.key), r]));
          const seen = new Set<string>();
          const log = this.db.prepare('INSERT INTO segmentation_finding_history (finding_key, at, from_state, to_state, actor, note) VALUES (?, ?, ?, ?, ?, ?)');
          // a risk acceptance past its date is open again before this check judges it
          for (const [key, row] of existing) {
            if (row.state !== 'risk-accepted' || row.accepted_until === null || String(row.accepted_until) > check.at) continue;
            const to = applyScanEvent('risk-accepted', { type: 'acceptance-expired' });
            this.db.prepare('UPDATE segmentation_findings SET state = ? WHERE key = ?').run(to, key);
            log.run(key, check.at, 'risk-accepted', to, CHECK_ACTOR, `acceptance expired ${String(row.accepted_until)}`);
            changes.push({ key, ruleId: String(row.rule_id), from: 'risk-accepted', to });
            row.state = to;
          }
          for (const v of violations) {
            const key = findingKey(`${check.source}:${v.subject ?? `${v.fromZone}>${v.host}`}`, v.port, v.ruleId);
            if (seen.has(key)) continue;
            seen.add(key);
            const row = existing.get(key);
            if (!row) {
              this.db
                .prepare(
                  `INSERT INTO segmentation_findings (key, rule_id, source, from_zone, to_zone, host, port, protocol, severity, title, evidence,
                     remediation, state, first_seen, last_seen, last_check_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
                )
                .run(key, v.ruleId, check.source, v.fromZone, v.toZone, v.host, v.port, v.protocol, v.severity, v.title, v.evidence, v.remediation, check.at, check.at, check.id);
              log.run(key, check.at, null, 'open', CHECK_ACTOR, `check ${check.id}`);
              changes.push({ key, ruleId: v.ruleId, from: null, to: 'open' });
              continue;
            }
            const from = row.state as FindingState;
            const to = applyScanEvent(from, { type: 'seen' });
            this.db
              .prepare('UPDATE segmentation_findings SET state = ?, severity = ?, evidence = ?, last_seen = ?, last_check_id = ? WHERE key = ?')
              .run(to, v.severity, v.evidence, check.at, check.id, key);
            if (to !== from) {
              log.run(key, check.at, from, to, CHECK_ACTOR, `seen again by check ${check.id}`);
              changes.push({ key, ruleId: v.ruleId, from, to });
            }
          }
          for (const [key, row] of existing) {
            if (seen.has(key) || !assessed(String(row.from_zone), String(row.to_zone))) continue;
            const from = row.state as FindingState;
            const to = applyScanEvent(from, { type: 'gone' });
            if (to === from) continue;
            this.db.prepare('UPDATE segmentation_findings SET state = ?, last_check_id = ? WHERE key = ?').run(to, check.id, key);
            log.run(key, check.at, from, to, CHECK_ACTOR, `not seen by check ${check.id}, which assessed ${String(row.from_zone)} → ${String(row.to_zone)}`);
            changes.push({ key, ruleId: String(row.rule_id), from, to });
          }
          return changes;
        })
        .immediate();
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw storeError(e, this.file);
    }
  }

  /** Keeps the passive application facts of a traffic check (already reduced to allow-listed fields). */
  addAppFacts(checkId: string, facts: readonly { kind: 'dicom-association' | 'hl7-connection'; client: string; server: string; serverPort: number; startedAt: string; facts: unknown }[]): void {
    try {
      this.db
        .transaction(() => {
          const ins = this.db.prepare('INSERT INTO traffic_app_facts (check_id, kind, client, server, server_port, started_at, facts) VALUES (?, ?, ?, ?, ?, ?, ?)');
          for (const f of facts) ins.run(checkId, f.kind, f.client, f.server, f.serverPort, f.startedAt, JSON.stringify(f.facts));
        })
        .immediate();
    } catch (e) {
      throw storeError(e, this.file);
    }
  }

  findings(filter: { state?: FindingState; host?: string } = {}): SegmentationFinding[] {
    // a database opened read-only is not migrated: one made before segmentation existed simply has none
    if (!this.hasFindings()) return [];
    const where = [filter.state ? 'state = @state' : null, filter.host ? 'host = @host' : null].filter(Boolean);
    const rows = this.db
      .prepare(`SELECT * FROM segmentation_findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rule_id, from_zone, host, port`)
      .all({ ...(filter.state ? { state: filter.state } : {}), ...(filter.host ? { host: filter.host } : {}) }) as Row[];
    return rows.map(toFinding);
  }

  finding(key: string): SegmentationFinding | null {
    if (!this.hasFindings()) return null;
    const r = this.db.prepare('SELECT * FROM segmentation_findings WHERE key = ?').get(key) as Row | undefined;
    return r ? toFinding(r) : null;
  }

  history(key: string): SegmentationHistoryEntry[] {
    // a database last migrated before 0402 and opened read-only has no history yet
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'segmentation_finding_history'").get()) return [];
    return (this.db.prepare('SELECT * FROM segmentation_finding_history WHERE finding_key = ? ORDER BY rowid').all(key) as Row[]).map((r) => ({
      at: String(r.at),
      from: (r.from_state ?? null) as FindingState | null,
      to: r.to_state as FindingState,
      actor: String(r.actor),
      note: r.note === null ? null : String(r.note),
    }));
  }

  /** A manual triage step on the core state machine (accept a documented vendor exception, false positive, ...). */
  triage(key: string, action: TriageAction, at: string): SegmentationFinding {
    try {
      return this.db
        .transaction(() => {
          const current = this.finding(key);
          if (!current) throw new UsageError(`no finding with key ${key}`);
          const result = applyTriage(current.state, action);
          if ('error' in result) throw new UsageError(result.error);
          const note = triageNote(action);
          const accept = action.type === 'accept-risk' ? action : null;
          this.db
            .prepare('UPDATE segmentation_findings SET state = ?, accepted_reason = ?, accepted_by = ?, accepted_until = ?, justification = ? WHERE key = ?')
            .run(result.state, accept?.reason ?? null, accept?.approver ?? null, accept?.expiresAt ?? null, action.type === 'false-positive' ? action.justification : null, key);
          this.db
            .prepare('INSERT INTO segmentation_finding_history (finding_key, at, from_state, to_state, actor, note) VALUES (?, ?, ?, ?, ?, ?)')
            .run(key, at, current.state, result.state, action.actor, note);
          return this.finding(key)!;
        })
        .immediate();
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw storeError(e, this.file);
    }
  }

  private hasFindings(): boolean {
    return Boolean(this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'segmentation_findings'").get());
  }

  close(): void {
    this.db.close();
  }
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toFinding(r: Row): SegmentationFinding {
  return {
    key: String(r.key),
    ruleId: String(r.rule_id),
    source: r.source as 'scan' | 'traffic',
    fromZone: String(r.from_zone),
    toZone: String(r.to_zone),
    host: String(r.host),
    port: Number(r.port),
    protocol: String(r.protocol),
    severity: r.severity as Severity,
    title: String(r.title),
    evidence: String(r.evidence),
    remediation: String(r.remediation),
    state: r.state as FindingState,
    firstSeen: String(r.first_seen),
    lastSeen: String(r.last_seen),
    acceptedReason: text(r.accepted_reason),
    acceptedBy: text(r.accepted_by),
    acceptedUntil: text(r.accepted_until),
    justification: text(r.justification),
  };
}

/**
 * The newest stored segmentation check (of one source, or of either), read from a database another store owns —
 * the report and the API show it. Null when none was recorded, or the database predates segmentation.
 */
export function latestSegmentationCheck(
  db: Db,
  source?: 'scan' | 'traffic',
): { id: string; at: string; source: 'scan' | 'traffic'; site: string | null; result: unknown } | null {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'segmentation_checks'").get()) return null;
  const r = db
    .prepare(`SELECT id, at, source, policy_site, result FROM segmentation_checks ${source ? 'WHERE source = ?' : ''} ORDER BY at DESC, rowid DESC LIMIT 1`)
    .get(...(source ? [source] : [])) as Row | undefined;
  if (!r) return null;
  return { id: String(r.id), at: String(r.at), source: r.source as 'scan' | 'traffic', site: text(r.policy_site), result: JSON.parse(String(r.result)) as unknown };
}
