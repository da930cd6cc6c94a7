/** Plain-text rendering of a ruleset review: the zone matrix (ruleset vs policy), violations, blocked, skipped. */
import type { RulesetReview } from './evaluate.js';

export function renderReview(r: RulesetReview): string {
  const out: string[] = [`Zone matrix (firewall ruleset, ${r.format}: what a new connection may reach)`];
  for (const c of r.matrix) {
    if (c.status === 'nothing-allowed' && !c.policyAllows.length) continue;
    out.push(`  ${`${c.from} → ${c.to}`.padEnd(28)} ${(c.status === 'violation' ? 'VIOLATION' : c.status === 'allowed-only' ? 'ok' : '-').padEnd(10)} ruleset: ${c.rulesetAllows}  policy: ${c.policyAllows.join(', ') || 'nothing'}`);
  }
  out.push('', r.violations.length ? `${r.violations.length} path(s) the ruleset allows against the policy:` : 'The ruleset allows nothing the policy does not.');
  for (const v of r.violations) out.push(`  [${v.severity}] ${v.ruleId}: ${v.evidence}`);
  if (r.blocked.length) {
    out.push('', `${r.blocked.length} path(s) the policy allows but the ruleset blocks (info):`);
    for (const v of r.blocked) out.push(`  ${v.evidence}`);
  }
  if (r.skipped.length) {
    out.push('', `${r.skipped.length} rule(s) not evaluated (their reach is unknown; the verdict above ignores them):`);
    for (const s of r.skipped) out.push(`  ${s.chain} ${s.line}: ${s.reason}: ${s.text}`);
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return `${out.join('\n')}\n`;
}
