/**
 * Exports matches as a CycloneDX 1.6 VEX document: the components with bom-refs, one vulnerability per CVE with
 * its ratings and `affects`, and `analysis` from the triage decision — or `in_triage` when nobody has decided
 * yet, because a match is a lead to confirm, not a verdict.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../component.js';
import { distributionNote } from '../match/distro-verdict.js';
import type { TriagedMatch } from './triage.js';
import { TO_CDX_STATE } from './vex.js';

const CDX_TYPE: Record<Component['kind'], string> = { os: 'operating-system', firmware: 'firmware', application: 'application', library: 'library', device: 'device' };
const METHOD: Record<string, string> = { '4.0': 'CVSSv4', '3.1': 'CVSSv31', '3.0': 'CVSSv3', '2.0': 'CVSSv2' };
/** CycloneDX justification values; CSAF/OpenVEX labels map onto the nearest one. */
const JUSTIFICATION: Record<string, string> = {
  code_not_present: 'code_not_present', code_not_reachable: 'code_not_reachable', requires_configuration: 'requires_configuration',
  requires_dependency: 'requires_dependency', requires_environment: 'requires_environment', protected_by_compiler: 'protected_by_compiler',
  protected_at_runtime: 'protected_at_runtime', protected_at_perimeter: 'protected_at_perimeter', protected_by_mitigating_control: 'protected_by_mitigating_control',
  component_not_present: 'code_not_present', vulnerable_code_not_present: 'code_not_present', vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'protected_by_mitigating_control', inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

export function exportCycloneDxVex(components: readonly Component[], matches: readonly TriagedMatch[], clock: Clock, serial = randomUUID()): Record<string, unknown> {
  const used = new Set(matches.map((m) => m.component.id));
  const byCve = new Map<string, TriagedMatch[]>();
  for (const m of matches) byCve.set(m.cve, [...(byCve.get(m.cve) ?? []), m]);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    metadata: { timestamp: clock.now().toISOString(), tools: { components: [{ type: 'application', name: 'radguard' }] } },
    components: components.filter((c) => used.has(c.id)).map((c) => ({
      type: CDX_TYPE[c.kind], 'bom-ref': c.id, name: c.name, ...(c.version ? { version: c.version } : {}),
      ...(c.cpes[0] ? { cpe: c.cpes[0] } : {}), ...(c.purl ? { purl: c.purl } : {}),
    })),
    vulnerabilities: [...byCve].map(([cve, ms]) => {
      const first = ms[0]!;
      const cvss = first.cvss && first.cvss !== 'unscored' ? first.cvss : undefined;
      const decided = ms.find((m) => m.triage)?.triage;
      const justification = decided?.justification ? JUSTIFICATION[decided.justification] : undefined;
      return {
        'bom-ref': `vuln-${cve}`,
        id: cve,
        source: /^CVE-/.test(cve) ? { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${cve}` } : { name: first.source.toUpperCase() },
        ...(cvss ? { ratings: [{ source: { name: cvss.source ?? 'NVD' }, score: cvss.score, severity: cvss.severity, method: METHOD[cvss.version], vector: cvss.vector }] } : {}),
        ...(first.description ? { description: first.description } : {}),
        analysis: decided
          ? { state: TO_CDX_STATE[decided.status], ...(justification ? { justification } : {}), ...(decided.detail ? { detail: decided.detail } : {}) }
          : ms.every((m) => m.distribution?.fixed)
            ? { state: 'resolved', detail: distributionNote(first.distribution!) }
            : { state: 'in_triage', detail: `matched by radguard (${ms.map((m) => `${m.source}, confidence ${m.confidence}`).join('; ')}); not yet triaged` },
        affects: [...new Set(ms.map((m) => m.component.id))].map((ref) => ({ ref })),
      };
    }),
  };
}
