/**
 * `radguard … | head`: a reader that closes the pipe early ends the command quietly (status 141, as a program
 * killed by SIGPIPE), not with an unhandled EPIPE and a stack trace. Runs the built CLI, as a shell would.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../shared-data.js';

const cli = new URL('../../bin/radguard.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rg-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI in a pipeline', () => {
  it('stops quietly when the reader closes early', async () => {
    const db = join(dir, 'rg.db');
    execFileSync(process.execPath, [cli, '--db', db, 'feeds', 'import', `${SHARED_DATA}/vuln/nvd/records`, '--json'], { stdio: 'ignore' });
    // An SBOM naming every product of the sample at an old version: far more output than a pipe holds.
    const names = new Database(db, { readonly: true }).prepare("SELECT DISTINCT part, vendor, product FROM vuln_cpe_index WHERE vendor != '*' AND product != '*'").raw().all() as string[][];
    const components = names.map(([part, vendor, product], i) => ({ type: part === 'o' ? 'operating-system' : 'application', 'bom-ref': `c${i}`, name: product, version: '0.1', cpe: `cpe:2.3:${part}:${vendor}:${product}:0.1:*:*:*:*:*:*:*` }));
    const sbom = join(dir, 'bom.json');
    writeFileSync(sbom, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components }));
    const child = spawn(process.execPath, [cli, '--db', db, 'vulns', 'match', '--sbom', sbom, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
    expect(first.length).toBeGreaterThan(0);
    child.stdout.destroy(); // as `head -c` does once it has enough
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(141);
  }, 60_000);
});
