/**
 * Identification from the sysDescr an SNMP agent returned to a default community: printers, film imagers, UPS
 * cards, Linux/Solaris consoles, and Windows builds (looked up in the Windows lifecycle table, so `legacy-os`
 * works from SNMP alone).
 */
import type { Observation } from '../../core/observation.js';
import { defineIdentifier, type Identification } from '../identifier.js';
import { windowsIdentification } from '../windows/windows.identifier.js';
import { SYSDESCR_PATTERNS } from './sysdescr-patterns.js';

export function identifySysDescr(sysDescr: string, port: number): Identification[] {
  for (const p of SYSDESCR_PATTERNS) {
    const m = p.re.exec(sysDescr);
    if (!m) continue;
    const evidence = `SNMP sysDescr "${sysDescr.slice(0, 120)}" on port ${port}`;
    if (p.id === 'windows-snmp-agent') return [windowsIdentification({ major: Number(m[1]), minor: Number(m[2]), build: Number(m[3]) }, 'high', evidence)];
    const version = p.version?.(m);
    return [
      {
        port: p.kind === 'os' ? null : port,
        kind: p.kind,
        product: p.product(m),
        vendor: typeof p.vendor === 'string' ? p.vendor : p.vendor(m),
        ...(version ? { version } : {}),
        cpe: p.cpe ? [p.cpe(m)] : [],
        ...(p.deviceType ? { deviceType: p.deviceType } : {}),
        confidence: 'medium',
        evidence,
      },
    ];
  }
  return [];
}

export default defineIdentifier({
  id: 'snmp-sysdescr',
  kinds: ['snmp.community'],
  identify(o: Observation): readonly Identification[] {
    const d = (o.data as { sysDescr?: string | null }).sysDescr;
    return d ? identifySysDescr(d, o.endpoint.port) : [];
  },
});
