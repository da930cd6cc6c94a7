/**
 * An open TCP port the device does not need: not among the ports its manufacturer declared for the model
 * (MDS2, vendor port list, catalog), or — where nothing was declared — not in the port profile of its role,
 * when that role was declared in the inventory or inferred from the DICOM services it accepted. Roles guessed
 * from open ports are never used (that would be circular). Reads `inventory.declared` (added by the inventory's
 * identity resolver) and the sweep's port states; sends nothing.
 */
import type { Verdict } from '../../core/finding.js';
import { defineRule } from '../rule.js';
import { inventoryDeclared } from './declared.js';

/** Ports whose exposure is worse than an ordinary stray service: remote control, cleartext logins, file shares. */
const RISKY = new Set([21, 23, 135, 139, 445, 3389, 5800, 5900, 5901, 5985, 5986]);

export default defineRule({
  id: 'open-port-unneeded',
  title: 'Open port the device does not need',
  severity: 'medium',
  remediation:
    'Close the service on the device or block the port at the VLAN firewall so only the declared connections ' +
    'remain (practice 3: close open but unused ports). If the manufacturer needs it (e.g. remote service), get ' +
    "that in writing (MDS2 RMOT section or its port list), add it to the model's declared ports, and restrict " +
    'it to the vendor gateway.',
  check(facts) {
    const declared = facts.observations.filter(inventoryDeclared.is)[0];
    if (!declared) return [];
    const d = declared.data;
    const open = facts.ports.filter((p) => p.state === 'open' && p.protocol === 'tcp');
    const who = [d.manufacturer, d.model].filter(Boolean).join(' ') || 'this model';
    const out: Verdict[] = [];
    if (d.declaredPorts) {
      const allowed = new Set(d.declaredPorts.filter((p) => p.protocol === 'tcp').map((p) => p.port));
      for (const p of open) {
        if (allowed.has(p.port)) continue;
        out.push({
          port: p.port,
          evidence:
            `Port ${p.port}/tcp${p.service ? ` (${p.service})` : ''} is open, but ${who} declares only ` +
            `${[...allowed].sort((a, b) => a - b).join(', ') || 'no TCP ports'} (source: ${d.declaredPortsSource ?? 'catalog'}).`,
          severity: RISKY.has(p.port) ? 'high' : 'medium',
          observationIds: [declared.id],
          probeId: 'tcp.sweep',
        });
      }
      return out;
    }
    if (!d.profile || !d.role) return [];
    const allowed = new Set([...d.profile.ports, ...d.roleEvidencePorts]);
    const how =
      d.roleSource === 'declared'
        ? `declared as ${d.role} (${d.roleEvidence})`
        : `inferred to be ${d.role} from its DICOM services: ${d.roleEvidence}`;
    for (const p of open) {
      if (allowed.has(p.port)) continue;
      out.push({
        port: p.port,
        evidence:
          `Port ${p.port}/tcp${p.service ? ` (${p.service})` : ''} is open; no ports are declared for ${who}, and the device is ${how}. ` +
          `The "${d.profile.name}" role profile needs only ${[...allowed].sort((a, b) => a - b).join(', ')}.`,
        // An inferred role is a weaker basis than a declaration: one step lower unless the port is a risky one.
        severity: RISKY.has(p.port) ? 'high' : d.roleSource === 'declared' ? 'medium' : 'low',
        observationIds: [declared.id],
        probeId: 'tcp.sweep',
      });
    }
    return out;
  },
});
