/**
 * The inventory records removable media (CD/DVD/USB) with autorun enabled on the device: a patient CD or a USB
 * stick can start code on it (practice 3, "older CD drives"). Reads `inventory.declared`; sends nothing.
 */
import { defineRule } from '../rule.js';
import { inventoryDeclared } from './declared.js';
import { subjectName } from './support-ends.js';

export default defineRule({
  id: 'removable-media-autorun',
  title: 'Removable media with autorun enabled',
  severity: 'medium',
  remediation:
    "Disable autorun/autoplay for all drives on the device (with the manufacturer's agreement if it is a " +
    'validated system), import patient CDs through a dedicated import station that checks them ' +
    '(`radguard media scan`), and remove or lock drives the workflow does not need.',
  check(facts) {
    const declared = facts.observations.filter(inventoryDeclared.is)[0];
    if (!declared || declared.data.autorun !== true || declared.data.removableMedia.length === 0) return [];
    return [
      {
        port: null,
        component: 'removable-media',
        evidence: `The inventory records ${declared.data.removableMedia.join(', ').toUpperCase()} drives with autorun enabled on ${subjectName(declared.data)}.`,
        observationIds: [declared.id],
      },
    ];
  },
});
