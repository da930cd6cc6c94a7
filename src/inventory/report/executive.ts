/**
 * The executive report's content, independent of its rendering: a scorecard for the seed's five practices (a
 * practice without the data to judge it says "not assessed" and why), the top risks in plain words, the
 * end-of-support timeline, and the replacement plan. Built from the store with one query per section.
 */
import { readFileSync } from 'node:fs';
import type { AssetScope, InventoryStore } from '../../store/sqlite/inventory-store.js';
import { osSupport } from '../os-lifecycle.js';
import { monthsUntil, replacementPlan, type PlanRow } from '../lifecycle/plan.js';
import type { ZoneMatrixPage } from './executive-segmentation-pdf.js';
import { judgeParticipation, type Participation } from './participation.js';

export interface PracticeScore {
  readonly id: number;
  readonly title: string;
  readonly status: 'at-risk' | 'needs-work' | 'good' | 'not-assessed';
  readonly open: number;
  readonly highOrCritical: number;
  /** The open findings behind the status, by severity (the dashboard scores each practice from these). */
  readonly bySeverity: Readonly<Record<string, number>>;
  /** A score judged on other facts than findings (practice 1); absent → scored from bySeverity. */
  readonly score?: number | null;
  readonly summary: string; // one sentence: what the status rests on, or why it is not assessed
}

export interface ExecutiveReport {
  readonly generatedAt: string;
  readonly site: string;
  readonly assets: number;
  readonly scans: number;
  readonly openBySeverity: Readonly<Record<string, number>>;
  readonly practices: readonly PracticeScore[];
  readonly topRisks: ReadonlyArray<{ readonly text: string; readonly severity: string }>;
  readonly timeline: ReadonlyArray<{ readonly assetId: string; readonly label: string; readonly date: string; readonly what: string; readonly criticality: string }>;
  readonly plan: readonly PlanRow[];
  /** Practice 4's zone matrix: the newest segmentation check, null when none (or withheld from a scoped reader). */
  readonly segmentation: ZoneMatrixPage | null;
}

function practiceOne(d: PracticeDef, p: Participation | null, openFindings: number): PracticeScore {
  const base = { id: d.id, title: d.title, open: 0, highOrCritical: 0, bySeverity: {} };
  if (!p)
    return { ...base, status: 'not-assessed', score: null, summary: 'Not assessed: accounts and console activity are shown only to readers of the whole department.' };
  const v = judgeParticipation(p, openFindings);
  return { ...base, status: v.status, score: v.score, summary: v.summary };
}

interface PracticeDef {
  readonly id: number;
  readonly title: string;
  readonly rules: readonly string[];
  readonly cve?: boolean;
}

const practicesFile = new URL('../../../src/inventory/data/practices.json', import.meta.url);
const matches = (patterns: readonly string[], ruleId: string) =>
  patterns.some((p) => (p.endsWith('*') ? ruleId.startsWith(p.slice(0, -1)) : ruleId === p));

export function executiveReport(
  inv: InventoryStore,
  at: Date,
  opts: {
    site?: string;
    planRows?: number;
    timelineRows?: number;
    /** 0 skips the top-risks query (the dashboard shows findings elsewhere). */
    topRiskRows?: number;
    segmentation?: ZoneMatrixPage | null;
    /** A vendor-service reader's manufacturer/site: every number, risk and row is limited to those devices. */
    scope?: AssetScope;
    /** Practice 1's facts (accounts, triage, exports); absent or null → not assessed (e.g. for a scoped reader). */
    participation?: Participation | null;
  } = {},
): ExecutiveReport {
  const defs = (JSON.parse(readFileSync(practicesFile, 'utf8')) as { practices: PracticeDef[] }).practices;
  const scope = opts.scope;
  const totals = inv.openFindingTotals(scope);
  const scans = inv.scanCount(scope);
  const segmentationChecks = inv.segmentationChecks(scope);
  const openBySeverity: Record<string, number> = {};
  for (const t of totals) openBySeverity[t.severity] = (openBySeverity[t.severity] ?? 0) + t.n;

  // The scorecard and timeline come from counts and groups computed in SQL; only the replacement plan, which
  // ranks every device, reads the devices (the dashboard asks for no plan rows and so never does).
  const { assets, portBasis: withPortBasis, removableKnown } = inv.assetFacts(scope);
  const support = supportSummary(inv, at, scope);
  const planRows = opts.planRows ?? 15;
  const plan = planRows > 0 ? planOf(inv, at, scope) : [];

  const notAssessed = (id: number): string | null => {
    if (scans === 0 && id !== 2 && !(id === 4 && segmentationChecks > 0)) return 'no scan has been run yet';
    if (id === 2 && support.withEnd === 0)
      return 'no device has an end-of-support date (import the inventory or device models, or record the OS)';
    if (id === 3 && withPortBasis === 0 && removableKnown === 0 && open3 === 0)
      return 'no device has declared ports, a declared role or a role inferred from DICOM, and no removable media is recorded';
    if (id === 4 && segmentationChecks === 0)
      return scope && (scope.manufacturer !== null || scope.site !== null)
        ? 'zone policy results describe the whole network and are not shown to an account limited to some devices'
        : 'no zone policy has been verified yet (radguard zones / segmentation)';
    return null;
  };
  const open3 = totals.filter((t) => matches(defs.find((x) => x.id === 3)?.rules ?? [], t.ruleId)).reduce((n, t) => n + t.n, 0);
  const practices: PracticeScore[] = defs.map((d) => {
    if (d.id === 1) return practiceOne(d, opts.participation ?? null, totals.reduce((n, t) => n + t.n, 0));
    const mine = totals.filter((t) => matches(d.rules, t.ruleId) || (d.cve && t.cve));
    const open = mine.reduce((n, t) => n + t.n, 0);
    const highOrCritical = mine.filter((t) => t.severity === 'high' || t.severity === 'critical').reduce((n, t) => n + t.n, 0);
    const bySeverity: Record<string, number> = {};
    for (const t of mine) bySeverity[t.severity] = (bySeverity[t.severity] ?? 0) + t.n;
    const why = notAssessed(d.id);
    if (why && open === 0)
      return { id: d.id, title: d.title, status: 'not-assessed', open, highOrCritical, bySeverity, summary: `Not assessed: ${why}.` };
    const status = highOrCritical > 0 ? 'at-risk' : open > 0 ? 'needs-work' : 'good';
    const basis =
      d.id === 2
        ? ` ${support.ended} of ${support.withEnd} devices with a known date are out of support.`
        : d.id === 3
          ? ` Judged on ${withPortBasis} devices with declared ports or a known role.`
          : '';
    return {
      id: d.id,
      title: d.title,
      status,
      open,
      highOrCritical,
      bySeverity,
      summary: `${open} open findings, ${highOrCritical} high or critical.${basis}`,
    };
  });

  const topRisks = ((opts.topRiskRows ?? 8) > 0 ? inv.topOpenFindings(opts.topRiskRows ?? 8, scope) : []).map((f) => {
    const device = f.assetName ?? ([f.manufacturer, f.model].filter(Boolean).join(' ') || f.host);
    const what = [f.role, f.criticality && f.criticality !== 'unknown' ? `${f.criticality} criticality` : null].filter(Boolean).join(', ');
    const first = f.evidence.split(/(?<=\.)\s/)[0]!.slice(0, 220);
    return {
      severity: f.severity,
      text: `${device}${what ? ` (${what})` : ''}: ${f.title.toLowerCase()}${f.cve ? ` (${f.cve})` : ''}. ${first}`,
    };
  });

  const timeline = inv.earliestSupportEnds(support.osEnds, opts.timelineRows ?? 20, scope).map((e) => ({
    assetId: e.assetId,
    label: e.name ?? ([e.manufacturer, e.model].filter(Boolean).join(' ') || e.assetId),
    date: e.date,
    what: e.what,
    criticality: e.criticality,
  }));

  return {
    generatedAt: at.toISOString(),
    site: opts.site ?? 'all sites',
    assets,
    scans,
    openBySeverity,
    practices,
    topRisks,
    timeline,
    plan: plan.slice(0, planRows),
    segmentation: opts.segmentation ?? null,
  };
}

/**
 * End of support over the devices in scope, from their groups by device date and OS: how many have a known end,
 * how many are already past it (the plan's "months left ≤ 0"), and each OS string's end for the timeline query.
 */
function supportSummary(inv: InventoryStore, at: Date, scope: AssetScope | undefined) {
  const osEnds = new Map<string, { date: string; what: string }>();
  let withEnd = 0;
  let ended = 0;
  for (const g of inv.supportBases(scope)) {
    const o = g.os ? osSupport(g.os) : null;
    if (g.os && o) osEnds.set(g.os, { date: o.endOfSupport, what: o.product });
    // the earlier of the device and OS dates, as supportEndOf picks it
    const date = [g.device || null, o?.endOfSupport ?? null].filter((d): d is string => d !== null).sort()[0];
    if (date === undefined) continue;
    withEnd += g.n;
    if (monthsUntil(date, at) <= 0) ended += g.n;
  }
  return { withEnd, ended, osEnds };
}

/** The risk-ranked replacement plan: every device in scope with its open-finding counts. */
function planOf(inv: InventoryStore, at: Date, scope: AssetScope | undefined): PlanRow[] {
  const counts = inv.findingCounts(scope);
  return replacementPlan(
    inv.eachAsset(scope),
    (id) => inv.model(id),
    (id) => counts.get(id) ?? { open: 0, highOrCritical: 0, kev: 0 },
    at,
  );
}
