/**
 * The device runs software older than the latest version its manufacturer has validated for the model (device
 * model catalog `latest_version`, compared with the asset's recorded software version by their numeric parts, so
 * vendor strings like "VB10" < "VB30" or "5.2 SP1" < "5.4" compare). The same question as `outdated-software`, with
 * the vendor's validated release as the yardstick instead of upstream lifecycles — hence its own rule id. Reads
 * `inventory.declared`; sends nothing.
 */
import { compareNumeric } from '../../identify/lifecycle/lookup.js';
import { defineRule } from '../rule.js';
import { inventoryDeclared } from './declared.js';
import { subjectName } from './support-ends.js';

export default defineRule({
  id: 'below-validated-version',
  title: "Software below the manufacturer's latest validated version",
  severity: 'medium',
  remediation:
    'Ask the manufacturer to install the validated release on this device (practice 5: update software ' +
    'religiously); record the planned date, and check the release notes for the security fixes it brings.',
  check(facts) {
    const declared = facts.observations.filter(inventoryDeclared.is)[0];
    const d = declared?.data;
    if (!declared || !d?.softwareVersion || !d.latestVersion) return [];
    if (!/\d/.test(d.softwareVersion) || !/\d/.test(d.latestVersion)) return [];
    if (compareNumeric(d.softwareVersion, d.latestVersion) >= 0) return [];
    return [
      {
        port: null,
        component: 'software',
        evidence: `${subjectName(d)} runs software ${d.softwareVersion} (inventory); the manufacturer's latest validated version for the model is ${d.latestVersion} (device-model catalog).`,
        observationIds: [declared.id],
      },
    ];
  },
});
