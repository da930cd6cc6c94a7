import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';

const run = (...argv: string[]) => runCli(argv);

describe('radguard zones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-zones-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('template → validate → show; the template refuses to overwrite', async () => {
    const file = join(dir, 'zones.yaml');
    expect((await run('zones', 'template', '-o', file)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('# Radguard zone policy');
    expect(await run('zones', 'validate', file)).toMatchObject({ code: 0, out: `${file}: valid (5 zones, 5 allowed flows)\n` });
    expect((await run('zones', 'template', '-o', file)).err).toContain('exists; not overwriting');
    const show = await run('--json', 'zones', 'show', file);
    expect(JSON.parse(show.out).allow[2]).toEqual({ from: 'office', to: 'pacs', ports: ['tcp/443', 'tcp/8443'], hosts: ['10.20.20.10'], description: 'PACS web viewer' });
  });

  it('an invalid file: exit 2, every problem named, also as JSON', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nzones:\n  - { name: a, purpose: imaging, cidrs: [10.0.0.0/8] }\n  - { name: b, purpose: office, cidrs: [10.1.0.0/16] }\nallow:\n  - { from: a, to: c, ports: [104] }\n');
    const r = await run('zones', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('zones "a" and "b" overlap: 10.0.0.0/8 and 10.1.0.0/16');
    expect(r.err).toContain('allow[0].to: unknown zone "c" (zones: a, b)');
    const j = await run('zones', 'validate', file, '--json');
    expect(JSON.parse(j.out)).toMatchObject({ valid: false, problems: [expect.stringContaining('overlap'), expect.stringContaining('unknown zone')] });
    expect((await run('zones', 'validate', join(dir, 'missing.yaml'))).code).toBe(3);
  });

  it('targets: other zones and only the listed egress targets, never the whole outside', async () => {
    const file = join(dir, 'targets.yaml');
    expect((await run('zones', 'template', '-o', file)).code).toBe(0);
    const plan = JSON.parse((await run('zones', 'targets', file, '--from', 'imaging', '--json')).out);
    expect(plan.targets).toEqual(['10.20.20.0/24', '10.30.0.0/16', '10.40.5.0/24', '192.0.2.25', '192.0.2.10']);
    expect(plan.ports).toEqual(expect.arrayContaining([25, 104, 443, 587, 2575, 3128, 11112]));
    expect(plan.command).toMatch(/^radguard scan --zone imaging -p 22,25,/);
    expect((await run('zones', 'targets', file, '--from', 'lab')).err).toContain('no zone "lab"');
  });

  it('schema prints a JSON Schema', async () => {
    expect(JSON.parse((await run('zones', 'schema')).out).title).toBe('Radguard zone policy');
  });
});
