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

  /**
   * The decisions about these CVEs in the given scopes, keyed `cve identity`: for each, the one of the most
   * specific scope (scopes listed most specific first). One query per few thousand CVEs: an SBOM's matches number
   * hundreds of thousands, and a query per match took seconds.
   */
  decisionsFor(cves: Iterable<string>, scopes: readonly string[]): Map<string, TriageDecision> {
    const out = new Map<string, TriageDecision>();
    const rank = new Map(scopes.map((s, i) => [s, i]));
    const stmt = this.db.prepare(
      `SELECT cve, identity, scope, status, justification, detail, response, source, decided_at FROM vuln_triage
       WHERE cve IN (SELECT value FROM json_each(?)) AND scope IN (SELECT value FROM json_each(?))`,
    );
    const all = [...new Set(cves)];
    for (let i = 0; i < all.length; i += 5000)
      for (const r of stmt.iterate(JSON.stringify(all.slice(i, i + 5000)), JSON.stringify(scopes)) as IterableIterator<Record<string, string | null>>) {
        const key = `${r.cve} ${r.identity}`;
        const had = out.get(key);
        if (had && rank.get(had.scope)! <= rank.get(r.scope!)!) continue;
        out.set(key, { cve: r.cve!, identity: r.identity!, scope: r.scope!, status: r.status as VexStatus, justification: r.justification ?? undefined,
          detail: r.detail ?? undefined, response: JSON.parse(r.response ?? '[]') as string[], source: r.source!, decidedAt: r.decided_at! });
      }
    return out;
  }
}
