/**
 * Applies stored triage decisions to matches and records VEX statements as decisions. A decision is looked up
 * by (CVE, component identity without version) in the asset's scope, then its model's, then site-wide. A vendor
 * account's statement that would take findings out is a proposal until the site approves it (ADR 0107): it is
 * shown on the matches it concerns, and changes nothing.
 */
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { assetsOfModel, foldModel, type SbomSubject } from '../../store/sqlite/vuln-sbom-store.js';
import { TriageStore, type TriageDecision } from '../../store/sqlite/vuln-triage-store.js';
import type { Component } from '../component.js';
import type { Match } from '../match/match.js';
import { identityOf, legacyIdentityOf, type VexStatement, type VexStatus } from './vex.js';

export interface Scope {
  readonly asset?: string;
  readonly model?: string;
  /** More models to look in after `model` (the names SBOMs of the asset's model were imported under). */
  readonly models?: readonly string[];
}

/**
 * Where decisions for this scope are found, most specific first. A model is recorded folded (case, spaces), as
 * SBOMs and the inventory are compared; decisions recorded before that are found under the name as given.
 */
export const scopesOf = (s: Scope): string[] => [
  ...(s.asset ? [`asset:${s.asset}`] : []),
  ...new Set([...(s.model ? [s.model] : []), ...(s.models ?? [])].flatMap((m) => [`model:${foldModel(m)}`, `model:${m}`])),
  '*',
];
const scopeKey = (s: Scope): string => (s.asset ? `asset:${s.asset}` : s.model ? `model:${foldModel(s.model)}` : '*');

/** The inventory assets that decisions of these scope keys (`asset:ID`, `model:NAME`) concern; '*' names none. */
export function assetsOfScopes<T extends Pick<SbomSubject, 'manufacturer' | 'model'> & { readonly id: string }>(
  scopes: Iterable<string>,
  inventory: { get(id: string): T | null; eachAsset(): Iterable<T> },
): T[] {
  const out = new Map<string, T>();
  for (const scope of new Set(scopes)) {
    const assets = scope.startsWith('asset:')
      ? [inventory.get(scope.slice('asset:'.length))].filter((a) => a !== null)
      : scope.startsWith('model:')
        ? assetsOfModel(inventory.eachAsset(), scope.slice('model:'.length))
        : [];
    for (const a of assets) out.set(a.id, a);
  }
  return [...out.values()];
}

/** Statuses that take a finding out (a false positive): from a vendor account, they wait for the site's approval. */
export const TAKES_OUT: ReadonlySet<VexStatus> = new Set(['not_affected', 'false_positive']);

/**
 * Records the statements for the scope. With `proposedBy` (a vendor account), those that would take findings out
 * are proposals awaiting approval; the others (affected, under investigation, fixed) are in force at once.
 */
export function recordVex(db: Db, statements: readonly VexStatement[], scope: Scope, clock: Clock, proposedBy?: string): { recorded: number; proposed: number } {
  const store = new TriageStore(db);
  const at = clock.now().toISOString();
  let proposed = 0;
  const run = db.transaction(() => {
    for (const s of statements) {
      const d = { cve: s.cve, identity: s.identity, scope: scopeKey(scope), status: s.status, justification: s.justification, detail: s.detail, response: s.response, source: s.source, decidedAt: at };
      if (proposedBy !== undefined && TAKES_OUT.has(s.status)) {
        store.propose({ ...d, proposedBy });
        proposed++;
      } else store.put(d);
    }
  });
  run.immediate();
  return { recorded: statements.length - proposed, proposed };
}

/** A match with the decision in force for it, and a vendor's statement about it that awaits approval. */
export type TriagedMatch = Match & { triage?: TriageDecision; proposal?: TriageDecision };

/** Still to patch: a decision says affected or under investigation, or, undecided, no distribution build has the fix. */
export const stillAffected = (m: TriagedMatch): boolean =>
  m.triage ? m.triage.status === 'affected' || m.triage.status === 'under_investigation' : !m.distribution?.fixed;

export function applyTriage(db: Db, matches: readonly Match[], components: readonly Component[], scope: Scope): TriagedMatch[] {
  const store = new TriageStore(db);
  const cves = matches.map((m) => m.cve);
  const decisions = store.decisionsFor(cves, scopesOf(scope));
  const proposals = store.proposalsFor(cves, scopesOf(scope));
  if (!decisions.size && !proposals.size) return [...matches];
  const identity = new Map(components.map((c) => [c.id, [identityOf(c), legacyIdentityOf(c)] as const]));
  return matches.map((m) => {
    const [id, legacy] = identity.get(m.component.id) ?? [];
    const find = <T>(map: ReadonlyMap<string, T>) => (id === undefined ? undefined : (map.get(`${m.cve} ${id}`) ?? (legacy && map.get(`${m.cve} ${legacy}`))));
    const triage = find(decisions);
    const proposal = find(proposals);
    return triage || proposal ? { ...m, ...(triage ? { triage } : {}), ...(proposal ? { proposal } : {}) } : m;
  });
}
