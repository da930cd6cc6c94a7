import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { checkCycloneDxSchema } from './cyclonedx-schema.js';
import { parseSbom, readSbomFile } from './read-sbom.js';

const S = `${SHARED_DATA}/sbom`;
const load = (f: string) => JSON.parse(readFileSync(`${S}/${f}`, 'utf8')) as Record<string, unknown>;

// Exact schema-violation counts of every real SBOM in shared/data, so a change in the validator or its schemas
// shows. All tool and vendor outputs here happen to be valid; the CycloneDX spec's own invalid-* test files each
// break exactly one rule, at the path given.
const REAL: [file: string, schema: string | undefined, count: number][] = [
  ['medical-device-case-study/narrow.sbom.json', 'CycloneDX 1.4', 0],
  ['medical-device-case-study/extended.sbom.json', 'CycloneDX 1.4', 0],
  ['real-tool-output/cisa-sbom-generation/syft_application-sbom_cyclonedx.json', 'CycloneDX 1.6', 0],
  ['real-tool-output/cisa-sbom-generation/syft_container-sbom_cyclonedx.json', 'CycloneDX 1.6', 0],
  ['real-tool-output/cisa-sbom-generation/trivy_container-sbom_cyclonedx.json', 'CycloneDX 1.6', 0],
  ['cyclonedx/bom-examples/HBOM_PCIe-SATA-adapter-board_bom.json', 'CycloneDX 1.4', 0],
  ['cyclonedx/bom-examples/SBOM_cern-lhc-vdm-editor-e564943_bom.json', 'CycloneDX 1.2', 0],
  ['cyclonedx/bom-examples/SBOM_dropwizard-1.3.15_bom.json', 'CycloneDX 1.2', 0],
  ['cyclonedx/bom-examples/SBOM_laravel-7.12.0_bom.1.4.json', 'CycloneDX 1.4', 0],
  ['cyclonedx/bom-examples/SBOM_proton-bridge_proton-bridge-v1.8.0.bom.json', 'CycloneDX 1.2', 0],
  ['cyclonedx/bom-examples/SaaSBOM_apigateway-microservices-datastores_bom.json', 'CycloneDX 1.4', 0],
  ['vex/cyclonedx/bom.json', 'CycloneDX 1.3', 0],
  ['cyclonedx/spec-testdata/valid-bom-1.5.json', 'CycloneDX 1.5', 0],
  ['cyclonedx/spec-testdata/valid-bom-1.6.json', 'CycloneDX 1.6', 0],
  ['cyclonedx/spec-testdata/valid-evidence-1.6.json', 'CycloneDX 1.6', 0],
  ['cyclonedx/spec-testdata/valid-vulnerability-1.6.json', 'CycloneDX 1.6', 0],
  ['cyclonedx/spec-testdata/invalid-component-type-1.5.json', 'CycloneDX 1.5', 1],
  ['cyclonedx/spec-testdata/invalid-component-type-1.6.json', 'CycloneDX 1.6', 1],
  ['cyclonedx/spec-testdata/invalid-metadata-timestamp-1.5.json', 'CycloneDX 1.5', 1],
  ['cyclonedx/spec-testdata/invalid-metadata-timestamp-1.6.json', 'CycloneDX 1.6', 1],
  // SPDX 2.3 JSON is checked against the vendored SPDX 2.3 schema (spdx-schema.ts); 2.2 has none here
  ['real-tool-output/cisa-sbom-generation/syft_container-sbom_spdx.json', 'SPDX 2.3', 0],
  // Trivy writes primaryPackagePurpose "OPERATING-SYSTEM" (the schema's value is OPERATING_SYSTEM) on the debian package
  ['real-tool-output/cisa-sbom-generation/trivy_container-sbom_spdx.json', 'SPDX 2.3', 1],
  ['spdx/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json', 'SPDX 2.3', 0],
  ['spdx/spec-examples-2.2/SPDXJSONExample-v2.2.spdx.json', undefined, 0],
];

describe('published schema check on read', () => {
  it.each(REAL)('%s: %s, %i violation(s)', (file, schema, count) => {
    const d = readSbomFile(`${S}/${file}`);
    expect(d.schema).toBe(schema);
    expect(d.schemaIssueCount).toBe(count);
    expect(d.schemaIssues).toHaveLength(count);
  });

  it('the spec test files fail where they were made to fail', () => {
    expect(readSbomFile(`${S}/cyclonedx/spec-testdata/invalid-component-type-1.6.json`).schemaIssues[0]).toMatchObject({ path: '$.components[0].type', message: expect.stringMatching(/allowed values: "application"/) });
    expect(readSbomFile(`${S}/cyclonedx/spec-testdata/invalid-metadata-timestamp-1.5.json`).schemaIssues).toEqual([{ path: '$.metadata.timestamp', message: 'must match format "date-time"' }]);
    // bomFormat decides which reader runs, so a wrong one is a read error; the schema check alone names the path.
    expect(checkCycloneDxSchema(load('cyclonedx/spec-testdata/invalid-bomformat-1.6.json')).issues).toEqual([{ path: '$.bomFormat', message: 'must be equal to one of the allowed values: "CycloneDX"' }]);
  });

  it('hand-mutated SBOM: nameless component, unknown license id, bad purl type, extra property — each at its path', () => {
    const d = load('medical-device-case-study/narrow.sbom.json') as { components: Record<string, unknown>[]; metadata: Record<string, unknown> };
    delete d.components[3]!.name;
    d.components[5]!.licenses = [{ license: { id: 'NOT-A-LICENSE' } }];
    d.components[7]!.purl = 42;
    d.metadata.vendorSecret = 'x';
    const r = parseSbom('mutated.json', JSON.stringify(d));
    expect(r.components).toHaveLength(54);
    expect(r.warnings).toContain('$.components[3]: component without a name skipped');
    const paths = r.schemaIssues.map((i) => i.path);
    expect(paths).toContain('$.components[3]');
    expect(r.schemaIssues.find((i) => i.path === '$.components[3]')!.message).toBe("must have required property 'name'");
    expect(paths).toContain('$.components[5].licenses[0].license.id');
    expect(paths).toContain('$.components[7].purl');
    expect(r.schemaIssues).toContainEqual({ path: '$.metadata', message: 'must NOT have additional properties: "vendorSecret"' });
    expect(r.schemaIssueCount).toBe(4);
    expect(() => parseSbom('mutated.json', JSON.stringify(d), { strict: true })).toThrow('mutated.json: violates the CycloneDX 1.4 schema at $.metadata: must NOT have additional properties: "vendorSecret" (and 3 more)');
  });

  it('duplicate items are still refused (key order does not matter), in one pass over a 20,000-component BOM', () => {
    const d = load('medical-device-case-study/narrow.sbom.json') as { components: Record<string, unknown>[] };
    const twin = Object.fromEntries(Object.entries(d.components[2]!).reverse());
    d.components.push(twin);
    const dup = checkCycloneDxSchema(d);
    expect(dup.issues).toContainEqual({ path: '$.components', message: `must NOT have duplicate items (items ## ${d.components.length - 1} and 2 are identical)` });
    expect(dup.count).toBe(1);
    // ajv's own uniqueItems compares every pair: 13 s for these 20,000 components; now well under a second.
    const big = { bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
      components: Array.from({ length: 20_000 }, (_, i) => ({ type: 'library', 'bom-ref': `c${i}`, name: `lib${i % 500}`, version: `1.${i}`, cpe: `cpe:2.3:a:acme:lib${i % 500}:1.${i}:*:*:*:*:*:*:*` })) };
    const t0 = performance.now();
    expect(checkCycloneDxSchema(big).count).toBe(0);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('lists at most 20 violations but counts them all; an unknown specVersion is one issue', () => {
    const d = load('real-tool-output/cisa-sbom-generation/syft_container-sbom_cyclonedx.json') as { components: Record<string, unknown>[] };
    for (const c of d.components.slice(0, 30)) c.type = 'gadget';
    const r = parseSbom('many.json', JSON.stringify(d));
    expect(r.schemaIssueCount).toBe(30);
    expect(r.schemaIssues).toHaveLength(20);
    expect(r.schemaIssues[19]!.path).toBe('$.components[19].type');
    const odd = parseSbom('odd.json', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '9.9', components: [] }));
    expect(odd).toMatchObject({ schema: undefined, schemaIssueCount: 1, schemaIssues: [{ path: '$.specVersion' }] });
    expect(() => parseSbom('odd.json', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '9.9' }), { strict: true })).toThrow(/odd\.json: violates the CycloneDX JSON schema at \$\.specVersion: no CycloneDX JSON schema for specVersion "9\.9"/);
  });
});
