/**
 * Report downloads: the executive PDF (text checked with pdftotext), the findings CSV (byte-identical to
 * `radguard report --format csv` for an unrestricted reader, formulas neutralised) and the CycloneDX VEX (real NVD
 * records imported through the CLI, SBOMs stored for each vendor's device) — each limited to the Siemens devices
 * for the Siemens vendor-service user, and each export in the audit log.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsAvailable } from '../../../test/peers/require.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { main } from '../../cli/main.js';
import { fixedClock, randomIds } from '../../core/clock.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { openApiReader, type ApiReader } from '../read-pool.js';
import { buildReport, type ReportKind } from '../report-files.js';
import { aliveHost, loginAs, makeFixture, type Fixture } from '../testing/fixture.js';

let fx: Fixture;
const h: Record<string, Record<string, string>> = {};
const artifacts = new URL('../../../artifacts/api/', import.meta.url).pathname;

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (c) => (out += c));
  const code = await main(['--db', join(fx.dir, 'rg.db'), ...argv], { stdout, stderr: new PassThrough(), env: {} });
  if (code !== 0) throw new Error(`radguard ${argv.join(' ')} exited ${code}`);
  return out;
}

beforeAll(async () => {
  fx = await makeFixture();
  // a device whose name an attacker could have chosen (e.g. learned from DHCP): it must not run as a formula
  const inv = new InventoryStore(fx.store.db, randomIds);
  const evil = inv.upsert(
    { name: '=HYPERLINK("http://x")', manufacturer: 'GE', site: 'south', addresses: ['10.0.0.9'] },
    'test',
    '2026-11-02T00:00:00.000Z',
  ).assetId;
  fx.store.commitHost(fx.scanId, {
    host: aliveHost('10.0.0.9', evil),
    verdicts: [
      { ruleId: 'insecure-telnet', title: 'Telnet', severity: 'high', remediation: 'r', port: 23, evidence: 'e', observationIds: [] },
    ],
    scannedPorts: new Set([23]),
    at: '2026-11-01T08:00:00.000Z',
  });
  // A GE MR console known only by the inventory's name for it, and CISA's advisory for that model.
  inv.upsert(
    { name: 'MR-2', manufacturer: 'GE Medical Systems', model: 'Optima MR360', softwareVersion: 'SV23.0', site: 'south', addresses: [] },
    'test',
    '2026-11-02T00:00:00.000Z',
  );
  await cli('feeds', 'import', join(SHARED_DATA, 'vuln/nvd/records'), join(SHARED_DATA, 'vuln/csaf/cisa-icsma/2020/icsma-20-343-01.json'));
  const sboms = new SbomStore(fx.store.db);
  const sbom = (assetId: string, name: string, cpe: string, version: string) =>
    sboms.add({
      assetId,
      path: `${name}.cdx.json`,
      sha256: name,
      format: 'cyclonedx',
      specVersion: '1.6',
      importedAt: '2026-11-02T00:00:00Z',
      components: [{ id: name, kind: 'application', name, version, cpes: [cpe], source: 'sbom' }],
    });
  sbom(fx.assets.siemens, 'vsftpd', 'cpe:2.3:a:vsftpd_project:vsftpd:2.3.4:*:*:*:*:*:*:*', '2.3.4');
  sbom(fx.assets.ge, 'dcmtk', 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*', '3.6.0');
  for (const u of ['sam', 'siemens-fse', 'alice']) h[u] = (await loginAs(fx.app, u)).headers;
});
afterAll(async () => fx.close());

const get = (url: string, user: string) => fx.app.inject({ url, headers: h[user]! });

/** The PDF's text (pdftotext), the file kept under artifacts/api/ for a human to look at. */
const pdfText = (pdf: Uint8Array, name: string) => {
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe.skipIf(!commandsAvailable('pdftotext'))('GET /api/reports/executive.pdf', () => {
  it('is a PDF of the whole department for an analyst', async () => {
    const r = await get('/api/reports/executive.pdf', 'sam');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="radguard-executive-\d{4}-\d\d-\d\d\.pdf"$/);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const t = pdfText(r.rawPayload, 'executive-analyst.pdf');
    expect(t).toMatch(/CT-1/);
    expect(t).toMatch(/MR-1/);
    expect(t).toMatch(/4 devices in the inventory/);
  });

  it('shows a vendor only its own devices', async () => {
    const r = await get('/api/reports/executive.pdf', 'siemens-fse');
    expect(r.statusCode).toBe(200);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const t = pdfText(r.rawPayload, 'executive-vendor.pdf');
    expect(t).toMatch(/CT-1/);
    expect(t).toMatch(/Siemens devices/);
    expect(t).toMatch(/1 devices in the inventory/);
    expect(t).not.toMatch(/MR-1|HYPERLINK|10\.0\.0\.6|10\.0\.0\.9/);
  });
});

describe('GET /api/reports/findings.csv', () => {
  it("is the CLI's CSV for an unrestricted reader, with formulas neutralised", async () => {
    const r = await get('/api/reports/findings.csv', 'sam');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.body).toBe(await cli('report', '--format', 'csv'));
    const lines = r.body.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'key,state,severity,rule,cve,host,device,role,criticality,manufacturer,model,location,first_seen,due,due_from,sla_status',
    );
    expect(lines).toHaveLength(4);
    expect(r.body).toContain(`,"'=HYPERLINK(""http://x"")",`);
  });

  it("holds only the vendor's devices for a vendor", async () => {
    const lines = (await get('/api/reports/findings.csv', 'siemens-fse')).body.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(fx.findings.siemens);
    expect(lines[1]).toContain(',CT-1,');
  });
});

describe('GET /api/reports/vex.json', () => {
  const vulns = (doc: { vulnerabilities: Array<{ id: string; affects: Array<{ ref: string }> }> }) => doc.vulnerabilities.map((v) => v.id);

  it('states the vulnerabilities of every device for an analyst', async () => {
    const r = await get('/api/reports/vex.json', 'sam');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(vulns(doc)).toContain('CVE-2011-2523');
    expect(vulns(doc)).toContain('CVE-2015-8979');
    // The MR console as the inventory names it, by CISA's advisory (ICSMA-20-343-01).
    const mr = doc.components.find((c: { name: string }) => c.name === 'Optima MR360');
    expect(mr).toMatchObject({ type: 'device', version: 'SV23.0' });
    expect(doc.vulnerabilities.find((v: { id: string }) => v.id === 'CVE-2020-25175').affects.map((a: { ref: string }) => a.ref)).toContain(
      mr['bom-ref'],
    );
    expect(doc.vulnerabilities.find((v: { id: string }) => v.id === 'CVE-2011-2523').analysis.state).toBe('in_triage');
  });

  it("states only the vendor's devices for a vendor", async () => {
    const doc = (await get('/api/reports/vex.json', 'siemens-fse')).json();
    expect(vulns(doc)).toContain('CVE-2011-2523');
    expect(vulns(doc)).not.toContain('CVE-2015-8979');
    expect(vulns(doc)).not.toContain('CVE-2020-25175'); // GE's MR console
    for (const c of doc.components) expect(c['bom-ref']).toMatch(new RegExp(`^asset:${fx.assets.siemens}:`));
    expect(JSON.stringify(doc)).not.toMatch(/dcmtk/i);
  });
});

describe('on a read worker (as `radguard serve` builds them)', () => {
  const now = new Date('2026-11-30T12:00:00.000Z');
  const scopes = [
    { manufacturer: null, site: null },
    { manufacturer: 'Siemens', site: null },
  ];
  const here = (kind: ReportKind, scope: (typeof scopes)[number]) => buildReport(kind, fx.store, scope, fixedClock(now.toISOString()));
  let reader: ApiReader;
  beforeAll(() => void (reader = openApiReader(fx.store, 1, { assets: {}, findings: {} })));
  afterAll(() => reader.close());

  it('the CSV and the VEX document are the same as built on the main thread', async () => {
    for (const scope of scopes) {
      const csv = await reader.report('findings.csv', scope, now);
      expect(Buffer.from(csv.body).toString('utf8')).toBe(Buffer.from((await here('findings.csv', scope)).body).toString('utf8'));
      expect(csv.audit.rows).toBeGreaterThan(0);
      const vex = await reader.report('vex.json', scope, now);
      const body = (bytes: Uint8Array) => ({ ...JSON.parse(Buffer.from(bytes).toString('utf8')), serialNumber: undefined });
      expect(body(vex.body)).toEqual(body((await here('vex.json', scope)).body));
      expect(vex.audit.vulnerabilities).toBeGreaterThan(0);
      expect(vex.audit).toEqual((await here('vex.json', scope)).audit);
    }
  });

  it.skipIf(!commandsAvailable('pdftotext'))('the PDF says what the main thread would', async () => {
    for (const scope of scopes) {
      const [off, on] = [await reader.report('executive.pdf', scope, now), await here('executive.pdf', scope)];
      const name = scope.manufacturer ? 'executive-siemens' : 'executive-all';
      expect(pdfText(off.body, `${name}-worker.pdf`)).toBe(pdfText(on.body, `${name}-main-thread.pdf`));
      expect(off.audit.devices).toBe(on.audit.devices);
    }
  });
});

describe('audit', () => {
  it('records every export with who, what and the scope', async () => {
    const log = (await get('/api/audit-log?limit=100', 'alice')).json().items as Array<{
      action: string;
      actor: string;
      target: string;
      detail: { scope: { manufacturer: string | null } };
    }>;
    const exports = log.filter((e) => e.action === 'report.exported');
    const seen = exports.map((e) => `${e.actor} ${e.target} ${e.detail.scope.manufacturer}`);
    for (const what of ['findings.csv', 'vex.json']) {
      expect(seen).toContain(`sam ${what} null`);
      expect(seen).toContain(`siemens-fse ${what} Siemens`);
    }
    if (commandsAvailable('pdftotext')) expect(seen).toContain('siemens-fse executive.pdf Siemens');
  });

  it('refuses anonymous downloads', async () => {
    for (const u of ['/api/reports/executive.pdf', '/api/reports/findings.csv', '/api/reports/vex.json'])
      expect((await fx.app.inject({ url: u })).statusCode).toBe(401);
  });
});
