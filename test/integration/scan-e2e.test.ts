/**
 * The whole product path on a namespace lab (10.77.2.0/24): `radguard scan` (the CLI, default probe set, --fast)
 * against real Orthanc holding synthetic studies, vsftpd with anonymous login, telnetd and a legacy nginx.
 * Asserts the exact findings per host, that a second client's C-ECHO to the PACS never takes more than 1 s while
 * the scan runs (every 200 ms), and that no synthetic patient data reaches the database, the report or the CSV.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from '../../src/probes/dicom/dimse.js';
import { openAssociation } from '../../src/probes/dicom/link.js';
import { contextsFor, requestFor } from '../../src/probes/dicom/services.js';
import { SOP } from '../../src/probes/dicom/uids.js';
import { fastNet } from '../fakes/dicom-net.js';
import { cleanup, startOrthanc, syntheticStudy } from '../fakes/dicom-peers.js';
import { legacyTls, makeCertificates, startNginx, startTelnetd, startVsftpd } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { SHARED_DATA } from '../shared-data.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const run = promisify(execFile);
const cli = new URL('../../bin/radguard.js', import.meta.url).pathname;
const ok = netnsAvailable() && commandsAvailable('Orthanc', 'storescu', 'dump2dcm', 'vsftpd', 'nginx', 'inetutils-inetd');

describe.skipIf(!ok)('radguard scan end to end on real peers', () => {
  let net: TestNet;
  const dir = mkdtempSync(join(tmpdir(), 'rg-e2e-'));
  const secrets: string[] = [];

  beforeAll(async () => {
    net = createTestNet(2, [{ name: 'pacs', dropIcmp: true }, { name: 'ftp' }, { name: 'telnet' }, { name: 'web' }]);
    const orthanc = await startOrthanc(net.host('pacs'), { DicomAlwaysAllowFind: true, DicomCheckCalledAet: true });
    const studies = [1, 2].map((n) => syntheticStudy(dir, n));
    for (const s of studies) secrets.push(...s.values);
    await run('storescu', ['-aec', 'ORTHANC', orthanc.host.address, '4242', ...studies.map((s) => s.file)]);
    await startVsftpd(net.host('ftp'), dir, { anonymous: true, noAnonPassword: false, banner: null });
    await startTelnetd(net.host('telnet'), dir);
    await startNginx(net.host('web'), dir, legacyTls(makeCertificates(dir)));
  });
  afterAll(() => {
    net?.close();
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const echoOnce = async (): Promise<number> => {
    const t0 = performance.now();
    const target = { host: net.host('pacs').address, port: 4242, transport: 'tcp' as const };
    const a = await openAssociation(fastNet(), target, requestFor('ORTHANC', 'SECOND-CLIENT', contextsFor([SOP.verification])), {
      deadlines: { answerMs: 5000, dimseMs: 5000, releaseMs: 5000 },
    });
    if (a.outcome !== 'accepted') throw new Error(`echo client not accepted: ${a.outcome}`);
    await a.link.request(1, { commandField: Command.CEchoRq, sopClassUid: SOP.verification });
    await a.link.release();
    return performance.now() - t0;
  };

  it('finds exactly the expected weaknesses, keeps the PACS responsive, and stores no patient data', async () => {
    const db = join(dir, 'e2e.db');
    const csv = join(dir, 'e2e.csv');
    // Real NVD records and the KEV catalog: identified products are matched right after the scan.
    await run(process.execPath, [cli, '--db', db, 'feeds', 'import', join(SHARED_DATA, 'vuln/nvd/records'), join(SHARED_DATA, 'vuln/kev/known_exploited_vulnerabilities.json')]);
    let scanning = true;
    const scan = run(process.execPath, [cli, '--db', db, 'scan', '10.77.2.11-14', '--fast', '--json', '--no-progress'], { maxBuffer: 64 * 1024 * 1024 }).finally(() => (scanning = false));
    const echoes: number[] = [];
    while (scanning) {
      echoes.push(await echoOnce());
      await new Promise((r) => setTimeout(r, 200));
    }
    const { stdout } = await scan;
    const report = JSON.parse(stdout);
    const ids = (addr: string) => [...new Set(report.hosts.find((h: { address: string }) => h.address === addr).findings.map((f: { id: string }) => f.id))].sort();

    expect(echoes.length).toBeGreaterThan(0);
    expect(Math.max(...echoes)).toBeLessThan(1000);

    const pacs = ids('10.77.2.11');
    expect(pacs).toEqual(expect.arrayContaining(['dicom-any-ae', 'dicom-cfind-unauthenticated', 'dicom-no-tls']));
    expect(ids('10.77.2.12')).toEqual(expect.arrayContaining(['ftp-anonymous', 'ftp-cleartext']));
    expect(ids('10.77.2.13')).toContain('insecure-telnet');
    expect(ids('10.77.2.14')).toEqual(expect.arrayContaining(['http-no-tls', 'tls-cert-expired', 'tls-cert-self-signed', 'tls-legacy-version', 'tls-weak-key']));
    // nothing a host does not have: no telnet finding on the FTP server, no DICOM finding on the web console
    expect(ids('10.77.2.12')).not.toContain('insecure-telnet');
    expect(ids('10.77.2.14').some((id) => String(id).startsWith('dicom-'))).toBe(false);
    // Orthanc 1.10.1 (identified over REST) < 1.12.0: CVE-2023-33466 by CPE range, with the feed ages carried along
    const cves = report.hosts.find((h: { address: string }) => h.address === '10.77.2.11').findings.filter((f: { id: string }) => f.id === 'known-vulnerability');
    expect(cves.map((f: { cve: string; port: number }) => `${f.cve}@${f.port}`)).toContain('CVE-2023-33466@8042');
    expect(report.feeds.find((f: { feed: string }) => f.feed === 'nvd')).toMatchObject({ records: 82 });
    expect(report.feeds.find((f: { feed: string }) => f.feed === 'epss')).toMatchObject({ state: 'missing', warning: expect.stringMatching(/WARNING/) });
    const pacsHost = report.hosts.find((h: { address: string }) => h.address === '10.77.2.11');
    expect(pacsHost.ports.find((p: { port: number }) => p.port === 4242).cpe.join(' ')).toMatch(/dcmtk|orthanc/);

    // The AE-title map: the PACS checks its called AE and answers to ORTHANC (a guessed default)
    const ae = JSON.parse((await run(process.execPath, [cli, '--db', db, 'scans', 'ae-titles', '--json'])).stdout);
    expect(ae.entries).toEqual([expect.objectContaining({ ae: 'ORTHANC', host: '10.77.2.11', port: 4242, tls: false })]);
    expect(ae.duplicates).toEqual([]);

    await run(process.execPath, [cli, '--db', db, 'scans', 'show', 'latest', '-o', csv]);
    const everything = [stdout, readFileSync(csv, 'utf8'), ...readdirSync(dir).filter((f) => f.startsWith('e2e.db')).map((f) => readFileSync(join(dir, f)).toString('latin1'))].join('\n');
    expect(secrets.length).toBeGreaterThan(4);
    for (const s of secrets) expect(everything, `leaked ${s}`).not.toContain(s);
    expect(everything).not.toMatch(/TEST\^PATIENT/);
  });
});
