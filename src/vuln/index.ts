/**
 * The programmatic face of vulnerability intelligence, called by the scan engine after each scan and by the
 * CLI: open the index over the feeds in the store, match components (CPE via NVD configurations, purl via OSV,
 * vendor/product names via CSAF), and enrich every match with CVSS, KEV, EPSS and one explained priority.
 */
import type { Clock } from '../core/clock.js';
import type { Db } from '../store/sqlite/db.js';
import { VulnStore } from '../store/sqlite/vuln-store.js';
import type { Component } from './component.js';
import { feedAges, DEFAULT_MAX_AGE_DAYS, type FeedAge } from './feeds/freshness.js';
import { CsafMatcher } from './match/csaf.matcher.js';
import { distributionVerdicts } from './match/distro-verdict.js';
import type { Match } from './match/match.js';
import { NvdMatcher } from './match/nvd.matcher.js';
import { OsvMatcher } from './match/osv.matcher.js';
import { UnanalysedMatcher } from './match/unanalysed.matcher.js';
import { cveFactsOf, type CveFacts } from './score/cve-facts.js';
import { prioritise, type Priority, type PriorityInput } from './score/priority.js';
import { affectedKey } from './match/index-entry.js';
import { patchList, upgradeTargets, type AffectedVersions, type PatchItem } from './score/patch-list.js';
import { vendorProduct } from './match/cpe.js';
export { patchList, type PatchItem } from './score/patch-list.js';

export type { Component } from './component.js';
export type { Match, Evidence } from './match/match.js';
export type { FeedAge } from './feeds/freshness.js';
export { importFeeds } from './feeds/import.js';

export interface VulnIndex {
  readonly store: VulnStore;
  readonly nvd: NvdMatcher;
  readonly csaf: CsafMatcher;
  readonly osv: OsvMatcher;
  readonly unanalysed: UnanalysedMatcher;
}

export function openVulnIndex(db: Db): VulnIndex {
  // Matching reads index rows and configurations all over a ~1 GB file: mapping it saves a system call per page.
  db.pragma('mmap_size = 4294967296');
  const store = new VulnStore(db);
  return { store, nvd: new NvdMatcher(store), csaf: new CsafMatcher(store), osv: new OsvMatcher(store), unanalysed: new UnanalysedMatcher(store) };
}

export interface MatchOptions {
  /** Evaluate every CVE instead of the index candidates (benchmark baseline; same results, far slower). */
  readonly naive?: boolean;
  /** Skip CVSS/KEV/EPSS enrichment (benchmarks of the matcher alone). */
  readonly bare?: boolean;
  /** What the caller knows about a component's asset; unknown stays "unknown" in the explanation. */
  readonly context?: (componentId: string) => { exposure?: PriorityInput['exposure']; criticality?: PriorityInput['criticality'] } | undefined;
}

/** Components sharing an `asset` key are evaluated together (platform/hardware context); others alone. */
export function matchComponents(dbOrIndex: Db | VulnIndex, components: readonly Component[], opts: MatchOptions = {}): Match[] {
  const index = 'nvd' in dbOrIndex ? dbOrIndex : openVulnIndex(dbOrIndex);
  const groups = new Map<string, Component[]>();
  for (const c of components) {
    const k = c.asset ?? `\u0000${c.id}`;
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  // Appended one by one: spreading a large asset's hundred thousand matches into push() overflows the stack.
  const out: Match[] = [];
  const add = (ms: readonly Match[]) => {
    for (const m of ms) out.push(m);
  };
  for (const g of groups.values()) {
    const nvd = index.nvd.match(g, { naive: opts.naive });
    add(nvd);
    const nvdOf = new Map<string, Match[]>(); // per component: an SBOM asset has thousands
    if (!opts.bare)
      for (const m of nvd) {
        const s = nvdOf.get(m.component.id);
        if (s) s.push(m);
        else nvdOf.set(m.component.id, [m]);
      }
    for (const c of g) {
      const other = [...index.csaf.match(c), ...index.osv.match(c)];
      add(other);
      if (opts.bare) continue;
      const mine = nvdOf.get(c.id) ?? [];
      const cves = new Set(mine.map((m) => m.cve));
      // A distribution build: the distribution's advisory says whether the fix was backported into it.
      if (mine.length && (c.distribution || c.purl)) {
        const verdicts = distributionVerdicts(index.store, c, cves);
        for (const m of mine) {
          const d = verdicts.get(m.cve);
          if (d) m.distribution = d;
        }
      }
      for (const m of other) cves.add(m.cve);
      add(index.unanalysed.match(c, cves));
    }
  }
  if (!opts.bare) {
    const facts = cveFactsOf(index.store, [...new Set(out.map((m) => m.cve))]);
    const shared = new Map<CveFacts, Map<string, Priority>>();
    for (const m of out) enrich(m, facts.get(m.cve)!, opts.context?.(m.component.id), shared);
  }
  if (opts.bare) return byComponentThenCve(out);
  return byPriority(byComponentThenCve(out));
}

/**
 * Most urgent first, then (component, CVE): the stable bucketing of a (component, CVE)-ordered list by score — a
 * few dozen distinct scores — instead of a comparison sort of a million matches.
 */
function byPriority(ms: Match[]): Match[] {
  const buckets = new Map<number, Match[]>();
  for (const m of ms) {
    const k = m.priority?.score ?? 0;
    const b = buckets.get(k);
    if (b) b.push(m);
    else buckets.set(k, [m]);
  }
  const out: Match[] = [];
  for (const k of [...buckets.keys()].sort((a, b) => b - a)) for (const m of buckets.get(k)!) out.push(m);
  return out;
}

/** Code-unit order: ids and CVE names are ASCII, and a locale-aware comparison cost seconds on a million matches. */
const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Unscored matches in (component, CVE) order, sorting each component's few matches instead of all together. */
function byComponentThenCve(ms: Match[]): Match[] {
  const groups = new Map<string, Match[]>();
  for (const m of ms) {
    const g = groups.get(m.component.id);
    if (g) g.push(m);
    else groups.set(m.component.id, [m]);
  }
  const out: Match[] = [];
  for (const id of [...groups.keys()].sort(order)) for (const m of groups.get(id)!.sort((a, b) => order(a.cve, b.cve))) out.push(m);
  return out;
}

/**
 * A priority depends only on the CVE's facts, the match confidence and the asset context: matches without a
 * context share one (read-only) Priority per CVE and confidence instead of rebuilding its explanation each time.
 */
function enrich(m: Match, f: CveFacts, ctx: ReturnType<NonNullable<MatchOptions['context']>>, shared: Map<CveFacts, Map<string, Priority>>): void {
  // NVD's score first; a CSAF match keeps its advisory's score (labelled with the advisory) when NVD has none.
  m.cvss = f.cvss !== 'unscored' || !m.cvss ? f.cvss : m.cvss;
  m.description = f.description;
  if (f.rejected) m.rejected = true;
  if (f.kev) m.kev = f.kev;
  if (f.epss) m.epss = f.epss;
  const input: PriorityInput = { cvss: m.cvss, kev: m.kev, epss: m.epss, confidence: m.confidence, exposure: ctx?.exposure, criticality: ctx?.criticality };
  if (ctx?.exposure || ctx?.criticality || m.cvss !== f.cvss || m.kev !== f.kev || m.epss !== f.epss) {
    m.priority = prioritise(input);
    return;
  }
  let byConfidence = shared.get(f);
  if (!byConfidence) shared.set(f, (byConfidence = new Map()));
  let p = byConfidence.get(m.confidence);
  if (!p) byConfidence.set(m.confidence, (p = prioritise(input)));
  m.priority = p;
}

/**
 * The patch-first list, with what NVD lists as affected for each matched CVE and product: a target never lands on
 * a later release that is still affected.
 */
export function patchListOf(dbOrIndex: Db | VulnIndex, matches: readonly Match[]): PatchItem[] {
  const index = 'nvd' in dbOrIndex ? dbOrIndex : openVulnIndex(dbOrIndex);
  return patchList(matches, affectedOf(index, matches));
}

/** Each match's own target (`upgradeTo`), as the patch list would give it alone: a finding's remediation names it. */
export function setUpgradeTargets(index: VulnIndex, matches: readonly Match[]): void {
  const affected = affectedOf(index, matches);
  for (const m of matches) {
    const to = m.confidence === 'review' ? [] : upgradeTargets([m], affected);
    if (to.length) m.upgradeTo = to;
  }
}

function affectedOf(index: VulnIndex, matches: readonly Match[]): AffectedVersions {
  const keys = new Map<string, [string, string, string]>();
  for (const m of matches)
    if (m.source === 'nvd' && m.confidence !== 'review')
      for (const e of m.evidence) {
        const vp = vendorProduct(e.matched);
        if (vp) keys.set(affectedKey(m.cve, ...vp), [m.cve, ...vp]);
      }
  return index.nvd.affectedVersions([...keys.values()]);
}

/** Feed ages with warnings — to be printed with every result. */
export function feedStatus(dbOrIndex: Db | VulnIndex, clock: Clock, maxAgeDays = DEFAULT_MAX_AGE_DAYS): FeedAge[] {
  const index = 'nvd' in dbOrIndex ? dbOrIndex : openVulnIndex(dbOrIndex);
  return feedAges(index.store, clock.now(), maxAgeDays);
}
