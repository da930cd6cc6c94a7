/**
 * Patch and remediation tracking on the one finding state machine: every open or in-remediation finding gets a
 * due date from an SLA clock by severity (configurable), a CISA KEV due date overrides it when earlier, and risk
 * acceptances whose expiry has passed are listed for review (the scan engine reopens them at the next scan).
 * Pure; time comes in as an argument.
 */
import type { FindingState } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';

export type SlaDays = Readonly<Record<Severity, number | null>>; // null: no deadline for that severity

/** Defaults in the spirit of CISA BOD 19-02 / common hospital policies: critical 15 days, high 30, medium 90, low 180. */
export const DEFAULT_SLA: SlaDays = { critical: 15, high: 30, medium: 90, low: 180, info: null };

export interface TrackedFinding {
  readonly key: string;
  readonly subject: string;
  readonly host: string;
  readonly ruleId: string;
  readonly cve: string | null;
  readonly severity: Severity;
  readonly state: FindingState;
  readonly firstSeen: string;
  readonly acceptedUntil: string | null;
  readonly kevDue: string | null; // YYYY-MM-DD from the KEV catalogue
}

export interface SlaStatus extends TrackedFinding {
  readonly due: string | null;
  readonly dueFrom: 'kev' | 'sla' | null;
  readonly daysLeft: number | null; // negative: overdue by that many days
  readonly status: 'overdue' | 'due-soon' | 'on-track' | 'no-deadline' | 'acceptance-expired';
}

const DAY = 86_400_000;

export function slaStatus(f: TrackedFinding, at: Date, sla: SlaDays = DEFAULT_SLA, soonDays = 7): SlaStatus {
  if (f.state === 'risk-accepted') {
    const expired = f.acceptedUntil !== null && Date.parse(f.acceptedUntil) <= at.getTime();
    return {
      ...f,
      due: f.acceptedUntil,
      dueFrom: null,
      daysLeft: f.acceptedUntil ? Math.floor((Date.parse(f.acceptedUntil) - at.getTime()) / DAY) : null,
      status: expired ? 'acceptance-expired' : 'no-deadline',
    };
  }
  if (f.state !== 'open' && f.state !== 'in-remediation') return { ...f, due: null, dueFrom: null, daysLeft: null, status: 'no-deadline' };
  const days = sla[f.severity];
  const bySla = days === null ? null : new Date(Date.parse(f.firstSeen) + days * DAY).toISOString().slice(0, 10);
  const useKev = f.kevDue !== null && (bySla === null || f.kevDue < bySla);
  const due = useKev ? f.kevDue : bySla;
  if (due === null) return { ...f, due: null, dueFrom: null, daysLeft: null, status: 'no-deadline' };
  const daysLeft = Math.floor((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${at.toISOString().slice(0, 10)}T00:00:00Z`)) / DAY);
  return {
    ...f,
    due,
    dueFrom: useKev ? 'kev' : 'sla',
    daysLeft,
    status: daysLeft < 0 ? 'overdue' : daysLeft <= soonDays ? 'due-soon' : 'on-track',
  };
}

/** Parses "critical=7,high=14" over the defaults; a bad entry is a usage problem the caller reports. */
export function parseSla(spec: string): SlaDays | string {
  const out: Record<string, number | null> = { ...DEFAULT_SLA };
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(critical|high|medium|low|info)=(\d{1,4}|none)$/.exec(part);
    if (!m) return `"${part}" is not severity=days (e.g. critical=7,high=30,info=none)`;
    out[m[1]!] = m[2] === 'none' ? null : Number(m[2]);
  }
  return out as SlaDays;
}
