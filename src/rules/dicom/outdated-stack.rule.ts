/**
 * A standalone DICOM server (Orthanc, DCMTK tools — an archive, worklist, store or print SCP whose identifiers are
 * the toolkit's own) runs a toolkit release older than the oldest one without known remote flaws. Not raised for
 * vendor modalities (vendor UID root): the hospital cannot patch their toolkit; the vulnerability matcher speaks
 * there through the CPE.
 */
import type { Verdict } from '../../core/finding.js';
import { dicomAssociation, dicomServices } from '../../probes/dicom/observations.js';
import { defineRule, verdictFor } from '../rule.js';

/** DCMTK 3.6.9 fixed CVE-2024-34509 (segfault on invalid DIMSE) and the 3.6.8 dcmimgle out-of-bounds writes. */
const DCMTK_FIXED = [3, 6, 9] as const;

function dcmtkVersion(versionName: string | null): [number, number, number] | null {
  const m = /^OFFIS_DCMTK_(\d)(\d)(\d+)$/.exec(versionName ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
const older = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) < b[i]!;
  return false;
};

export default defineRule({
  id: 'dicom-outdated-stack',
  title: 'Standalone DICOM server on an outdated toolkit',
  severity: 'medium',
  remediation:
    'Update the server: Orthanc to the current release (its official builds bundle a current DCMTK; on Debian/Ubuntu ' +
    'install the security updates of orthanc and libdcmtk), DCMTK tools to 3.6.9 or later, dcm4chee-arc to the ' +
    'current 5.x. Then re-run the scan to confirm the new Implementation Version Name.',
  check(facts) {
    const standalone = facts.observations.filter(dicomServices.is).some((o) => o.data.roles.some((r) => r !== 'verification-only'));
    if (!standalone) return [];
    const out = new Map<number, Verdict>();
    for (const o of facts.observations.filter(dicomAssociation.is)) {
      const impl = o.data.implementation;
      const v = dcmtkVersion(impl?.versionName ?? null);
      if (!v || !impl?.classUid?.startsWith('1.2.276.0.7230010.3.') || !older(v, DCMTK_FIXED) || out.has(o.endpoint.port)) continue;
      out.set(
        o.endpoint.port,
        verdictFor(o, `Port ${o.endpoint.port} identifies as DCMTK ${v.join('.')} (${impl.versionName}, ${impl.classUid}); releases before ${DCMTK_FIXED.join('.')} have publicly known remote flaws (e.g. CVE-2024-34509).`),
      );
    }
    return [...out.values()];
  },
});
