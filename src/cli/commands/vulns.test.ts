import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { runCli } from '../../../test/run-cli.js';

const D = SHARED_DATA;
const dir = mkdtempSync(join(tmpdir(), 'radguard-vulns-cli-'));
const db = join(dir, 'r.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runCli(['--db', db, ...argv]);

describe('feeds / sbom / vulns commands', () => {
  beforeAll(async () => {
    const r = await run('feeds', 'import', `${D}/vuln/nvd/records`, `${D}/vuln/kev/known_exploited_vulnerabilities.json`, `${D}/vuln/csaf/cisa-icsma/2022`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/New KEV entries: 1404/);
    expect(r.out).toMatch(/WARNING: no EPSS data imported/);
  });

  it('feeds status --json lists every feed with a warning for missing ones', async () => {
    const r = await run('feeds', 'status', '--json');
    const j = JSON.parse(r.out);
    expect(j.feeds.map((f: { feed: string }) => f.feed)).toEqual(['nvd', 'kev', 'epss', 'csaf', 'osv']);
    expect(j.warnings.join('\n')).toMatch(/EPSS/);
  });

  it('vulns match says on a terminal what the wait is for, and clears the line before the results', async () => {
    const r = await runCli(['--db', db, 'vulns', 'match', '--cpe', 'cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*', '--json'], {}, { tty: true });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^\r\[\.+\] 0\/1 steps \d+:\d\d {2}matching 1 component\(s\) against the feeds\x1b\[K\r\x1b\[K/);
    expect(JSON.parse(r.out).matches.length).toBeGreaterThan(0);
  });

  it('vulns match --cpe --json prints feeds, warnings and explained matches; exit 1 on findings', async () => {
    const r = await run('vulns', 'match', '--cpe', 'cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.feeds).toHaveLength(5);
    expect(j.warnings.length).toBeGreaterThan(0);
    const m = j.matches.find((x: { cve: string }) => x.cve === 'CVE-2022-2119');
    expect(m).toMatchObject({ source: 'nvd', confidence: 'high', component: { name: 'dcmtk', version: '3.6.6' } });
    expect(m.evidence[0].matched).toBe('cpe:2.3:a:offis:dcmtk:*:*:*:*:*:*:*:*');
    expect(m.priority.why.length).toBeGreaterThan(0);
    expect(j.patchFirst[0]).toMatchObject({ component: { name: 'dcmtk' } });
    expect(j.patchFirst[0].upgradeTo.length).toBeGreaterThan(0);
  });

  it('a version newer than every affected range exits 0: no matches, only review leads', async () => {
    const r = await run('vulns', 'match', '--cpe', 'cpe:2.3:a:offis:dcmtk:3.7.0:*:*:*:*:*:*:*');
    expect(r.code).toBe(0); // only review leads (CVEs NVD has not analysed), no match
    expect(r.out).not.toMatch(/CVE-2022-2119/);
    expect(r.out).toMatch(/need human review/);
    expect(r.out).toMatch(/WARNING/);
  });

  it('the printed table shows the most urgent rows and counts the rest; --limit 0 shows all, --json lists all', async () => {
    const cpe = 'cpe:2.3:a:offis:dcmtk:3.6.0:*:*:*:*:*:*:*';
    const all = JSON.parse((await run('vulns', 'match', '--cpe', cpe, '--json', '--limit', '2')).out).matches as { cve: string }[];
    expect(all.length).toBeGreaterThan(3);
    const rows = (out: string) => out.split('\n').filter((l) => /^\s*\d* {2}CVE-/.test(l));
    const two = await run('vulns', 'match', '--cpe', cpe, '--limit', '2');
    expect(rows(two.out).map((l) => l.match(/CVE-\d+-\d+/)![0])).toEqual(all.slice(0, 2).map((m) => m.cve));
    expect(two.out).toContain(`… and ${all.length - 2} more, less urgent (--limit 0 shows all; --json lists all)`);
    const every = await run('vulns', 'match', '--cpe', cpe, '--limit', '0');
    expect(rows(every.out)).toHaveLength(all.length);
    expect(every.out).not.toMatch(/more, less urgent/);
    expect((await run('vulns', 'match', '--cpe', cpe, '--limit', 'ten')).code).toBe(2);
  });

  it('usage errors exit 2, runtime errors 3', async () => {
    expect((await run('vulns', 'match', '--cpe', 'dcmtk 3.6.6')).code).toBe(2);
    expect((await run('vulns', 'match')).code).toBe(2);
    expect((await run('sbom', 'import', `${D}/sbom/medical-device-case-study/narrow.sbom.json`)).code).toBe(2);
    expect((await run('vulns', 'match', '--sbom', join(dir, 'missing.json'))).code).toBe(3);
    expect((await run('feeds', 'import', join(dir, 'nope'))).code).toBe(3);
  });

  it('records a VEX decision that then shows on the match, and exports CycloneDX VEX', async () => {
    const vex = join(dir, 'site.openvex.json');
    writeFileSync(vex, JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'x', statements: [
      { vulnerability: { name: 'CVE-2022-2119' }, products: [{ '@id': 'cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }] }));
    const rec = await run('vulns', 'vex', vex);
    expect(rec.code, rec.err).toBe(0);
    expect(rec.out).toMatch(/CVE-2022-2119 cpe:offis:dcmtk: not_affected/);
    const out = join(dir, 'vex-out.json');
    const r = await run('vulns', 'match', '--cpe', 'cpe:2.3:a:offis:dcmtk:3.6.5:*:*:*:*:*:*:*', '--vex-out', out);
    expect(r.out).toMatch(/CVE-2022-2119 .*\[triaged: not_affected/);
    const bom = JSON.parse(readFileSync(out, 'utf8'));
    expect(bom.vulnerabilities.find((v: { id: string }) => v.id === 'CVE-2022-2119').analysis.state).toBe('not_affected');
  });

  it('sbom import on a model, then match the model', async () => {
    const imp = await run('sbom', 'import', `${D}/sbom/medical-device-case-study/narrow.sbom.json`, '--model', 'Acme Pump', '--json');
    expect(imp.code, imp.err).toBe(0);
    expect(JSON.parse(imp.out)).toMatchObject({ components: 55, matchable: 55 });
    const r = await run('vulns', 'match', '--model', 'Acme Pump', '--json');
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.out).components).toBe(55);
  });
});
