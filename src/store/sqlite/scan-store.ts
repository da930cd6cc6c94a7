/** The SQLite implementation of ScanStore. Rows stay here; callers get domain types. */
import type { Vantage } from '../../core/asset.js';
import type { Check, CheckStatus } from '../../core/check.js';
import { AppError, UsageError } from '../../core/errors.js';
import {
  applyScanEvent,
  applyTriage,
  triageNote,
  findingKey,
  type FindingState,
  type TriageAction,
} from '../../core/finding.js';
import type { Observation } from '../../core/observation.js';
import type { HostRecord, PortRecord, ScanRecord, ScanStatus, SkippedTarget } from '../../core/scan.js';
import type { Severity } from '../../core/severity.js';
import type { DoNotProbeEntry } from '../../net/guard.js';
import type {
  FindingChange,
  FindingHistoryEntry,
  HostCommit,
  ReassessCommit,
  RuledVerdict,
  NewScan,
  ScanCounts,
  ScanStore,
  StoredFinding,
} from '../store.js';
import type { Statement } from 'better-sqlite3';
import { SBOM_PROBE } from '../store.js';
import { openDb, storeError, type Db } from './db.js';
import { isRunning } from './process-alive.js';

type Row = Record<string, unknown>;
type BlockTable = 'do_not_probe' | 'public_scope';
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : fallback);

export class SqliteScanStore implements ScanStore {
  /** Statements of the per-finding path, compiled once: a device can bring tens of thousands of CVE findings. */
  private readonly statements = new Map<string, Statement>();
  private constructor(
    readonly db: Db,
    private readonly file: string,
  ) {}

  private stmt(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  static open(path: string, opts: { readonly?: boolean } = {}): SqliteScanStore {
    return new SqliteScanStore(openDb(path, opts), path);
  }

  /** Runs a write in one immediate transaction and turns SQLite failures into clear errors. */
  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw storeError(e, this.file);
    }
  }

  /**
   * Several writes as one transaction. In WAL mode every commit appends each page it touched, so a thousand small
   * commits that update the same indexes write those pages a thousand times (a desk re-assessment of 1,000 devices).
   */
  batch<T>(fn: () => T): T {
    return this.write(fn);
  }

  createScan(scan: NewScan, pid: number, pidStarted: string | null): void {
    this.write(() =>
      this.db
        .prepare(
          `INSERT INTO scans (id, started_at, status, source, targets, vantage, profile, options, pid, pid_started, hosts_planned)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          scan.id,
          scan.startedAt,
          scan.source,
          JSON.stringify(scan.targets),
          JSON.stringify(scan.vantage),
          scan.profile,
          JSON.stringify(scan.options),
          pid,
          pidStarted,
          scan.hostsPlanned,
        ),
    );
  }

  commitHost(scanId: string, c: HostCommit): FindingChange[] {
    const h = c.host;
    return this.write(() => {
      // Statements cached: a scan commits a host at a time, and preparing them anew cost ~0.2 ms a host.
      this.stmt(
        `INSERT INTO scan_hosts (scan_id, address, asset_id, mac, mac_vendor, hostnames, alive, alive_reason, finished_at, probed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(scanId, h.address, h.assetId, h.mac, h.macVendor, JSON.stringify(h.hostnames), h.alive ? 1 : 0, h.aliveReason, c.at, h.probed === false ? 0 : 1);
      const port = this.stmt(
        `INSERT INTO scan_ports (scan_id, address, port, protocol, state, service, product, version, cpe, reason, rtt_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of h.ports)
        port.run(scanId, h.address, p.port, p.protocol, p.state, p.service, p.product, p.version, JSON.stringify(p.cpe), p.reason, p.rttMs);
      const check = this.stmt(
        'INSERT INTO checks (scan_id, address, port, probe_id, status, detail, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const k of h.checks) check.run(scanId, h.address, k.port, k.probeId, k.status, k.detail ?? null, k.durationMs);
      const obs = this.stmt(
        `INSERT INTO observations (id, scan_id, address, port, transport, kind, probe_id, observed_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const o of h.observations)
        obs.run(o.id, scanId, h.address, o.endpoint.port, o.endpoint.transport, o.kind, o.probeId, o.observedAt, JSON.stringify(o.data));
      return this.updateFindings(scanId, c);
    });
  }

  /** Applies the scan's verdicts to the finding state machine: new, seen again (reopen), gone (resolve), expired. */
  private updateFindings(scanId: string, c: HostCommit): FindingChange[] {
    const subject = c.host.assetId ?? c.host.address;
    const changes: FindingChange[] = [];
    const existing = new Map(
      (this.stmt('SELECT * FROM findings WHERE subject = ?').all(subject) as Row[]).map((r) => [String(r.key), r]),
    );
    const seen = new Set<string>();
    for (const v of c.verdicts) {
      const key = findingKey(subject, v.component ?? v.port, v.cve ?? v.ruleId);
      if (seen.has(key)) continue; // two verdicts for the same thing: the first one's evidence wins
      seen.add(key);
      this.upsertFinding(key, existing.get(key), v, { subject, address: c.host.address, at: c.at, scanId, by: 'scan' }, changes);
      this.stmt('INSERT INTO finding_occurrences (scan_id, finding_key, address, severity, evidence) VALUES (?, ?, ?, ?, ?)')
        .run(scanId, key, c.host.address, v.severity, v.evidence);
    }
    // Findings of this subject the scan did not repeat: resolved only if the scan really looked again.
    const checkedOk = new Set(
      c.host.checks.filter((k) => k.status === 'success' || k.status === 'not-applicable').map((k) => `${k.probeId}@${k.port}`),
    );
    const openPorts = new Set(c.host.ports.filter((p) => p.state === 'open').map((p) => p.port));
    for (const [key, row] of existing) {
      if (seen.has(key)) continue;
      const state = this.expire(row, c.at, scanId, changes);
      const port = row.port === null ? null : Number(row.port);
      if (row.probe_id === SBOM_PROBE) {
        // From the device's SBOMs: gone when they were matched again without it (an upgraded or removed SBOM), or
        // when the scan identified the product itself (its own finding, with a port, speaks for it now).
        if (!c.vulnChecked || !c.softwareChecked) continue;
        const why = `the SBOMs on file for this device no longer give ${String(row.cve)} for ${String(row.component)}, or the scan identified that product itself`;
        this.resolveGone(key, row, state, { at: c.at, scanId, by: 'scan' }, why, changes);
        continue;
      }
      if (port === null) continue;
      const portGone = c.host.alive && c.scannedPorts.has(port) && !openPorts.has(port);
      let why: string;
      if (row.cve !== null) {
        // A CVE finding is gone when the port closed, or the software there was identified again and matched
        // against the feeds without it (an upgrade). Without feeds nothing can be concluded.
        const reidentified = c.host.observations.some((o) => o.kind === 'identify.product' && o.endpoint.port === port);
        if (!c.vulnChecked || !(portGone || reidentified)) continue;
        why = portGone ? `port ${port} no longer open` : `the software on port ${port} was identified again and no longer matches ${String(row.cve)}`;
      } else {
        const recheckedClean = row.probe_id !== null && checkedOk.has(`${row.probe_id}@${port}`);
        if (!portGone && !recheckedClean) continue;
        why = portGone ? `port ${port} no longer open` : `${row.probe_id} ran cleanly on port ${port} and the finding did not recur`;
      }
      this.resolveGone(key, row, state, { at: c.at, scanId, by: 'scan' }, why, changes);
    }
    return changes;
  }

  /**
   * A verdict given again (by a scan, or by a desk re-assessment of what the latest scan identified): a new
   * finding opens, a known one takes the new evidence and severity, and one that was resolved reopens. A scan also
   * says when and where it saw it; a re-assessment saw nothing on the network and leaves that as the scan left it.
   */
  private upsertFinding(
    key: string,
    row: Row | undefined,
    v: RuledVerdict,
    w: { subject: string; address: string; at: string; scanId: string; by: 'scan' | 'reassess'; note?: string },
    changes: FindingChange[],
  ): void {
    const history = this.stmt('INSERT INTO finding_history (finding_key, at, from_state, to_state, actor, note, scan_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const seenAt = [w.at, w.scanId, v.probeId ?? null, JSON.stringify(v.observationIds), w.address];
    if (!row) {
      this.stmt(
        `INSERT INTO findings (key, rule_id, cve, subject, port, component, severity, title, evidence, remediation,
           last_seen, last_scan_id, probe_id, observation_ids, host, state, first_seen, first_scan_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      ).run(key, v.ruleId, v.cve ?? null, w.subject, v.port, v.component ?? null, v.severity, v.title, v.evidence, v.remediation, ...seenAt, w.at, w.scanId);
      history.run(key, w.at, null, 'open', w.by, w.note ?? null, w.scanId);
      changes.push({ key, ruleId: v.ruleId, from: null, to: 'open' });
    } else {
      const same = row.severity === v.severity && row.title === v.title && row.evidence === v.evidence && row.remediation === v.remediation;
      if (w.by === 'scan' && same && row.host === w.address)
        // Seen again as it was (a rescan's usual case): the columns that did not change keep their index entries —
        // severity and host sit in six of the findings indexes, and rewriting them cost most of a sighting.
        this.stmt('UPDATE findings SET last_seen = ?, last_scan_id = ?, probe_id = ?, observation_ids = ? WHERE key = ?').run(...seenAt.slice(0, 4), key);
      else if (w.by === 'scan')
        this.stmt(
          `UPDATE findings SET severity = ?, title = ?, evidence = ?, remediation = ?, last_seen = ?, last_scan_id = ?,
             probe_id = ?, observation_ids = ?, host = ? WHERE key = ?`,
        ).run(v.severity, v.title, v.evidence, v.remediation, ...seenAt, key);
      // A re-assessment with unchanged feeds gives what is stored: tens of thousands of findings need no write.
      else if (!same)
        this.stmt('UPDATE findings SET severity = ?, title = ?, evidence = ?, remediation = ? WHERE key = ?').run(v.severity, v.title, v.evidence, v.remediation, key);
      const from = this.currentState(key);
      const now = w.by === 'scan' ? this.expire(row, w.at, w.scanId, changes) : from;
      const to = applyScanEvent(now, { type: 'seen' });
      if (to !== now) {
        this.stmt('UPDATE findings SET state = ? WHERE key = ?').run(to, key);
        history.run(key, w.at, now, to, w.by, w.by === 'scan' ? 'seen again after it was resolved' : `given again: ${w.note}`, w.scanId);
        changes.push({ key, ruleId: v.ruleId, from, to });
      }
    }
    if (v.decision) this.applyDecision(key, v, w.at, w.scanId, changes);
  }

  /**
   * A desk re-assessment of one device's vulnerability findings (see ReassessCommit). Only CVE findings change:
   * a match the feeds now give opens, one they no longer give for software that was judged again resolves. Port,
   * service and configuration findings are the scans' alone.
   */
  reassess(c: ReassessCommit): FindingChange[] {
    return this.write(() => {
      const changes: FindingChange[] = [];
      const existing = new Map(
        (this.stmt('SELECT * FROM findings WHERE subject = ? AND cve IS NOT NULL').all(c.subject) as Row[]).map((r) => [String(r.key), r]),
      );
      const seen = new Set<string>();
      for (const h of c.hosts)
        for (const v of h.verdicts) {
          const key = findingKey(c.subject, v.component ?? v.port, v.cve ?? v.ruleId);
          if (seen.has(key)) continue;
          seen.add(key);
          this.upsertFinding(key, existing.get(key), v, { subject: c.subject, address: h.address, at: c.at, scanId: h.scanId, by: 'reassess', note: c.note }, changes);
        }
      const judged = new Map(c.hosts.map((h) => [h.address, h]));
      for (const [key, row] of existing) {
        if (seen.has(key)) continue;
        const host = judged.get(String(row.host));
        let why: string;
        if (row.probe_id === SBOM_PROBE) {
          if (!c.softwareChecked) continue;
          why = `the SBOMs on file for this device no longer give ${String(row.cve)} for ${String(row.component)}: ${c.note}`;
        } else {
          // Software on a port the latest scan identified was judged again, without this CVE (a corrected or
          // rejected record). A port that scan did not identify keeps its finding: nothing was judged there.
          if (row.port === null || !host?.identifiedPorts.has(Number(row.port))) continue;
          why = `the software on port ${String(row.port)} no longer matches ${String(row.cve)}: ${c.note}`;
        }
        this.resolveGone(key, row, this.currentState(key), { at: c.at, scanId: host?.scanId ?? String(row.last_scan_id), by: 'reassess' }, why, changes);
      }
      return changes;
    });
  }

  /** A finding not given again where it was looked for: the state machine's "gone" step (resolved), with why. */
  private resolveGone(
    key: string,
    row: Row,
    state: FindingState,
    w: { at: string; scanId: string; by: 'scan' | 'reassess' },
    why: string,
    changes: FindingChange[],
  ): void {
    const to = applyScanEvent(state, { type: 'gone' });
    if (to === state) return;
    this.stmt('UPDATE findings SET state = ? WHERE key = ?').run(to, key);
    this.stmt('INSERT INTO finding_history (finding_key, at, from_state, to_state, actor, note, scan_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(key, w.at, state, to, w.by, why, w.scanId);
    changes.push({ key, ruleId: String(row.rule_id), from: state, to });
  }

  /** A recorded VEX/triage decision on a finding the scan just gave (see RuledVerdict.decision). */
  private applyDecision(key: string, v: RuledVerdict, at: string, scanId: string, changes: FindingChange[]): void {
    const d = v.decision!;
    const state = this.currentState(key);
    const history = this.stmt('INSERT INTO finding_history (finding_key, at, from_state, to_state, actor, note, scan_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    if (!d.affected && (state === 'open' || state === 'in-remediation')) {
      this.stmt("UPDATE findings SET state = 'false-positive', justification = ? WHERE key = ?").run(d.justification ?? null, key);
      history.run(key, at, state, 'false-positive', 'vex', d.note, scanId);
      changes.push({ key, ruleId: v.ruleId, from: state, to: 'false-positive' });
    } else if (d.affected && state === 'false-positive') {
      const by = this.stmt("SELECT actor FROM finding_history WHERE finding_key = ? AND to_state = 'false-positive' ORDER BY id DESC LIMIT 1").pluck().get(key);
      if (by !== 'vex') return;
      this.stmt("UPDATE findings SET state = 'open', justification = NULL WHERE key = ?").run(key);
      history.run(key, at, state, 'open', 'vex', `the decision now says ${d.note}`, scanId);
      changes.push({ key, ruleId: v.ruleId, from: state, to: 'open' });
    }
  }

  private currentState(key: string): FindingState {
    return this.stmt('SELECT state FROM findings WHERE key = ?').pluck().get(key) as FindingState; // cached: this SQL is only read plucked
  }

  /** A risk acceptance past its expiry reopens the finding. Returns the state after that. */
  private expire(row: Row, at: string, scanId: string, changes: FindingChange[]): FindingState {
    const state = this.currentState(String(row.key));
    if (state !== 'risk-accepted' || !row.accepted_until || String(row.accepted_until) > at) return state;
    const to = applyScanEvent(state, { type: 'acceptance-expired' });
    this.stmt('UPDATE findings SET state = ? WHERE key = ?').run(to, row.key);
    this.stmt('INSERT INTO finding_history (finding_key, at, from_state, to_state, actor, note, scan_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.key, at, state, to, 'scan', `risk acceptance expired on ${String(row.accepted_until)}`, scanId);
    changes.push({ key: String(row.key), ruleId: String(row.rule_id), from: state, to });
    return to;
  }

  addSkipped(scanId: string, skipped: readonly SkippedTarget[]): void {
    if (skipped.length === 0) return;
    this.write(() => {
      const ins = this.db.prepare('INSERT INTO skipped (scan_id, target, reason) VALUES (?, ?, ?)');
      for (const s of skipped) ins.run(scanId, s.target, s.reason);
    });
  }

  finishScan(scanId: string, status: Exclude<ScanStatus, 'running'>, finishedAt: string, error?: string): void {
    this.write(() =>
      this.db.prepare('UPDATE scans SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, finishedAt, error ?? null, scanId),
    );
  }

  /**
   * Drops the finished desk scans other than `keep` that nothing points to: no finding was first or last seen in
   * them and no finding history names them. Those are re-assessments that changed nothing, whose sightings a later
   * desk scan repeats; their host records and occurrences go with them (ON DELETE CASCADE). Returns how many.
   */
  dropIdleDeskScans(keep: string): number {
    return this.write(
      () =>
        this.db
          .prepare(
            `DELETE FROM scans WHERE source = 'desk' AND id <> ? AND status <> 'running'
               AND id NOT IN (SELECT first_scan_id FROM findings) AND id NOT IN (SELECT last_scan_id FROM findings)
               AND id NOT IN (SELECT scan_id FROM finding_history WHERE scan_id IS NOT NULL)`,
          )
          .run(keep).changes,
    );
  }

  private toScan(r: Row): ScanRecord {
    let status = r.status as ScanStatus;
    // A 'running' scan whose process is gone died without saying so (SIGKILL, power loss): it is incomplete.
    if (status === 'running' && !isRunning(r.pid === null ? null : Number(r.pid), str(r.pid_started))) status = 'incomplete';
    return {
      id: String(r.id),
      startedAt: String(r.started_at),
      finishedAt: str(r.finished_at),
      status,
      source: r.source as ScanRecord['source'],
      targets: json<string[]>(r.targets, []),
      vantage: json<Vantage>(r.vantage, { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'unknown' }),
      profile: str(r.profile),
      options: json<Record<string, unknown>>(r.options, {}),
      hostsPlanned: r.hosts_planned === null ? null : Number(r.hosts_planned),
      error: str(r.error) ?? (status === 'incomplete' && r.status === 'running' ? 'the scanning process ended without finishing the scan' : null),
    };
  }

  listScans(): ScanRecord[] {
    return (this.db.prepare('SELECT * FROM scans ORDER BY started_at DESC, id DESC').all() as Row[]).map((r) => this.toScan(r));
  }

  getScan(id: string): ScanRecord | null {
    const r = this.db.prepare('SELECT * FROM scans WHERE id = ?').get(id) as Row | undefined;
    return r ? this.toScan(r) : null;
  }

  resolveScanId(ref: string): string {
    if (ref === 'latest' || ref === 'previous') {
      // the network's answers: a desk assessment (scan/desk.ts) is reached by its id
      const ids = this.db.prepare("SELECT id FROM scans WHERE source <> 'desk' ORDER BY started_at DESC, id DESC LIMIT 2").pluck().all() as string[];
      const id = ref === 'latest' ? ids[0] : ids[1];
      if (!id) throw new UsageError(ref === 'latest' ? 'there are no scans yet' : 'there is no previous scan');
      return id;
    }
    const ids = this.db.prepare("SELECT id FROM scans WHERE id = ? OR id LIKE ? || '%' LIMIT 2").pluck().all(ref, ref) as string[];
    if (ids.includes(ref)) return ref;
    if (ids.length === 0) throw new UsageError(`no scan "${ref}" (see radguard scans list)`);
    if (ids.length > 1) throw new UsageError(`scan id prefix "${ref}" is ambiguous`);
    return ids[0]!;
  }

  hostAddresses(scanId: string): string[] {
    return (this.db.prepare('SELECT address FROM scan_hosts WHERE scan_id = ?').pluck().all(scanId) as string[]).sort(compareAddresses);
  }

  /**
   * What the newest scan that reached an address saw there (the asset page, a device's software). A desk record
   * of a held-back device reached nothing: it is passed over.
   */
  latestHost(address: string): { scanId: string; scannedAt: string; host: HostRecord } | null {
    const s = this.db
      // walks the (few) scans newest first with a primary-key probe each: scan_hosts has no index on address alone
      .prepare(
        'SELECT s.id, s.started_at AS at FROM scans s WHERE EXISTS (SELECT 1 FROM scan_hosts h WHERE h.scan_id = s.id AND h.address = ? AND h.probed = 1) ORDER BY s.started_at DESC, s.id DESC LIMIT 1',
      )
      .get(address) as { id: string; at: string } | undefined;
    const host = s ? this.host(s.id, address) : null;
    return s && host ? { scanId: s.id, scannedAt: s.at, host } : null;
  }

  /**
   * Every address's latest scan record, in address order: the newest probed one (as latestHost picks it), else the
   * newest desk record of a held-back device (what its SBOMs and inventory say is still judged).
   */
  *latestHosts(): IterableIterator<{ scanId: string; scannedAt: string; host: HostRecord }> {
    const rows = this.db
      .prepare(
        `SELECT address, scan_id, at FROM (
           SELECT h.address, h.scan_id, s.started_at AS at,
                  row_number() OVER (PARTITION BY h.address ORDER BY h.probed DESC, s.started_at DESC, s.id DESC) AS n
           FROM scan_hosts h JOIN scans s ON s.id = h.scan_id)
         WHERE n = 1 ORDER BY address`,
      )
      .all() as { address: string; scan_id: string; at: string }[];
    for (const r of rows) {
      const host = this.host(r.scan_id, r.address);
      if (host) yield { scanId: r.scan_id, scannedAt: r.at, host };
    }
  }

  /** The assets and addresses some scan probed: a desk record (not probed) is not one of them. */
  probed(): { assets: Set<string>; addresses: Set<string> } {
    const rows = this.db.prepare('SELECT DISTINCT address, asset_id FROM scan_hosts WHERE probed = 1').raw().all() as [string, string | null][];
    return { assets: new Set(rows.flatMap(([, a]) => (a === null ? [] : [a]))), addresses: new Set(rows.map(([a]) => a)) };
  }

  host(scanId: string, address: string): HostRecord | null {
    const h = this.stmt('SELECT * FROM scan_hosts WHERE scan_id = ? AND address = ?').get(scanId, address) as Row | undefined;
    if (!h) return null;
    const ports = (this.stmt('SELECT * FROM scan_ports WHERE scan_id = ? AND address = ? ORDER BY port').all(scanId, address) as Row[]).map(
      (p): PortRecord => ({
        port: Number(p.port),
        protocol: p.protocol as PortRecord['protocol'],
        state: p.state as PortRecord['state'],
        service: str(p.service),
        product: str(p.product),
        version: str(p.version),
        cpe: json<string[]>(p.cpe, []),
        reason: str(p.reason),
        rttMs: p.rtt_ms === null ? null : Number(p.rtt_ms),
      }),
    );
    const checks = (this.stmt('SELECT * FROM checks WHERE scan_id = ? AND address = ? ORDER BY port, probe_id').all(scanId, address) as Row[]).map(
      (k): Check => ({
        probeId: String(k.probe_id),
        host: address,
        port: k.port === null ? null : Number(k.port),
        status: k.status as CheckStatus,
        ...(k.detail !== null ? { detail: String(k.detail) } : {}),
        durationMs: Number(k.duration_ms),
      }),
    );
    const observations = (this.stmt('SELECT * FROM observations WHERE scan_id = ? AND address = ? ORDER BY port, id').all(scanId, address) as Row[]).map(
      (o): Observation => ({
        id: String(o.id),
        endpoint: { host: address, port: Number(o.port), transport: o.transport as 'tcp' | 'udp' },
        kind: String(o.kind),
        probeId: String(o.probe_id),
        observedAt: String(o.observed_at),
        data: JSON.parse(String(o.data)),
      }),
    );
    return {
      address,
      assetId: str(h.asset_id),
      mac: str(h.mac),
      macVendor: str(h.mac_vendor),
      hostnames: json<string[]>(h.hostnames, []),
      alive: Boolean(h.alive),
      aliveReason: str(h.alive_reason),
      ...(h.probed === 0 ? { probed: false as const } : {}),
      ports,
      checks,
      observations,
    };
  }

  *eachHost(scanId: string): Generator<HostRecord> {
    for (const a of this.hostAddresses(scanId)) {
      const h = this.host(scanId, a);
      if (h) yield h;
    }
  }

  hosts(scanId: string): HostRecord[] {
    return [...this.eachHost(scanId)];
  }

  scanCounts(scanId: string): ScanCounts {
    const q = (sql: string) => Number(this.db.prepare(sql).pluck().get(scanId) ?? 0);
    const bySeverity = Object.fromEntries(
      (this.db.prepare('SELECT severity, count(*) AS n FROM finding_occurrences WHERE scan_id = ? GROUP BY severity').all(scanId) as Row[]).map((r) => [String(r.severity), Number(r.n)]),
    );
    return {
      hostsReported: q('SELECT count(*) FROM scan_hosts WHERE scan_id = ?'),
      alive: q('SELECT count(*) FROM scan_hosts WHERE scan_id = ? AND alive = 1'),
      openPorts: q("SELECT count(*) FROM scan_ports WHERE scan_id = ? AND state = 'open'"),
      notAssessed: q("SELECT count(*) FROM checks WHERE scan_id = ? AND status NOT IN ('success', 'not-applicable')"),
      findingsBySeverity: bySeverity,
    };
  }

  skipped(scanId: string): SkippedTarget[] {
    return this.db.prepare('SELECT target, reason FROM skipped WHERE scan_id = ? ORDER BY rowid').all(scanId) as SkippedTarget[];
  }

  private toFinding(r: Row): StoredFinding {
    return {
      key: String(r.key),
      ruleId: String(r.rule_id),
      cve: str(r.cve),
      subject: String(r.subject),
      host: String(r.host),
      port: r.port === null ? null : Number(r.port),
      component: str(r.component),
      severity: r.severity as Severity,
      title: String(r.title),
      evidence: String(r.evidence),
      remediation: String(r.remediation),
      state: r.state as FindingState,
      firstSeen: String(r.first_seen),
      lastSeen: String(r.last_seen),
      probeId: str(r.probe_id),
      observationIds: json<string[]>(r.observation_ids, []),
      acceptedReason: str(r.accepted_reason),
      acceptedBy: str(r.accepted_by),
      acceptedUntil: str(r.accepted_until),
      justification: str(r.justification),
    };
  }

  /**
   * Addresses of a scan's stored hosts in the order they were committed (scan_hosts is a rowid table written by
   * plain INSERTs: rowid order is commit order). The runner emits a host's events right after committing it, so
   * this is also the order live subscribers received them in — what lets an event stream be resumed.
   */
  hostsInCommitOrder(scanId: string): string[] {
    return this.db.prepare('SELECT address FROM scan_hosts WHERE scan_id = ? ORDER BY rowid').pluck().all(scanId) as string[];
  }

  scanFindings(scanId: string, address?: string) {
    return (
      this.db
        .prepare(
          `SELECT f.*, o.severity AS scan_severity, o.evidence AS scan_evidence, o.address AS occ_address
           FROM finding_occurrences o JOIN findings f ON f.key = o.finding_key
           WHERE o.scan_id = ? AND (? IS NULL OR o.address = ?)
           ORDER BY o.address, f.port, f.rule_id`,
        )
        .all(scanId, address ?? null, address ?? null) as Row[]
    ).map((r) => ({
      ...this.toFinding(r),
      scanSeverity: r.scan_severity as Severity,
      scanEvidence: String(r.scan_evidence),
      address: String(r.occ_address),
    }));
  }

  findings(filter: { state?: FindingState; host?: string; ruleId?: string; subjects?: readonly string[] } = {}): StoredFinding[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) where.push('state = ?') && args.push(filter.state);
    if (filter.host) where.push('host = ?') && args.push(filter.host);
    if (filter.subjects) where.push('subject IN (SELECT value FROM json_each(?))') && args.push(JSON.stringify(filter.subjects));
    if (filter.ruleId) where.push('rule_id = ?') && args.push(filter.ruleId);
    const sql = `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY host, port, rule_id`;
    return (this.db.prepare(sql).all(...args) as Row[]).map((r) => this.toFinding(r));
  }

  finding(key: string): StoredFinding | null {
    const r = this.db.prepare('SELECT * FROM findings WHERE key = ?').get(key) as Row | undefined;
    return r ? this.toFinding(r) : null;
  }

  findingHistory(key: string): FindingHistoryEntry[] {
    return (this.db.prepare('SELECT * FROM finding_history WHERE finding_key = ? ORDER BY id').all(key) as Row[]).map((r) => ({
      at: String(r.at),
      from: str(r.from_state) as FindingState | null,
      to: r.to_state as FindingState,
      actor: String(r.actor),
      note: str(r.note),
      scanId: str(r.scan_id),
    }));
  }

  triage(key: string, action: TriageAction, at: string): StoredFinding {
    return this.write(() => {
      const current = this.finding(key);
      if (!current) throw new UsageError(`no finding with key ${key}`);
      const result = applyTriage(current.state, action);
      if ('error' in result) throw new UsageError(result.error);
      const note = triageNote(action);
      this.db
        .prepare(
          `UPDATE findings SET state = ?, accepted_reason = ?, accepted_by = ?, accepted_until = ?, justification = ? WHERE key = ?`,
        )
        .run(
          result.state,
          action.type === 'accept-risk' ? action.reason : null,
          action.type === 'accept-risk' ? action.approver : null,
          action.type === 'accept-risk' ? action.expiresAt : null,
          action.type === 'false-positive' ? action.justification : null,
          key,
        );
      this.db
        .prepare('INSERT INTO finding_history (finding_key, at, from_state, to_state, actor, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(key, at, current.state, result.state, action.actor, note);
      return this.finding(key)!;
    });
  }

  doNotProbe(): DoNotProbeEntry[] {
    return this.listBlocks('do_not_probe');
  }

  addDoNotProbe(entry: DoNotProbeEntry, addedBy: string, at: string): void {
    this.addBlock('do_not_probe', entry, addedBy, at);
  }

  removeDoNotProbe(cidr: string): boolean {
    return this.removeBlock('do_not_probe', cidr);
  }

  publicScope(): DoNotProbeEntry[] {
    return this.listBlocks('public_scope');
  }

  addPublicScope(entry: DoNotProbeEntry, addedBy: string, at: string): void {
    this.addBlock('public_scope', entry, addedBy, at);
  }

  removePublicScope(cidr: string): boolean {
    return this.removeBlock('public_scope', cidr);
  }

  // The two site lists of address blocks share one table shape.
  private listBlocks(table: BlockTable): DoNotProbeEntry[] {
    return this.db.prepare(`SELECT cidr, reason FROM ${table} ORDER BY cidr`).all() as DoNotProbeEntry[];
  }

  private addBlock(table: BlockTable, entry: DoNotProbeEntry, addedBy: string, at: string): void {
    this.write(() =>
      this.db
        .prepare(`INSERT INTO ${table} (cidr, reason, added_at, added_by) VALUES (?, ?, ?, ?) ON CONFLICT(cidr) DO UPDATE SET reason = excluded.reason`)
        .run(entry.cidr, entry.reason, at, addedBy),
    );
  }

  private removeBlock(table: BlockTable, cidr: string): boolean {
    return this.write(() => this.db.prepare(`DELETE FROM ${table} WHERE cidr = ?`).run(cidr).changes > 0);
  }

  close(): void {
    this.db.close();
  }
}

/** Numeric address order (10.0.0.9 before 10.0.0.10); IPv4 before IPv6. */
export function compareAddresses(a: string, b: string): number {
  const pa = a.includes(':') ? null : a.split('.').map(Number);
  const pb = b.includes(':') ? null : b.split('.').map(Number);
  if (pa && pb) {
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a.localeCompare(b);
}
