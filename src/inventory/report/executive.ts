/**
 * The executive report's content, independent of its rendering: a scorecard for the seed's five practices (a
 * practice without the data to judge it says "not assessed" and why), the top risks in plain words, the
 * end-of-support timeline, and the replacement plan. Built from the store with one query per section.
 */
import { readFileSync } from 'node:fs';
import type { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { replacementPlan, supportEndOf, type PlanRow } from '../lifecycle/plan.js';

export interface PracticeScore {
  readonly id: number;
  readonly title: string;
  readonly status: 'at-risk' | 'needs-work' | 'good' | 'not-assessed';
  readonly open: number;
  readonly highOrCritical: number;
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
  readonly timeline: ReadonlyArray<{ readonly label: string; readonly date: string; readonly what: string; readonly criticality: string }>;
  readonly plan: readonly PlanRow[];
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
  opts: { site?: string; planRows?: number; timelineRows?: number } = {},
): ExecutiveReport {
  const defs = (JSON.parse(readFileSync(practicesFile, 'utf8')) as { practices: PracticeDef[] }).practices;
  const totals = inv.openFindingTotals();
  const scans = inv.scanCount();
  const segmentationChecks = inv.segmentationChecks();
  const openBySeverity: Record<string, number> = {};
  for (const t of totals) openBySeverity[t.severity] = (openBySeverity[t.severity] ?? 0) + t.n;

  const counts = inv.findingCounts();
  const assets = [...inv.eachAsset()];
  const modelCache = new Map<string, ReturnType<InventoryStore['model']>>();
  const modelOf = (id: string) => (modelCache.has(id) ? modelCache.get(id)! : (modelCache.set(id, inv.model(id)), modelCache.get(id)!));
  const plan = replacementPlan(assets, modelOf, (id) => counts.get(id) ?? { open: 0, highOrCritical: 0, kev: 0 }, at);
  const withEnd = plan.filter((r) => r.supportEnds !== null);
  const withPortBasis = assets.filter(
    (a) => a.roleSource === 'declared' || a.roleSource === 'inferred-dicom' || (a.modelId && (modelOf(a.modelId)?.ports.length ?? 0) > 0),
  ).length;
  const removableKnown = assets.filter((a) => a.removableMedia.length > 0 || a.autorun !== null).length;

  const notAssessed = (id: number): string | null => {
    if (id === 1) return 'roles, scoped access and per-role views come with the web console; this report is the leaders\' view';
    if (scans === 0 && id !== 2 && !(id === 4 && segmentationChecks > 0)) return 'no scan has been run yet';
    if (id === 2 && withEnd.length === 0)
      return 'no device has an end-of-support date (import the inventory or device models, or record the OS)';
    if (id === 3 && withPortBasis === 0 && removableKnown === 0 && open3 === 0)
      return 'no device has declared ports, a declared role or a role inferred from DICOM, and no removable media is recorded';
    if (id === 4 && segmentationChecks === 0) return 'no zone policy has been verified yet (radguard zones / segmentation)';
    return null;
  };
  const open3 = totals.filter((t) => matches(defs.find((x) => x.id === 3)?.rules ?? [], t.ruleId)).reduce((n, t) => n + t.n, 0);
  const practices: PracticeScore[] = defs.map((d) => {
    const mine = totals.filter((t) => matches(d.rules, t.ruleId) || (d.cve && t.cve));
    const open = mine.reduce((n, t) => n + t.n, 0);
    const highOrCritical = mine.filter((t) => t.severity === 'high' || t.severity === 'critical').reduce((n, t) => n + t.n, 0);
    const why = notAssessed(d.id);
    if (why && open === 0)
      return { id: d.id, title: d.title, status: 'not-assessed', open, highOrCritical, summary: `Not assessed: ${why}.` };
    const status = highOrCritical > 0 ? 'at-risk' : open > 0 ? 'needs-work' : 'good';
    const basis =
      d.id === 2
        ? ` ${withEnd.filter((r) => (r.monthsLeft ?? 1) <= 0).length} of ${withEnd.length} devices with a known date are out of support.`
        : d.id === 3
          ? ` Judged on ${withPortBasis} devices with declared ports or a known role.`
          : '';
    return {
      id: d.id,
      title: d.title,
      status,
      open,
      highOrCritical,
      summary: `${open} open findings, ${highOrCritical} high or critical.${basis}`,
    };
  });

  const topRisks = inv.topOpenFindings(8).map((f) => {
    const device = f.assetName ?? ([f.manufacturer, f.model].filter(Boolean).join(' ') || f.host);
    const what = [f.role, f.criticality && f.criticality !== 'unknown' ? `${f.criticality} criticality` : null].filter(Boolean).join(', ');
    const first = f.evidence.split(/(?<=\.)\s/)[0]!.slice(0, 220);
    return {
      severity: f.severity,
      text: `${device}${what ? ` (${what})` : ''}: ${f.title.toLowerCase()}${f.cve ? ` (${f.cve})` : ''}. ${first}`,
    };
  });

  const timeline = assets
    .map((a) => ({ a, end: supportEndOf(a, a.modelId ? modelOf(a.modelId) : null) }))
    .filter((x) => x.end)
    .sort((x, y) => x.end!.date.localeCompare(y.end!.date))
    .slice(0, opts.timelineRows ?? 20)
    .map(({ a, end }) => ({
      label: a.name ?? ([a.manufacturer, a.model].filter(Boolean).join(' ') || a.id),
      date: end!.date,
      what: end!.what,
      criticality: a.criticality,
    }));

  return {
    generatedAt: at.toISOString(),
    site: opts.site ?? 'all sites',
    assets: assets.length,
    scans,
    openBySeverity,
    practices,
    topRisks,
    timeline,
    plan: plan.slice(0, opts.planRows ?? 15),
  };
}
