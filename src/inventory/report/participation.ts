/**
 * Practice 1, "cybersecurity is everyone's job", judged on what the console records: who has an account (a
 * department where only admins log in has not shared the work), whether people triage findings, and whether
 * reports reach leaders and providers. Facts over a recent window, so a team that stopped looking shows it.
 */
export interface Participation {
  /** Active accounts (not disabled, not expired) per role. */
  readonly accountsByRole: Readonly<Record<string, number>>;
  /** Finding state changes made by people (not by scans) since `since`. */
  readonly triageDecisions: number;
  /** Reports exported from the console since `since` (audit log). */
  readonly reportExports: number;
  readonly since: string;
}

export const PARTICIPATION_WINDOW_DAYS = 90;
export const participationSince = (now: Date): string => new Date(now.getTime() - PARTICIPATION_WINDOW_DAYS * 86_400_000).toISOString();

export interface ParticipationVerdict {
  readonly status: 'good' | 'needs-work' | 'at-risk' | 'not-assessed';
  /** 0–100: each missing part costs a third. Null when not assessed. */
  readonly score: number | null;
  readonly summary: string;
}

export function judgeParticipation(p: Participation, openFindings: number): ParticipationVerdict {
  const accounts = Object.values(p.accountsByRole).reduce((n, x) => n + x, 0);
  if (accounts === 0)
    return {
      status: 'not-assessed',
      score: null,
      summary: 'Not assessed: nobody has a console account yet (radguard users add, or the setup token printed at first start).',
    };
  const gaps: string[] = [];
  if (!p.accountsByRole['biomedical-engineer'] && !p.accountsByRole['vendor-service'] && !p.accountsByRole.viewer)
    gaps.push('only security staff have accounts: no biomedical engineer, vendor or viewer');
  if (openFindings > 0 && p.triageDecisions === 0) gaps.push(`no finding was triaged in ${PARTICIPATION_WINDOW_DAYS} days`);
  if (p.reportExports === 0) gaps.push(`no report was exported from the console in ${PARTICIPATION_WINDOW_DAYS} days`);
  const roles = Object.entries(p.accountsByRole)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, n]) => `${role} ${n}`)
    .join(', ');
  const facts = `${accounts} active accounts (${roles}); ${p.triageDecisions} triage decisions and ${p.reportExports} report exports in the last ${PARTICIPATION_WINDOW_DAYS} days.`;
  const status = gaps.length === 0 ? 'good' : gaps.length === 3 ? 'at-risk' : 'needs-work';
  return { status, score: Math.round(100 - (100 * gaps.length) / 3), summary: gaps.length ? `${facts} Gaps: ${gaps.join('; ')}.` : facts };
}
