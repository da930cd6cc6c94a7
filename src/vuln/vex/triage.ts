/**
 * Applies stored triage decisions to matches and records VEX statements as decisions. A decision is looked up
 * by (CVE, component identity without version) in the asset's scope, then its model's, then site-wide.
 */
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { foldModel } from '../../store/sqlite/vuln-sbom-store.js';
import { TriageStore, type TriageDecision } from '../../store/sqlite/vuln-triage-store.js';
import type { Component } from '../component.js';
import type { Match } from '../match/match.js';
import { identityOf, type VexStatement } from './vex.js';

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

export function recordVex(db: Db, statements: readonly VexStatement[], scope: Scope, clock: Clock): number {
  const store = new TriageStore(db);
  const at = clock.now().toISOString();
  const run = db.transaction(() => {
    for (const s of statements)
      store.put({ cve: s.cve, identity: s.identity, scope: scopeKey(scope), status: s.status, justification: s.justification, detail: s.detail, response: s.response, source: s.source, decidedAt: at });
  });
  run.immediate();
  return statements.length;
}

export type TriagedMatch = Match & { triage?: TriageDecision };

export function applyTriage(db: Db, matches: readonly Match[], components: readonly Component[], scope: Scope): TriagedMatch[] {
  const decisions = new TriageStore(db).decisionsFor(matches.map((m) => m.cve), scopesOf(scope));
  if (!decisions.size) return [...matches];
  const identity = new Map(components.map((c) => [c.id, identityOf(c)]));
  return matches.map((m) => {
    const id = identity.get(m.component.id);
    const triage = id === undefined ? undefined : decisions.get(`${m.cve} ${id}`);
    return triage ? { ...m, triage } : m;
  });
}
