import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { parseSbom, readSbomFile } from './read-sbom.js';

const S = `${SHARED_DATA}/sbom/spdx`;

describe('SPDX 2.3 JSON schema check', () => {
  it('finds the real 2.3 documents valid and leaves 2.2 unchecked', () => {
    const v23 = [`${S}/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json`, ...readdirSync(`${S}/spdx-examples`).filter((f) => /2\.3.*json$/.test(f)).map((f) => `${S}/spdx-examples/${f}`)];
    expect(v23.length).toBeGreaterThanOrEqual(5);
    for (const f of v23) expect(readSbomFile(f), f).toMatchObject({ schema: 'SPDX 2.3', schemaIssueCount: 0 });
    const v22 = readSbomFile(`${S}/spec-examples-2.2/SPDXJSONExample-v2.2.spdx.json`);
    expect(v22.schema).toBeUndefined();
  });

  it('names the path of each violation in a mutated document', () => {
    const doc = JSON.parse(readFileSync(`${S}/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json`, 'utf8'));
    delete doc.packages[1].name;
    doc.relationships[0].relationshipType = 'FRIENDS_WITH';
    doc.packages[0].externalRefs[0].referenceCategory = 7;
    const r = parseSbom('mutated.spdx.json', JSON.stringify(doc));
    const paths = r.schemaIssues.map((i) => i.path);
    expect(paths).toContain('$.packages[1]');
    expect(paths).toContain('$.relationships[0].relationshipType');
    expect(paths).toContain('$.packages[0].externalRefs[0].referenceCategory');
    expect(r.schemaIssues.find((i) => i.path === '$.packages[1]')!.message).toBe("must have required property 'name'");
    expect(r.schemaIssueCount).toBe(r.schemaIssues.length);
  });
});
