import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-assets-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cmms = new URL('../../inventory/import/testdata/cmms-export.csv', import.meta.url).pathname;

const run = (db: string, ...argv: string[]) => runCli(['--db', db, ...argv]);

describe('radguard assets / models', () => {
  const db = join(dir, 'inv.db');
  it('imports a CMMS export with the shipped mapping: good rows kept, bad ones listed as file:line:column, exit 1', async () => {
    const r = await run(db, 'assets', 'import', cmms, '--mapping', 'cmms');
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/6 records, 2 imported \(2 new, 0 matched\).*6 problems/);
    expect(r.out).toContain('cmms-export.csv:5:9 IP Address: "10.20.1.300" is not a valid IP address');
    const list = JSON.parse((await run(db, 'assets', 'list', '--json')).out);
    expect(list.assets.map((a: { name: string }) => a.name)).toEqual(['BIO-0001', 'BIO-0002']);
  });

  it('shows an asset by MAC with its identifiers and history', async () => {
    const r = await run(db, 'assets', 'show', '00-1B-63-84-45-E6');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^BIO-0001 \(asset_/);
    expect(r.out).toMatch(/serial\s+SN-0001/);
    expect(r.out).toMatch(/created .*\(import:/);
    expect((await run(db, 'assets', 'show', 'nothing-like-this')).code).toBe(2);
  });

  it('says clearly what is wrong with the command line or a mapping', async () => {
    const txt = join(dir, 'x.txt');
    writeFileSync(txt, 'a');
    const fmt = await run(db, 'assets', 'import', txt);
    expect(fmt.code).toBe(2);
    expect(fmt.err).toMatch(/cannot tell the format of .*x.txt: use --format csv\|json\|nmap/);
    const bad = join(dir, 'bad-mapping.json');
    writeFileSync(bad, JSON.stringify({ name: 'b', columns: { IP: 'address' } }));
    const m = await run(db, 'assets', 'import', cmms, '--mapping', bad);
    expect(m.code).toBe(3);
    expect(m.err).toMatch(/column "IP" maps to "address", which is not a field \(fields: name, .*\) \[ERR_INVENTORY_MAPPING\]/);
  });

  it('imports a models CSV and lists the catalog', async () => {
    const f = join(dir, 'models.csv');
    writeFileSync(f, 'manufacturer,model,role,end_of_support,ports\nExamplex,Mammo 3000,MG,2028-12-31,104/tcp;2762/tcp\n');
    expect((await run(db, 'models', 'import', f)).code).toBe(0);
    const r = await run(db, 'models', 'list', '--json');
    expect(JSON.parse(r.out).models[0]).toMatchObject({
      manufacturer: 'Examplex',
      model: 'Mammo 3000',
      role: 'MG',
      endOfSupport: '2028-12-31',
    });
  });
});
