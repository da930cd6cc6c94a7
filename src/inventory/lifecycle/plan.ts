/**
 * Lifecycle and replacement planning: per device, when its support ends (device date from the inventory or the
 * model catalog, OS date from the lifecycle tables) and a risk-ranked replacement plan. The rank multiplies the
 * clinical criticality by how urgent the device is: support already ended or ending soon, open high/critical
 * findings, and vulnerabilities on CISA's KEV list. Pure: the store supplies assets, models and finding counts.
 */
import type { InventoryAsset } from '../asset.js';
import type { DeviceModelRecord } from '../device-model.js';
import { osSupport } from '../os-lifecycle.js';

export interface FindingCounts {
  readonly open: number;
  readonly highOrCritical: number;
  readonly kev: number;
}

export interface PlanRow {
  readonly rank: number;
  readonly assetId: string;
  readonly name: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly role: string | null;
  readonly location: string | null;
  readonly criticality: string;
  readonly supportEnds: string | null; // the earliest of device and OS end of support
  readonly supportEndsWhat: string | null;
  readonly monthsLeft: number | null; // negative: months since support ended
  readonly openFindings: number;
  readonly highOrCritical: number;
  readonly kev: number;
  readonly score: number;
  readonly why: string;
}

const WEIGHT: Record<string, number> = { 'life-critical': 4, high: 3, medium: 2, unknown: 2, low: 1 };
const MONTH = 30.44 * 86_400_000;

/** Months (one decimal) from `at` to a YYYY-MM-DD date; negative once it has passed. */
export const monthsUntil = (date: string, at: Date): number =>
  Math.round(((Date.parse(`${date}T00:00:00Z`) - at.getTime()) / MONTH) * 10) / 10;

export function supportEndOf(asset: InventoryAsset, model: DeviceModelRecord | null): { date: string; what: string } | null {
  const ends: Array<{ date: string; what: string }> = [];
  const device = asset.endOfSupport ?? model?.endOfSupport;
  if (device) ends.push({ date: device, what: 'device' });
  const os = asset.os ?? model?.os;
  const o = os ? osSupport(os) : null;
  if (o) ends.push({ date: o.endOfSupport, what: o.product });
  return ends.sort((a, b) => a.date.localeCompare(b.date))[0] ?? null;
}

export function replacementPlan(
  assets: Iterable<InventoryAsset>,
  modelOf: (id: string) => DeviceModelRecord | null,
  countsOf: (assetId: string) => FindingCounts,
  at: Date,
): PlanRow[] {
  const rows: Omit<PlanRow, 'rank'>[] = [];
  for (const a of assets) {
    const end = supportEndOf(a, a.modelId ? modelOf(a.modelId) : null);
    const months = end ? monthsUntil(end.date, at) : null;
    const c = countsOf(a.id);
    const urgency =
      (months === null ? 0.5 : months <= 0 ? 3 : months <= 12 ? 2 : months <= 24 ? 1 : 0) +
      Math.min(3, c.highOrCritical * 0.5) +
      Math.min(4, c.kev * 2);
    const score = Math.round(WEIGHT[a.criticality]! * urgency * 10) / 10;
    const why = [
      months === null
        ? 'end of support unknown'
        : months <= 0
          ? `${end!.what} out of support since ${end!.date}`
          : `${end!.what} support ends ${end!.date}`,
      c.highOrCritical ? `${c.highOrCritical} open high/critical findings` : '',
      c.kev ? `${c.kev} known-exploited (KEV) vulnerabilities` : '',
      `criticality ${a.criticality}`,
    ]
      .filter(Boolean)
      .join('; ');
    rows.push({
      assetId: a.id,
      name: a.name,
      manufacturer: a.manufacturer,
      model: a.model,
      role: a.role,
      location: [a.department, a.location].filter(Boolean).join(' / ') || null,
      criticality: a.criticality,
      supportEnds: end?.date ?? null,
      supportEndsWhat: end?.what ?? null,
      monthsLeft: months,
      openFindings: c.open,
      highOrCritical: c.highOrCritical,
      kev: c.kev,
      score,
      why,
    });
  }
  rows.sort((x, y) => y.score - x.score || (x.monthsLeft ?? Infinity) - (y.monthsLeft ?? Infinity) || x.assetId.localeCompare(y.assetId));
  return rows.map((r, i) => ({ rank: i + 1, ...r }));
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would run as a formula in Excel: quote it as text (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function planCsv(rows: readonly PlanRow[]): string {
  const cols: Array<keyof PlanRow> = [
    'rank',
    'name',
    'manufacturer',
    'model',
    'role',
    'location',
    'criticality',
    'supportEnds',
    'supportEndsWhat',
    'monthsLeft',
    'openFindings',
    'highOrCritical',
    'kev',
    'score',
    'why',
    'assetId',
  ];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
