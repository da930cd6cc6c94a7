import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import { openDb } from '../../store/sqlite/db.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { parsePortList } from '../device-model.js';
import { importCsv, importJson, importNmapAssets } from './assets-import.js';
import { parseCsv } from './csv.js';
import { parseDate, TEMPLATE_MAPPING, validateMapping } from './fields.js';
import { importModelsCsv, importPortsCsv } from './models-import.js';

const here = (f: string) => new URL(f, import.meta.url);
const mapping = (name: string) => validateMapping(JSON.parse(readFileSync(here(`mappings/${name}.json`), 'utf8')), name);
const fresh = () => new InventoryStore(openDb(':memory:'), sequentialIds());
const AT = '2026-11-30T00:00:00.000Z';

describe('CSV reader', () => {
  it('keeps quoted delimiters, doubled quotes and line breaks, and reports where each record starts', () => {
    const r = parseCsv('a,b,c\r\n1,"x, ""y""",3\n2,"multi\nline",4\n\n5,6,7');
    expect(r.delimiter).toBe(',');
    expect(r.records.map((x) => [x.line, x.cells])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, "y"', '3']],
      [3, ['2', 'multi\nline', '4']],
      [6, ['5', '6', '7']],
    ]);
  });
  it('reports an unclosed quote and text after a closing quote by line', () => {
    expect(parseCsv('a,b\n1,"oops\n2,3').errors).toEqual([{ line: 2, column: 2, message: 'a quoted cell is never closed (missing ")' }]);
    expect(parseCsv('a,b\n"x"y,2\n3,4').errors[0]).toMatchObject({ line: 2, column: 1 });
  });
  it('survives arbitrary input without throwing, and bounds cells', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r', '\t', 'é', ' '), maxLength: 200 }), (s) => {
        const r = parseCsv(s);
        for (const rec of r.records) expect(rec.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 100_000 },
    );
    const huge = parseCsv(`a\n"${'x'.repeat(70_000)}"\n`);
    expect(huge.records).toHaveLength(1);
    expect(huge.errors[0]?.message).toMatch(/longer than 65536/);
  });
});

describe('asset CSV import', () => {
  it('imports a CMMS export through its mapping, keeps good rows and reports bad cells by line and column', () => {
    const s = fresh();
    const r = importCsv(readFileSync(here('testdata/cmms-export.csv'), 'utf8'), mapping('cmms'), s, { source: 'cmms-export.csv', at: AT });
    expect(r).toMatchObject({ records: 6, imported: 2, created: 2 });
    expect(r.problems.map((p) => [p.line, p.column, p.where, p.message.slice(0, 40)])).toEqual([
      [5, 9, 'IP Address', '"10.20.1.300" is not a valid IP address'],
      [6, 12, 'End of Support', '"31/02/2026" is not a date in DD/MM/YYYY'],
      [7, null, 'row', 'no serial, MAC, IP address, hostname or '],
      [8, 11, 'Risk Class', '"Very High" is not a criticality (low, m'],
      [8, 13, 'Media Drives', 'unknown medium "tape" (use cd, dvd, usb,'],
      [8, 14, 'Autorun', '"maybe" is not yes or no'],
    ]);
    const mammo = s.find('SN-0001')!;
    expect(mammo).toMatchObject({
      name: 'BIO-0001',
      department: 'Breast Centre',
      location: 'Room 2',
      role: 'MG',
      roleSource: 'declared',
      manufacturer: 'Examplex',
      model: 'Mammo 3000',
      criticality: 'high',
      endOfSupport: '2027-12-31',
      removableMedia: ['cd'],
      autorun: true,
      macs: ['00:1b:63:84:45:e6'],
      addresses: ['10.20.1.15'],
    });
    expect(mammo.notes).toBe('Vendor remote service\nvia gateway; see ticket 12');
    expect(s.find('10.20.1.16')).toMatchObject({ role: 'CT', criticality: 'life-critical', endOfSupport: '2025-06-30' });
    // Re-importing the same file changes nothing and creates nothing.
    const again = importCsv(readFileSync(here('testdata/cmms-export.csv'), 'utf8'), mapping('cmms'), s, { source: 'again', at: AT });
    expect(again).toMatchObject({ imported: 2, created: 0, updated: 2 });
    expect(s.count()).toBe(2);
  });

  it('refuses a file whose headers map to no identifier, naming the headers it found', () => {
    expect(() => importCsv('Device,Room\nx,y\n', mapping('cmdb'), fresh(), { source: 'f.csv', at: AT })).toThrow(
      /no header maps to an identifier.*Device, Room/,
    );
  });

  it('merges a CMDB export into CMMS assets by serial, adding hostnames', () => {
    const s = fresh();
    importCsv(readFileSync(here('testdata/cmms-export.csv'), 'utf8'), mapping('cmms'), s, { source: 'cmms', at: AT });
    const cmdb =
      'name,fqdn,serial_number,business_criticality,u_network_zone\nmammo2,mammo2.rad.example,sn-0001,2 - somewhat critical,modality-vlan\n';
    const r = importCsv(cmdb, mapping('cmdb'), s, { source: 'cmdb', at: AT });
    expect(r).toMatchObject({ imported: 1, created: 0, problems: [] });
    expect(s.find('mammo2.rad.example')).toMatchObject({ serial: 'SN-0001', zone: 'modality-vlan', name: 'mammo2' });
  });

  it('the shipped template imports cleanly', () => {
    const s = fresh();
    const r = importCsv(readFileSync(here('template.csv'), 'utf8'), TEMPLATE_MAPPING, s, { source: 'template', at: AT });
    expect(r).toMatchObject({ imported: 1, problems: [] });
    expect(s.find('MAMMO2')).toMatchObject({
      patchChannel: 'vendor-only',
      mds2OnFile: true,
      removableMedia: ['cd', 'usb'],
      autorun: false,
    });
  });

  it('rejects a broken mapping file with the reason', () => {
    expect(() => validateMapping({ name: 'x', columns: { IP: 'address' } }, 'm.json')).toThrow(
      /column "IP" maps to "address", which is not a field/,
    );
  });
});

describe('JSON and nmap imports', () => {
  it('imports JSON records and names the index and field of bad ones', () => {
    const s = fresh();
    const r = importJson(
      JSON.stringify({
        assets: [{ name: 'PACS', ip: '10.0.0.1', role: 'pacs' }, { name: 'bad', mac: 'zz' }, { colour: 'red', ip: '10.0.0.2' }, 7],
      }),
      s,
      { source: 'a.json', at: AT },
    );
    expect(r.imported).toBe(1);
    expect(r.problems.map((p) => [p.where, p.message.slice(0, 20)])).toEqual([
      ['assets[1].mac', '"zz" is not a valid '],
      ['assets[2].colour', 'unknown field (field'],
      ['assets[3]', 'not an object'],
    ]);
    expect(() => importJson('{\n  "assets": [\n    {"ip": }\n  ]\n}', s, { source: 'b.json', at: AT })).toThrow(/line 3, column/);
  });

  it('imports up hosts from nmap XML with MAC and hostname', () => {
    const xml = `<?xml version="1.0"?><nmaprun args="nmap" start="1700000000"><host><status state="up" reason="arp-response"/>
      <address addr="10.0.0.9" addrtype="ipv4"/><address addr="00:1B:63:84:45:EA" addrtype="mac"/><hostnames><hostname name="us3.rad.example"/></hostnames></host>
      <host><status state="down"/><address addr="10.0.0.10" addrtype="ipv4"/></host></nmaprun>`;
    const s = fresh();
    expect(importNmapAssets(xml, s, { source: 'scan.xml', at: AT })).toMatchObject({ records: 2, imported: 1 });
    expect(s.find('us3.rad.example')).toMatchObject({ macs: ['00:1b:63:84:45:ea'], addresses: ['10.0.0.9'] });
  });
});

describe('device-model imports', () => {
  it('reads vendor port notation and rejects nonsense', () => {
    expect(parsePortList('104/tcp; 2762 (DICOM TLS), UDP 161, 8080-8081').ports).toEqual([
      { port: 104, protocol: 'tcp' },
      { port: 2762, protocol: 'tcp', service: 'DICOM TLS' },
      { port: 161, protocol: 'udp' },
      { port: 8080, protocol: 'tcp' },
      { port: 8081, protocol: 'tcp' },
    ]);
    expect(parsePortList('70000, 1-65535, port eighty').bad).toEqual(['70000', '1-65535', 'port eighty']);
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (t) => parsePortList(t).ports.length <= 1024 * 100),
      { numRuns: 100_000 },
    );
  });

  it('imports a models CSV and a per-model ports CSV, reporting bad rows by line and column', () => {
    const s = fresh();
    const models =
      'manufacturer,model,role,os,end_of_support,latest_version,ports\nExamplex,Mammo 3000,MG,Windows 10 Enterprise LTSC 2019,2028-12,VB30,104/tcp; 2762/tcp\nScanmaker,Helix 64,CT,,2025-13-01,,\n';
    const r = importModelsCsv(models, s, { source: 'models.csv', at: AT });
    expect(r.models).toBe(1);
    expect(r.problems).toEqual([
      { line: 3, column: 5, where: 'end_of_support', message: '"2025-13-01" is not a date (YYYY-MM-DD or YYYY-MM)' },
    ]);
    const ports =
      'Manufacturer,Model,Port,Protocol,Service\nExamplex,Mammo 3000,443,tcp,HTTPS service UI\nExamplex,Mammo 3000,99999,tcp,x\nExamplex,Mammo 3000,161,udp,SNMP\n';
    const p = importPortsCsv(ports, s, { source: 'ports.csv', at: AT });
    expect(p).toMatchObject({ models: 1, ports: 2 });
    expect(p.problems).toEqual([{ line: 3, column: 3, where: 'port', message: '"99999" is not a port or range (1–65535)' }]);
    const m = s.modelByName('examplex', 'MAMMO 3000')!;
    expect(m).toMatchObject({ role: 'MG', endOfSupport: '2028-12-31', latestVersion: 'VB30' });
    expect(m.ports.map((x) => `${x.port}/${x.protocol}`)).toEqual(['104/tcp', '443/tcp', '2762/tcp', '161/udp']);
  });

  it('parses dates in the configured order and refuses impossible ones', () => {
    expect(parseDate('03/04/2027', 'DD/MM/YYYY')).toBe('2027-04-03');
    expect(parseDate('03/04/2027', 'MM/DD/YYYY')).toBe('2027-03-04');
    expect(parseDate('2028-02')).toBe('2028-02-29');
    expect(parseDate('2027-02-29')).toBeNull();
    expect(parseDate('03/04/2027')).toBeNull();
  });
});

describe('JSON error position', () => {
  it('finds the first syntax error, and agrees with JSON.parse on what is valid', async () => {
    const { jsonErrorAt } = await import('./json-position.js');
    expect(jsonErrorAt('{\n  "a": [1, 2,]\n}')).toEqual({ line: 2, column: 14 });
    expect(jsonErrorAt('{"a": {"b": [true, null, "x\\"y", -1.5e3]}}')).toBeNull();
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '1', 'a', ' ', 'true'), maxLength: 30 })),
        (t) => {
          let valid = true;
          try {
            JSON.parse(t);
          } catch {
            valid = false;
          }
          expect(jsonErrorAt(t) === null).toBe(valid);
        },
      ),
      { numRuns: 100_000 },
    );
  });
});
