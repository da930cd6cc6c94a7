/**
 * The posture score the dashboard shows, 0–100: 100 with nothing open, lower as weighted open findings per device
 * grow. Weights follow severity (critical 10, high 5, medium 2, low 0.5, info 0); the score halves when the
 * weight per device reaches 10 — one open critical on every device, or two highs. Per device, so a department
 * that grows its inventory is not punished for size, and the same formula scores each scan for the trend.
 */
export const SEVERITY_WEIGHT: Readonly<Record<string, number>> = { critical: 10, high: 5, medium: 2, low: 0.5, info: 0 };

export function postureScore(bySeverity: Readonly<Record<string, number>>, devices: number): number {
  let weight = 0;
  for (const [severity, n] of Object.entries(bySeverity)) weight += (SEVERITY_WEIGHT[severity] ?? 0) * n;
  return Math.round(100 / (1 + weight / Math.max(1, devices) / 10));
}
