import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allowedBy, parsePolicy, PolicyError, validatePolicy, zoneOf } from './policy.js';
import { POLICY_SCHEMA } from './policy-schema.js';
import { POLICY_TEMPLATE } from './template.js';

const problems = (text: string): readonly string[] => {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  return [];
};

const base = (extra = '') => `version: 1
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/16] }
  - { name: outside, purpose: outside }
${extra}`;

describe('zone policy', () => {
  it('accepts the shipped template, and the JSON Schema agrees', () => {
    const p = parsePolicy(POLICY_TEMPLATE, 'template');
    expect(p.zones.map((z) => z.name)).toEqual(['imaging', 'pacs', 'office', 'vendor', 'outside']);
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    const validate = ajv.compile(POLICY_SCHEMA);
    expect(validate(parse(POLICY_TEMPLATE)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ version: 1, zones: [{ name: 'x', purpose: 'lab' }] })).toBe(false);
  });

  it('template: imaging ↔ PACS on DICOM/HL7, office → PACS viewer on 443 only, nothing from imaging to outside', () => {
    const p = parsePolicy(POLICY_TEMPLATE);
    expect(allowedBy(p, 'imaging', 'pacs', '10.20.20.5', 104)?.index).toBe(0);
    expect(allowedBy(p, 'imaging', 'pacs', '10.20.20.5', 2575)).not.toBeNull();
    expect(allowedBy(p, 'pacs', 'imaging', '10.20.10.7', 11112)).not.toBeNull();
    expect(allowedBy(p, 'office', 'pacs', '10.20.20.10', 443)).not.toBeNull();
    expect(allowedBy(p, 'office', 'pacs', '10.20.20.11', 443)).toBeNull(); // not the viewer host
    expect(allowedBy(p, 'office', 'pacs', '10.20.20.10', 104)).toBeNull();
    for (const port of [25, 80, 443, 587, 3128]) expect(allowedBy(p, 'imaging', 'outside', '192.0.2.25', port)).toBeNull();
    expect(zoneOf(p, '8.8.8.8')?.name).toBe('outside');
    expect(zoneOf(p, '10.30.200.1')?.name).toBe('office');
  });

  it('names overlapping CIDR blocks, with the zones involved', () => {
    const text = base().replace('10.3.0.0/16', '10.0.0.0/8');
    const ps = problems(text);
    expect(ps).toContain('zones "imaging" and "office" overlap: 10.1.0.0/24 and 10.0.0.0/8');
    expect(ps).toContain('zones "pacs" and "office" overlap: 10.2.0.0/24 and 10.0.0.0/8');
  });

  it('names unknown zones, services and bad ports in allow rules', () => {
    const ps = problems(base(`allow:
  - { from: imaging, to: pcas, services: [dicom] }
  - { from: office, to: pacs, services: [dicomm] }
  - { from: office, to: pacs, ports: [0, "70000", "tcp/80", "udp/123", "9-3"] }
  - { from: office, to: imaging }
`));
    expect(ps).toEqual([
      'allow[0].to: unknown zone "pcas" (zones: imaging, pacs, office, outside)',
      expect.stringMatching(/^allow\[1\]\.services: unknown service "dicomm" \(known: dicom, /),
      'allow[2].ports: "0" is not a port or port range (1-65535, optionally prefixed tcp/ or udp/)',
      'allow[2].ports: "70000" is not a port or port range (1-65535, optionally prefixed tcp/ or udp/)',
      'allow[2].ports: "9-3" is not a port or port range (1-65535, optionally prefixed tcp/ or udp/)',
      'allow[3]: needs services or ports (default deny: a rule without them would allow nothing)',
    ]);
  });

  it('rejects bad CIDRs, duplicate zones, unknown fields and host bits', () => {
    const ps = problems(`version: 2
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.5/24, 10.300.0.0/16] }
  - { name: imaging, purpose: imaging, cidrs: [fd00::/8], vlan: 12 }
  - { name: Office, purpose: offices, cidrs: [] }
`);
    expect(ps).toEqual([
      'version: must be 1 (found 2)',
      'zones[0] (imaging): "10.1.0.5/24" has host bits set (did you mean 10.1.0.0/24?)',
      'zones[0] (imaging): "10.300.0.0/16": "10.300.0.0" is not an IP address',
      'zones[1] (imaging): unknown field "vlan" (allowed: name, purpose, cidrs, description)',
      'zones[1] (imaging): zone "imaging" is defined twice',
      'zones[2] (Office): name must be lower-case letters, digits, - or _ (found "Office")',
      'zones[2] (Office): purpose must be one of imaging, pacs, office, vendor, outside, other (found "offices")',
      'zones[2] (Office): needs at least one CIDR block (only an "outside" zone may have none: it then means every address in no other zone)',
    ]);
  });

  it('requires egress targets to be single outside addresses, and hosts to lie in the destination zone', () => {
    const ps = problems(base(`allow:
  - { from: office, to: pacs, services: [https], hosts: [10.9.9.9] }
egressTargets:
  - { address: 10.1.0.9, ports: [25] }
  - { address: 192.0.2.0/24 }
`));
    expect(ps).toEqual([
      'allow[0].hosts: 10.9.9.9 is not inside zone "pacs"',
      'egressTargets[0]: 10.1.0.9 is in zone "imaging", not in an outside zone; egress targets are outside hosts you own (SMTP relay, proxy, canary)',
      'egressTargets[1]: address must be one IP address (found a block)',
    ]);
  });

  it('reports YAML syntax errors and non-mapping documents clearly; JSON works too', () => {
    expect(problems('zones: [ {')[0]).toMatch(/^syntax: /);
    expect(problems('- a\n- b')).toEqual(['the file must be a mapping with "version", "zones" and "allow"']);
    const p = validatePolicy(JSON.parse('{"version":1,"zones":[{"name":"a","purpose":"imaging","cidrs":["fd00:1::/64"]},{"name":"b","purpose":"office","cidrs":["fd00:2::/64"]}],"allow":[{"from":"b","to":"a","ports":["udp/104"]}]}'));
    expect(zoneOf(p, 'fd00:1::5')?.name).toBe('a');
    expect(allowedBy(p, 'b', 'a', 'fd00:1::5', 104, 'udp')).not.toBeNull();
    expect(allowedBy(p, 'b', 'a', 'fd00:1::5', 104, 'tcp')).toBeNull();
  });
});
