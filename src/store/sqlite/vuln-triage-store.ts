/** SQLite storage of triage decisions (VEX statements) keyed by (CVE, component identity, scope). */
import type { Db } from './db.js';
import type { VexStatus } from '../../vuln/vex/vex.js';

export interface TriageDecision {
  readonly cve: string;
  readonly identity: string;
  readonly scope: string;
  readonly status: VexStatus;
  readonly justification?: string;
  readonly detail?: string;
  readonly response?: readonly string[];
  readonly source: string;
  readonly decidedAt: string;
}

export class TriageStore {
  constructor(private readonly db: Db) {}

  put(d: TriageDecision): void {
    this.db
      .prepare('INSERT OR REPLACE INTO vuln_triage (cve, identity, scope, status, justification, detail, response, source, decided_at) VALUES (?,?,?,?,?,?,?,?,?)')
      .run(d.cve, d.identity, d.scope, d.status, d.justification ?? null, d.detail ?? null, JSON.stringify(d.response ?? []), d.source, d.decidedAt);
  }

  /** The decision for (cve, identity) in the most specific of the given scopes (listed most specific first). */
  find(cve: string, identity: string, scopes: readonly string[]): TriageDecision | undefined {
    const stmt = this.db.prepare('SELECT * FROM vuln_triage WHERE cve = ? AND identity = ? AND scope = ?');
    for (const scope of scopes) {
      const r = stmt.get(cve, identity, scope) as Record<string, string | null> | undefined;
      if (r)
        return { cve, identity, scope, status: r.status as VexStatus, justification: r.justification ?? undefined, detail: r.detail ?? undefined,
          response: JSON.parse(r.response ?? '[]') as string[], source: r.source!, decidedAt: r.decided_at! };
    }
    return undefined;
  }
}
