/**
 * A Windows build past its end of support, judged from fingerprints alone (NTLM challenge over SMB or RDP, SMB1
 * NativeOS, the Windows SNMP agent) against the dated table in identify/windows/windows-builds.ts, on the date
 * the fingerprint was observed.
 */
import type { Observation } from '../../core/observation.js';
import { identifiedProduct } from '../../identify/identified.js';
import type { Identification } from '../../identify/identifier.js';
import { supportState, windowsBuild, type WindowsBuild } from '../../identify/windows/windows-builds.js';
import { defineRule } from '../rule.js';

/** Windows builds fingerprinted on the host, each with the observations that showed it. */
type IdentifiedObservation = Observation<'identify.product', Identification & { readonly from: string }>;

export function windowsBuildsSeen(observations: readonly Observation[]): Array<{ row: WindowsBuild; seen: IdentifiedObservation[] }> {
  const found = new Map<WindowsBuild, IdentifiedObservation[]>();
  for (const o of observations.filter(identifiedProduct.is)) {
    if (o.data.kind !== 'os' || o.data.vendor !== 'Microsoft' || !o.data.version) continue;
    const [major, minor, build] = o.data.version.split('.').map(Number);
    const row = windowsBuild(major ?? -1, minor ?? -1, build ?? -1);
    if (row) found.set(row, [...(found.get(row) ?? []), o]);
  }
  return [...found].map(([row, seen]) => ({ row, seen }));
}

export default defineRule({
  id: 'legacy-os',
  title: 'Operating system past end of support',
  severity: 'high',
  remediation:
    'Plan the replacement or upgrade with the vendor (ask for the supported OS release of this device model and ' +
    'its MDS2 form). Until then, treat it as unpatched: put it in its own VLAN, allow only the connections it ' +
    'needs (DICOM to the PACS, the vendor\'s service access through a gateway), turn SMB1/RDP off where not ' +
    'needed, and record the risk acceptance with an expiry date.',
  check(facts) {
    return windowsBuildsSeen(facts.observations).flatMap(({ row, seen }) => {
      const { state } = supportState(row, new Date(seen[0]!.observedAt));
      if (state === 'supported') return [];
      const day = seen[0]!.observedAt.slice(0, 10);
      const ended = row.editions.filter((e) => e.endOfSupport < day).map((e) => `${e.name} (ended ${e.endOfSupport})`);
      const alive = row.editions.filter((e) => e.endOfSupport >= day).map((e) => `${e.name} (until ${e.endOfSupport})`);
      const how = [...new Set(seen.map((o) => o.data.evidence))].join('; ');
      return [
        {
          port: null,
          component: row.cpe,
          evidence:
            `${how}. Build ${seen[0]!.data.version} is ${row.family}: ${ended.join(', ')}.` +
            (alive.length ? ` Still supported only if this is ${alive.join(' or ')}: confirm the edition on the device.` : ' No edition of this build receives security updates any more.'),
          ...(state === 'partly-unsupported' ? { severity: 'medium' as const } : {}),
          observationIds: seen.map((o) => o.id),
        },
      ];
    });
  },
});
