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

/** A vendor's statement that would take findings out, awaiting the site's approval (migration 0111). */
export interface TriageProposal extends TriageDecision {
  readonly proposedBy: string;
}

export class TriageStore {
  constructor(private readonly db: Db) {}

  /** Records a decision in force; a pending proposal of the same key is superseded by it. */
  put(d: TriageDecision): void {
    this.db.prepare('DELETE FROM vuln_triage_proposed WHERE cve = ? AND identity = ? AND scope = ?').run(d.cve, d.identity, d.scope);
    this.db
      .prepare('INSERT OR REPLACE INTO vuln_triage (cve, identity, scope, status, justification, detail, response, source, decided_at) VALUES (?,?,?,?,?,?,?,?,?)')
      .run(d.cve, d.identity, d.scope, d.status, d.justification ?? null, d.detail ?? null, JSON.stringify(d.response ?? []), d.source, d.decidedAt);
  }

  propose(d: TriageProposal): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO vuln_triage_proposed (cve, identity, scope, status, justification, detail, response, source, proposed_by, proposed_at)
         VALUES (?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(d.cve, d.identity, d.scope, d.status, d.justification ?? null, d.detail ?? null, JSON.stringify(d.response ?? []), d.source, d.proposedBy, d.decidedAt);
  }

  /** Pending proposals, oldest first; only those `by` made when given (a vendor sees its own). */
  proposals(by?: string): TriageProposal[] {
    const rows = this.db
      .prepare(`SELECT * FROM vuln_triage_proposed WHERE ? IS NULL OR proposed_by = ? ORDER BY proposed_at, cve, identity, scope`)
      .all(by ?? null, by ?? null) as Record<string, string | null>[];
    return rows.map((r) => ({ ...decisionOf(r, r.proposed_at!), proposedBy: r.proposed_by! }));
  }

  /**
   * Approves (into the decisions in force, the approver named in the source) or rejects (deletes) the proposals
   * with these keys; returns those found.
   */
  decide(keys: readonly Pick<TriageDecision, 'cve' | 'identity' | 'scope'>[], approve: boolean, by: string, at: string): TriageProposal[] {
    const get = this.db.prepare('SELECT * FROM vuln_triage_proposed WHERE cve = ? AND identity = ? AND scope = ?');
    const done: TriageProposal[] = [];
    this.db
      .transaction(() => {
        for (const k of keys) {
          const r = get.get(k.cve, k.identity, k.scope) as Record<string, string | null> | undefined;
          if (!r) continue;
          const p = { ...decisionOf(r, r.proposed_at!), proposedBy: r.proposed_by! };
          if (approve) this.put({ ...p, source: `${p.source}; proposed by ${p.proposedBy}, approved by ${by}`, decidedAt: at });
          else this.db.prepare('DELETE FROM vuln_triage_proposed WHERE cve = ? AND identity = ? AND scope = ?').run(k.cve, k.identity, k.scope);
          done.push(p);
        }
      })
      .immediate();
    return done;
  }

  /**
   * The decisions about these CVEs in the given scopes, keyed `cve identity`: for each, the one of the most
   * specific scope (scopes listed most specific first). One query per few thousand CVEs: an SBOM's matches number
   * hundreds of thousands, and a query per match took seconds.
   */
  decisionsFor(cves: Iterable<string>, scopes: readonly string[]): Map<string, TriageDecision> {
    return this.lookup('vuln_triage', 'decided_at', cves, scopes);
  }

  /** The pending proposals about these CVEs, as decisionsFor finds decisions (shown on findings, never applied). */
  proposalsFor(cves: Iterable<string>, scopes: readonly string[]): Map<string, TriageDecision> {
    return this.lookup('vuln_triage_proposed', 'proposed_at', cves, scopes);
  }

  private lookup(table: string, at: string, cves: Iterable<string>, scopes: readonly string[]): Map<string, TriageDecision> {
    const out = new Map<string, TriageDecision>();
    const rank = new Map(scopes.map((s, i) => [s, i]));
    const stmt = this.db.prepare(
      `SELECT cve, identity, scope, status, justification, detail, response, source, ${at} AS at FROM ${table}
       WHERE cve IN (SELECT value FROM json_each(?)) AND scope IN (SELECT value FROM json_each(?))`,
    );
    const all = [...new Set(cves)];
    for (let i = 0; i < all.length; i += 5000)
      for (const r of stmt.iterate(JSON.stringify(all.slice(i, i + 5000)), JSON.stringify(scopes)) as IterableIterator<Record<string, string | null>>) {
        const key = `${r.cve} ${r.identity}`;
        const had = out.get(key);
        if (had && rank.get(had.scope)! <= rank.get(r.scope!)!) continue;
        out.set(key, decisionOf(r, r.at!));
      }
    return out;
  }
}

function decisionOf(r: Record<string, string | null>, at: string): TriageDecision {
  return {
    cve: r.cve!, identity: r.identity!, scope: r.scope!, status: r.status as VexStatus, justification: r.justification ?? undefined,
    detail: r.detail ?? undefined, response: JSON.parse(r.response ?? '[]') as string[], source: r.source!, decidedAt: at,
  };
}
