import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { runCli } from '../../../test/run-cli.js';
import { openDb } from '../../store/sqlite/db.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-sbom-cli-'));
const db = join(dir, 'r.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...argv: string[]) => runCli(['--db', db, ...argv]);
/** Every stored SBOM row of a model (SbomStore.list shows only the newest). */
const stored = (model: string) => {
  const d = openDb(db);
  try {
    return (d.prepare('SELECT count(*) AS n FROM vuln_sboms WHERE model = ?').get(model) as { n: number }).n;
  } finally {
    d.close();
  }
};

// A real device SBOM with one component's name removed: readable, but not valid CycloneDX 1.4.
const bad = join(dir, 'nameless.cdx.json');
const doc = JSON.parse(readFileSync(`${SHARED_DATA}/sbom/medical-device-case-study/narrow.sbom.json`, 'utf8')) as { components: Record<string, unknown>[] };
delete doc.components[2]!.name;
writeFileSync(bad, JSON.stringify(doc));

describe('sbom import schema policy', () => {
  it('by default a schema violation is a warning: stored, and the issue printed with its path', async () => {
    const human = await run('sbom', 'import', bad, '--model', 'Warn Pump');
    expect(human.code, human.err).toBe(0);
    expect(human.out).toMatch(/warning: 1 violation\(s\) of the CycloneDX 1\.4 schema/);
    expect(human.out).toContain("$.components[2]: must have required property 'name'");
    const j = await run('sbom', 'import', bad, '--model', 'Warn Pump', '--json');
    expect(JSON.parse(j.out)).toMatchObject({ components: 54, schema: 'CycloneDX 1.4', schemaIssueCount: 1, schemaIssues: [{ path: '$.components[2]' }] });
    expect(stored('Warn Pump')).toBe(2);
  });

  it('--strict refuses it, naming the file and the JSON path, exit 3, nothing stored', async () => {
    const r = await run('sbom', 'import', bad, '--model', 'Strict Pump', '--strict');
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${bad}: violates the CycloneDX 1.4 schema at $.components[2]: must have required property 'name' [ERR_SBOM_SCHEMA]`);
    expect(r.out).toBe('');
    expect(stored('Strict Pump')).toBe(0);
  });

  it('--strict imports valid SBOMs; SPDX 2.2 says no schema was checked', async () => {
    const ok = await run('sbom', 'import', `${SHARED_DATA}/sbom/medical-device-case-study/narrow.sbom.json`, '--model', 'Strict Pump', '--strict');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('Valid against the CycloneDX 1.4 schema');
    const spdx = await run('sbom', 'import', `${SHARED_DATA}/sbom/spdx/spec-examples-2.3/SPDXJSONExample-v2.3.spdx.json`, '--model', 'Strict Pump', '--strict');
    expect(spdx.code, spdx.err).toBe(0);
    expect(spdx.out).toContain('Valid against the SPDX 2.3 schema');
    const spdx22 = await run('sbom', 'import', `${SHARED_DATA}/sbom/spdx/spec-examples-2.2/SPDXJSONExample-v2.2.spdx.json`, '--model', 'Strict Pump', '--strict');
    expect(spdx22.code, spdx22.err).toBe(0);
    expect(spdx22.out).toContain('No schema check for spdx-json');
    expect(stored('Strict Pump')).toBe(3);
  });
});
