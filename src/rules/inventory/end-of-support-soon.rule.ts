/**
 * The device or its declared operating system reaches end of support within the horizon carried in
 * `inventory.declared` (default 365 days, set where the resolver is made), so replacement can be budgeted in
 * time. Within 90 days the severity rises to medium. Sends nothing.
 */
import { defineRule } from '../rule.js';
import { subjectName, supportEnds } from './support-ends.js';

export default defineRule({
  id: 'end-of-support-soon',
  title: 'End of support approaching',
  severity: 'low',
  remediation:
    'Plan and budget the replacement or upgrade now (practice 2), ask the manufacturer for the successor model ' +
    'or supported software release, and make sure the support contract covers the device until it is replaced.',
  check(facts) {
    return supportEnds(facts)
      .filter((e) => e.daysLeft > 0 && e.daysLeft <= e.declared.data.horizonDays)
      .map(({ end, daysLeft, declared }) => ({
        port: null,
        component: end.what === 'device' ? 'device' : `os:${end.what}`,
        evidence:
          `${end.what === 'device' ? subjectName(declared.data) : `${end.what} on ${subjectName(declared.data)}`} ` +
          `leaves support on ${end.date}, in ${daysLeft} days (source: ${end.source}).`,
        ...(daysLeft <= 90 ? { severity: 'medium' as const } : {}),
        observationIds: [declared.id],
      }));
  },
});
