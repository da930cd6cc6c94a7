/**
 * A TCP port the manufacturer declared for the model that the sweep found closed or silent. Informational:
 * the device may simply not use that feature here, but a declared DICOM or HL7 port that is closed often
 * means a misconfigured or replaced device, or an out-of-date declaration. Judged only on ports this scan
 * actually checked. Reads `inventory.declared`; sends nothing.
 */
import { defineRule } from '../rule.js';
import { inventoryDeclared } from './declared.js';

export default defineRule({
  id: 'declared-port-closed',
  title: 'Declared port is closed',
  severity: 'info',
  remediation:
    'Check with the modality engineer whether the service is meant to run here; if the device no longer uses it, ' +
    "update the model's declared ports so the inventory matches reality.",
  check(facts) {
    const declared = facts.observations.filter(inventoryDeclared.is)[0];
    const d = declared?.data;
    if (!declared || !d?.declaredPorts) return [];
    const states = new Map(facts.ports.filter((p) => p.protocol === 'tcp').map((p) => [p.port, p.state]));
    const who = [d.manufacturer, d.model].filter(Boolean).join(' ') || 'this model';
    return d.declaredPorts
      .filter((p) => p.protocol === 'tcp' && (states.get(p.port) === 'closed' || states.get(p.port) === 'filtered'))
      .map((p) => ({
        port: p.port,
        evidence:
          `${who} declares ${p.port}/tcp${p.service ? ` (${p.service})` : ''} (source: ${d.declaredPortsSource ?? 'catalog'}), ` +
          `but it was ${states.get(p.port) === 'closed' ? 'closed (reset)' : 'silent (filtered)'} in this scan.`,
        observationIds: [declared.id],
        probeId: 'tcp.sweep',
      }));
  },
});
