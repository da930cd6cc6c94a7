/**
 * The device (per the inventory or the model catalog) or its declared operating system (per the lifecycle
 * tables) is past its end of support on the scan date. Reads `inventory.declared`; sends nothing. Complements
 * `legacy-os`, which judges the OS the wire revealed rather than the one the inventory declares.
 */
import { defineRule } from '../rule.js';
import { subjectName, supportEnds } from './support-ends.js';

export default defineRule({
  id: 'end-of-support',
  title: 'Device or operating system past end of support',
  severity: 'high',
  remediation:
    'Put the device on the replacement plan (practice 2: replace equipment that can no longer be updated) and ask ' +
    'the manufacturer for a supported upgrade path. Until it is replaced, isolate it in its own VLAN, allow only ' +
    'the connections it needs, and record a risk acceptance with an expiry date.',
  check(facts) {
    return supportEnds(facts)
      .filter((e) => e.daysLeft <= 0)
      .map(({ end, daysLeft, declared }) => ({
        port: null,
        component: end.what === 'device' ? 'device' : `os:${end.what}`,
        evidence:
          `${end.what === 'device' ? subjectName(declared.data) : `${end.what} on ${subjectName(declared.data)}`} ` +
          `left support on ${end.date}, ${-daysLeft} days before this scan (source: ${end.source}).`,
        observationIds: [declared.id],
      }));
  },
});
