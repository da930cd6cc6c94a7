/**
 * The technical CSV of every tracked finding (open, in remediation, risk-accepted) with its device and SLA due
 * date: `radguard report --format csv` and GET /api/reports/findings.csv write the same columns. Cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading quote, so an attacker-controlled
 * banner or hostname can never execute in the reader's Excel.
 */
import { slaStatus } from '../lifecycle/sla.js';
import type { AssetScope, InventoryStore } from '../../store/sqlite/inventory-store.js';

export const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s; // never let Excel run a cell as a formula
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const FINDINGS_CSV_COLUMNS = [
  'key',
  'state',
  'severity',
  'rule',
  'cve',
  'host',
  'device',
  'role',
  'criticality',
  'manufacturer',
  'model',
  'location',
  'first_seen',
  'due',
  'due_from',
  'sla_status',
] as const;

/** One line per tracked finding of the devices in scope (all devices without one), header first. */
export function* findingsCsvLines(inv: InventoryStore, at: Date, scope?: AssetScope): Generator<string> {
  yield `${FINDINGS_CSV_COLUMNS.join(',')}\n`;
  for (const tracked of inv.trackedFindingsWithDevice(scope)) {
    const f = slaStatus(tracked, at);
    const a = tracked.device;
    yield `${[
      f.key,
      f.state,
      f.severity,
      f.ruleId,
      f.cve,
      f.host,
      a?.name,
      a?.role,
      a?.criticality,
      a?.manufacturer,
      a?.model,
      a ? [a.department, a.location].filter(Boolean).join(' / ') : '',
      f.firstSeen,
      f.due,
      f.dueFrom,
      f.status,
    ]
      .map(csvCell)
      .join(',')}\n`;
  }
}

export const findingsCsv = (inv: InventoryStore, at: Date, scope?: AssetScope): string => [...findingsCsvLines(inv, at, scope)].join('');
