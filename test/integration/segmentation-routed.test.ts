/**
 * Segmentation proved on a routed namespace network (10.77.70–73.0/24): a router with iptables FORWARD rules that
 * carry two deliberate mistakes — a vendor exception letting the office reach a modality's DICOM port, and SMTP
 * allowed from imaging to an outside relay. Real scans run from a host in the office zone and one in the imaging
 * zone; `radguard segmentation check --json` must report exactly those two violations, none for the flows the
 * policy allows, and a fixed firewall must resolve the finding on the next check.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoutedNet, type RoutedNet } from '../peers/routed-net.js';
import { netnsAvailable } from '../peers/require.js';

const root = new URL('../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'rg-seg-'));
chmodSync(dir, 0o755);
// The CLI from source (no build step): a two-line entry in the test's temp dir.
const entry = join(dir, 'cli.mts');
writeFileSync(entry, `import { main } from ${JSON.stringify(join(root, 'src/cli/main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`);

/** Runs the CLI from source, inside a namespace when given (the vantage), else in the root namespace. */
function radguard(args: string[], ns?: string) {
  const cmd = ns ? (['ip', ['netns', 'exec', ns, tsx, entry, ...args]] as const) : ([tsx, [entry, ...args]] as const);
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const POLICY = `version: 1
site: routed test network
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.77.70.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.77.71.0/24] }
  - { name: office, purpose: office, cidrs: [10.77.72.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom, hl7] }
  - { from: pacs, to: imaging, services: [dicom] }
  - { from: office, to: pacs, services: [https], hosts: [10.77.71.11] }
egressTargets:
  - { address: 10.77.73.11, ports: [25], label: SMTP relay }
  - { address: 10.77.73.12, ports: [3128], label: web proxy }
`;
const PORTS = '25,104,443,2575,3128';

describe.skipIf(!netnsAvailable())('segmentation check on a routed namespace network', () => {
  let net: RoutedNet;
  const db = join(dir, 'seg.db');
  const policy = join(dir, 'zones.yaml');
  const vendorException = ['-s', '10.77.72.0/24', '-d', '10.77.70.11', '-p', 'tcp', '--dport', '104', '-j', 'ACCEPT'];

  beforeAll(async () => {
    writeFileSync(policy, POLICY);
    net = createRoutedNet(
      [
        { name: 'imaging', subnet: 70, hosts: ['modality', 'imgvantage'] },
        { name: 'pacs', subnet: 71, hosts: ['pacs'] },
        { name: 'office', subnet: 72, hosts: ['officepc'] },
        { name: 'outside', subnet: 73, hosts: ['smtp', 'proxy'] },
      ],
      [
        ['-s', '10.77.70.0/24', '-d', '10.77.71.0/24', '-p', 'tcp', '-m', 'multiport', '--dports', '104,2575', '-j', 'ACCEPT'],
        ['-s', '10.77.71.0/24', '-d', '10.77.70.0/24', '-p', 'tcp', '--dport', '104', '-j', 'ACCEPT'],
        ['-s', '10.77.72.0/24', '-d', '10.77.71.11', '-p', 'tcp', '--dport', '443', '-j', 'ACCEPT'],
        vendorException, // mistake 1: a forgotten vendor-support exception
        ['-s', '10.77.70.0/24', '-d', '10.77.73.11', '-p', 'tcp', '--dport', '25', '-j', 'ACCEPT'], // mistake 2
      ],
    );
    const listen = join(root, 'test/peers/listen.mjs');
    const ports: Record<string, string[]> = { modality: ['104'], pacs: ['104', '443', '2575'], smtp: ['25'], proxy: ['3128'], officepc: ['445'] };
    await Promise.all(
      Object.entries(ports).map(
        ([name, p]) =>
          new Promise<void>((resolve) => {
            let n = 0;
            net.host(name).spawn(process.execPath, [listen, net.host(name).address, ...p]).stdout!.on('data', (d: Buffer) => {
              n += (d.toString().match(/listening/g) ?? []).length;
              if (n === p.length) resolve();
            });
          }),
      ),
    );
  }, 30_000);
  afterAll(() => {
    net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scanFrom = (host: string, zone: string, targets: string[]) => {
    const r = radguard(['--db', db, 'scan', ...targets, '--zone', zone, '-p', PORTS, '--fast', '--no-probes', '--no-progress', '--json'], net.host(host).ns);
    expect(r.code, r.stderr).toBe(0);
  };
  const check = (extra: string[] = []) => {
    const r = radguard(['--db', db, 'segmentation', 'check', '--policy', policy, '--json', ...extra]);
    return { code: r.code, stderr: r.stderr, result: JSON.parse(r.stdout || '{}') };
  };

  it('before any scan: nothing assessed, no violation claimed', () => {
    const { code, result } = check();
    expect(code).toBe(0);
    expect(result.violations).toEqual([]);
    expect(result.notAssessed.map((n: { from: string }) => n.from).sort()).toEqual(['imaging', 'office', 'pacs']); // outside is never a vantage: not listed
  });

  it('finds exactly the office → modality exception and imaging → outside SMTP, not the allowed flows', () => {
    scanFrom('officepc', 'office', ['10.77.70.11', '10.77.71.11']);
    scanFrom('imgvantage', 'imaging', ['10.77.71.11', '10.77.72.11', '10.77.73.11', '10.77.73.12']);
    const svgFile = join(dir, 'zones.svg');
    const { code, result, stderr } = check(['--svg', svgFile]);
    expect(code, stderr).toBe(1);
    expect(result.violations.map((v: Record<string, unknown>) => [v.ruleId, v.fromZone, v.toZone, v.host, v.port])).toEqual([
      ['segmentation-imaging-to-internet', 'imaging', 'outside', '10.77.73.11', 25],
      ['segmentation-office-to-imaging', 'office', 'imaging', '10.77.70.11', 104],
    ]);
    const office = result.violations[1];
    expect(office.evidence).toMatch(/open from vantage office 10\.77\.72\.11 \(scan /);
    expect(office.sightings[0].vantage).toBe('office 10.77.72.11');
    const cell = (from: string, to: string) => result.matrix.find((c: { from: string; to: string }) => c.from === from && c.to === to);
    // Allowed and observed: no violation.
    expect(cell('office', 'pacs')).toMatchObject({ status: 'allowed-only', observed: [{ host: '10.77.71.11', port: 443, allowedBy: 2 }] });
    expect(cell('imaging', 'pacs').observed.map((o: { port: number }) => o.port)).toEqual([104, 2575]);
    expect(cell('imaging', 'pacs').status).toBe('allowed-only');
    // The router drops imaging → office and the proxy: scanned, nothing open.
    expect(cell('imaging', 'office').status).toBe('nothing-observed');
    expect(result.notAssessed).toContainEqual(expect.objectContaining({ from: 'pacs', to: null }));
    expect(result.notAssessed).toContainEqual(expect.objectContaining({ from: 'office', to: 'outside' }));
    // plain DICOM reachable across zones, allowed (imaging → PACS) or not (office → modality)
    expect(result.dicomFindings.map((d: Record<string, unknown>) => [d.ruleId, d.fromZone, d.toZone, d.host, d.port])).toEqual([
      ['dicom-no-tls-between-zones', 'imaging', 'pacs', '10.77.71.11', 104],
      ['dicom-no-tls-between-zones', 'office', 'imaging', '10.77.70.11', 104],
    ]);
    expect(result.dicomFindings[1].evidence).toMatch(/^plain DICOM port tcp\/104 of 10\.77\.70\.11 in zone imaging is open to zone office, seen from vantage 10\.77\.72\.11 \(scan /);
    expect(result.changes.map((c: { to: string }) => c.to)).toEqual(['open', 'open', 'open', 'open']);
    // the diagram: every zone, and exactly the observed cross-zone pairs coloured by verdict
    const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(readFileSync(svgFile, 'utf8')).svg;
    const groups = svg.g as Record<string, string>[];
    expect(groups.filter((g) => g['@class'] === 'zone').map((g) => g['@data-zone'])).toEqual(['imaging', 'pacs', 'office', 'outside']);
    expect(groups.filter((g) => g['@class'] === 'flow').map((g) => `${g['@data-from']}>${g['@data-to']}:${g['@data-status']}:${g['@data-ports']}`).sort()).toEqual([
      'imaging>outside:violation:tcp/25!',
      'imaging>pacs:allowed:tcp/104, tcp/2575',
      'office>imaging:violation:tcp/104!',
      'office>pacs:allowed:tcp/443',
    ]);
  }, 60_000);

  it('closing the vendor exception resolves the office finding on the next scan and check', () => {
    net.iptables(['-D', 'FORWARD', ...vendorException]);
    scanFrom('officepc', 'office', ['10.77.70.11', '10.77.71.11']);
    const { result } = check();
    expect(result.violations.map((v: { ruleId: string }) => v.ruleId)).toEqual(['segmentation-imaging-to-internet']);
    expect(result.changes.map((c: { ruleId: string }) => c.ruleId).sort()).toEqual(['dicom-no-tls-between-zones', 'segmentation-office-to-imaging']);
    expect(result.changes.every((c: { from: string; to: string }) => c.from === 'open' && c.to === 'resolved')).toBe(true);
    const f = radguard(['--db', db, 'segmentation', 'findings', '--json']);
    expect(JSON.parse(f.stdout).findings.map((x: { ruleId: string; state: string; fromZone: string }) => `${x.ruleId}:${x.fromZone}:${x.state}`)).toEqual([
      'dicom-no-tls-between-zones:imaging:open',
      'dicom-no-tls-between-zones:office:resolved',
      'segmentation-imaging-to-internet:imaging:open',
      'segmentation-office-to-imaging:office:resolved',
    ]);
    // and in the product-wide list, as the second source
    const all = JSON.parse(radguard(['--db', db, 'findings', 'list', '--json', '--state', 'open']).stdout);
    expect(all.segmentationFindings.map((x: { ruleId: string }) => x.ruleId)).toEqual(['dicom-no-tls-between-zones', 'segmentation-imaging-to-internet']);
  }, 60_000);

  it('a broken policy file is a usage error naming the problem', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, POLICY.replace('to: pacs, services: [https]', 'to: pcas, services: [https]'));
    const r = radguard(['--db', db, 'segmentation', 'check', '--policy', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('allow[2].to: unknown zone "pcas"');
  });
});
