import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../core/errors.js';
import { parseSbom, readSbomFile } from './read-sbom.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const S = `${SHARED_DATA}/sbom`;

describe('SBOM readers on real files', () => {
  it('CycloneDX 1.4 medical-device SBOM: device/firmware/library, cpe and purl, empty versions absent', () => {
    const d = readSbomFile(`${S}/medical-device-case-study/narrow.sbom.json`);
    expect(d).toMatchObject({ format: 'cyclonedx-json', specVersion: '1.4', subject: { name: 'REDACTED', type: 'device' } });
    expect(d.components).toHaveLength(55);
    const kinds = d.components.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'firmware')).toHaveLength(3);
    const qca = d.components.find((c) => c.name === 'Qualcomm Atheros QCA9563')!;
    expect(qca).toMatchObject({ kind: 'device', vendor: 'Qualcomm', version: undefined, cpes: ['cpe:2.3:h:qualcomm:atheros_qca9563:*:*:*:*:*:*:*:*'] });
    expect(d.components.every((c) => c.purl && c.cpes.length === 1)).toBe(true);
  });

  it('CycloneDX XML 1.3 and 1.6 (nested components, attributes)', () => {
    const x = readSbomFile(`${S}/cyclonedx/bom-examples/SBOM_laravel-7.12.0_bom.1.3.xml`);
    const j = readSbomFile(`${S}/cyclonedx/bom-examples/SBOM_laravel-7.12.0_bom.1.4.json`);
    expect(x.format).toBe('cyclonedx-xml');
    expect(x.components.length).toBe(j.components.length);
    expect(x.components.map((c) => c.purl).sort()).toEqual(j.components.map((c) => c.purl).sort());
    const ids = readSbomFile(`${S}/cyclonedx/spec-testdata/valid-component-identifiers-1.6.xml`);
    expect(ids.components[0]).toMatchObject({ name: 'com.example/acme-library', version: '1.0.0', cpes: ['cpe:2.3:a:example:acme-library:1.0.0:*:*:*:*:*:*:*'] });
  });

  it('SPDX 2.3 JSON from syft: many guessed CPEs per package kept as alternatives', () => {
    const d = readSbomFile(`${S}/real-tool-output/cisa-sbom-generation/syft_container-sbom_spdx.json`);
    expect(d.format).toBe('spdx-json');
    expect(d.components.length).toBe(192);
    expect(d.components.reduce((n, c) => n + c.cpes.length, 0)).toBe(2672);
    expect(d.components.filter((c) => c.purl).length).toBe(192);
  });

  it('SPDX tag-value 2.2 and 2.3 read the same packages as their JSON twins', () => {
    for (const v of ['2.2', '2.3']) {
      const t = readSbomFile(`${S}/spdx/spec-examples-${v}/SPDXTagExample-v${v}.spdx`);
      const j = readSbomFile(`${S}/spdx/spec-examples-${v}/SPDXJSONExample-v${v}.spdx.json`);
      expect(t.format).toBe('spdx-tag-value');
      expect(t.components.map((c) => c.name).sort()).toEqual(j.components.map((c) => c.name).sort());
      expect(t.components.flatMap((c) => c.cpes).sort()).toEqual(j.components.flatMap((c) => c.cpes).sort());
    }
  });

  it("keeps the distribution source package Trivy names (CycloneDX properties, SPDX sourceInfo in JSON and tag-value)", () => {
    for (const f of ['trivy_container-sbom_cyclonedx.json', 'trivy_container-sbom_spdx.json']) {
      const d = readSbomFile(`${S}/real-tool-output/cisa-sbom-generation/${f}`);
      expect(d.components.find((c) => c.name === 'libc6')?.sourcePackage, f).toEqual({ name: 'glibc', version: '2.36-9+deb12u7' });
    }
    const tv = parseSbom(
      'inline.spdx',
      'SPDXVersion: SPDX-2.3\nDocumentName: t\nPackageName: libbz2-1.0\nSPDXID: SPDXRef-p1\nPackageVersion: 1.0.8-5+b1\nPackageSourceInfo: <text>built package from: bzip2 1.0.8-5</text>\nPackageName: other\nSPDXID: SPDXRef-p2\nPackageSourceInfo: <text>from the vendor\'s git</text>\n',
    );
    expect(tv.components.map((c) => c.sourcePackage)).toEqual([{ name: 'bzip2', version: '1.0.8-5' }, undefined]);
  });

  it('rejects non-SBOMs with a clear error', () => {
    expect(() => parseSbom('x.json', '{"a":1}')).toThrow(/neither CycloneDX/);
    expect(() => readSbomFile(`${S}/cyclonedx/spec-testdata/invalid-bomformat-1.6.json`)).toThrow(/neither CycloneDX/);
  });

  it('does not expand XML entities', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&b;</name></component></components></bom>`;
    const d = parseSbom('e.xml', xml);
    expect(d.components[0]!.name).not.toMatch(/aaaaaaaaaa/);
  });
});

describe('SBOM parser fuzzing', () => {
  const seeds = [
    readFileSync(`${S}/medical-device-case-study/narrow.sbom.json`, 'utf8'),
    readFileSync(`${S}/cyclonedx/bom-examples/SBOM_laravel-7.12.0_bom.1.4.xml`, 'utf8'),
    readFileSync(`${S}/spdx/spec-examples-2.3/SPDXTagExample-v2.3.spdx`, 'utf8'),
    readFileSync(`${S}/spdx/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json`, 'utf8'),
  ];
  it('truncated and mutated files give a result or an AppError, never a crash', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 8 }), fc.boolean(), (i, cut, junk, truncate) => {
        const s = seeds[i]!;
        const at = Math.floor(s.length * cut);
        const input = truncate ? s.slice(0, at) : s.slice(0, at) + junk + s.slice(at + junk.length);
        try {
          const d = parseSbom('fuzz', input);
          expect(Array.isArray(d.components)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
