import { UsageError } from './errors.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export function parseSeverity(text: string): Severity {
  const s = text.toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(s)) return s as Severity;
  throw new UsageError(`unknown severity "${text}" (expected one of ${SEVERITIES.join(', ')})`);
}
