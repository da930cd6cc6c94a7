/**
 * Passive verification from real traffic (10.77.80.0/24): real clients — DCMTK echoscu/storescu/findscu against
 * Orthanc and storescp (the latter on a non-standard port), an HL7 client against a python3-hl7 listener, SMTP
 * from a modality to an aiosmtpd server — captured with tcpdump, then `radguard traffic import` on the pcap and on
 * a gzip'd pcapng copy. Asserted: AE titles, implementation UIDs, SOP classes, outcome, MSH fields, the e-mail and
 * non-standard-port violations, a duplicated AE title, and that no synthetic patient name, ID or accession number
 * from the captured studies reaches the output or the database.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, startOrthanc, startStorescp, syntheticStudy } from '../fakes/dicom-peers.js';
import { createTestNet, waitForPort, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const root = new URL('../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'rg-traffic-'));
chmodSync(dir, 0o755);
const entry = join(dir, 'cli.mts');
writeFileSync(entry, `import { main } from ${JSON.stringify(join(root, 'src/cli/main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`);
const radguard = (args: string[]) => {
  const r = spawnSync(tsx, [entry, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const run = promisify(execFile);

const hasPython = (() => {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import hl7.mllp, aiosmtpd'], { stdio: 'ignore' });
  return r.status === 0;
})();
const ok = netnsAvailable() && commandsAvailable('tcpdump', 'tshark', 'Orthanc', 'storescu', 'echoscu', 'findscu', 'storescp', 'dump2dcm') && hasPython;

const HL7_LISTENER = `
import asyncio, sys, hl7
from hl7.mllp import start_hl7_server
async def handle(reader, writer):
    try:
        while not reader.at_eof():
            msg = await reader.readmessage()
            ctrl = str(msg.segment('MSH')[10])
            writer.writemessage(hl7.parse(f"MSH|^~\\\\&|PACS-HL7|IMAGING|RIS|RADIOLOGY|20261130||ACK^A04|A{ctrl}|P|2.5.1\\rMSA|AA|{ctrl}"))
            await writer.drain()
    except asyncio.IncompleteReadError:
        pass
    writer.close()
async def main():
    async with await start_hl7_server(handle, host=sys.argv[1], port=2575) as server:
        await server.serve_forever()
asyncio.run(main())
`;
// Sends one ADT^A04 whose PID carries the synthetic patient: only MSH may be kept.
const HL7_CLIENT = `
import asyncio, sys, hl7
from hl7.mllp import open_hl7_connection
async def main():
    reader, writer = await open_hl7_connection(sys.argv[1], 2575)
    writer.writemessage(hl7.parse("MSH|^~\\\\&|RIS|RADIOLOGY|PACS-HL7|IMAGING|20261130080000||ADT^A04^ADT_A01|MSG42|P|2.5.1\\rPID|1||" + sys.argv[3] + "^^^HOSP||" + sys.argv[2] + "||19700101|F"))
    await writer.drain()
    await reader.readmessage()
    writer.close()
asyncio.run(main())
`;
const SMTP_CLIENT = `
import smtplib, sys
with smtplib.SMTP(sys.argv[1], 25, timeout=10) as s:
    s.sendmail('ct1@imaging.example', ['vendor@example.com'], 'Subject: report\\r\\n\\r\\nservice log attached\\r\\n')
`;

const POLICY = `version: 1
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.77.80.11/32, 10.77.80.16/32] }
  - { name: pacs, purpose: pacs, cidrs: [10.77.80.12/31, 10.77.80.14/32] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom, hl7] }
`;

describe.skipIf(!ok)('traffic import of real DICOM, HL7 and SMTP captures', () => {
  let tn: TestNet;
  const pcap = join(dir, 'cap.pcap');
  const policy = join(dir, 'zones.yaml');
  const db = join(dir, 'traffic.db');
  const secrets: string[] = [];
  let first: { code: number | null; stderr: string; out: Record<string, any> };

  beforeAll(async () => {
    writeFileSync(policy, POLICY);
    writeFileSync(join(dir, 'listener.py'), HL7_LISTENER);
    writeFileSync(join(dir, 'client.py'), HL7_CLIENT);
    writeFileSync(join(dir, 'smtp.py'), SMTP_CLIENT);
    tn = createTestNet(80, [{ name: 'modality' }, { name: 'orthanc' }, { name: 'storescp' }, { name: 'ris' }, { name: 'smtp' }, { name: 'modality2' }]);
    const [mod, orthancHost, scpHost, ris, smtp, mod2] = tn.hosts as [typeof tn.hosts[0], typeof tn.hosts[0], typeof tn.hosts[0], typeof tn.hosts[0], typeof tn.hosts[0], typeof tn.hosts[0]];
    await startOrthanc(orthancHost, { DicomAlwaysAllowFind: true });
    await startStorescp(scpHost, 'STORESCP', 7777);
    ris.spawn('/usr/bin/python3', [join(dir, 'listener.py'), ris.address]);
    smtp.spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `${smtp.address}:25`]);
    await Promise.all([waitForPort(ris.address, 2575), waitForPort(smtp.address, 25)]);
    const studies = [1, 2].map((n) => syntheticStudy(dir, 800 + n));
    for (const s of studies) secrets.push(...s.values.slice(0, 3)); // patient name, patient ID, accession number
    secrets.push('HL7^SYNTHETIC^PATIENT', 'HL7PID4242');

    const dump = spawn('tcpdump', ['-i', 'rgbr80', '--immediate-mode', '-n', '-s', '0', '-U', '-w', pcap, 'tcp'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve) => dump.stderr!.on('data', (d: Buffer) => /listening on/.test(d.toString()) && resolve()));
    const inNs = (h: typeof mod, cmd: string, args: string[]) => run('ip', ['netns', 'exec', h.ns, cmd, ...args], { timeout: 20_000 });
    await inNs(mod, 'echoscu', ['-aet', 'MODALITY1', '-aec', 'ORTHANC', orthancHost.address, '4242']);
    await inNs(mod, 'storescu', ['-aet', 'MODALITY1', '-aec', 'ORTHANC', orthancHost.address, '4242', ...studies.map((s) => s.file)]);
    await inNs(mod, 'findscu', ['-S', '-aet', 'MODALITY1', '-aec', 'ORTHANC', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientName', '-k', 'PatientID', '-k', 'AccessionNumber', orthancHost.address, '4242']);
    await inNs(mod2, 'storescu', ['-aet', 'MODALITY1', '-aec', 'STORESCP', scpHost.address, '7777', studies[0]!.file]);
    await inNs(mod, '/usr/bin/python3', [join(dir, 'client.py'), ris.address, 'HL7^SYNTHETIC^PATIENT', 'HL7PID4242']);
    await inNs(mod, '/usr/bin/python3', [join(dir, 'smtp.py'), smtp.address]);
    await new Promise((r) => setTimeout(r, 1000)); // let the last FIN/ACKs reach the capture
    dump.kill('SIGINT');
    await new Promise((r) => dump.once('exit', r));

    const r = radguard(['--db', db, 'traffic', 'import', pcap, '--policy', policy, '--json']);
    first = { code: r.code, stderr: r.stderr, out: JSON.parse(r.stdout || '{}') };
  }, 90_000);
  afterAll(() => {
    tn?.close();
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the tcpdump capture', () => {
    expect(first.stderr).toBe('');
    expect(first.out.imports[0]).toMatchObject({ format: 'pcap', truncated: false, problems: [] });
    expect(first.out.imports[0].packets).toBeGreaterThan(20);
  });

  it('DICOM associations: AE titles, implementation UIDs, SOP classes, outcome — also on port 7777', () => {
    const assocs = first.out.dicom.associations as Record<string, any>[];
    expect(assocs.map((a) => `${a.callingAe}>${a.calledAe}@${a.server}:${a.serverPort} ${a.outcome}`)).toEqual([
      'MODALITY1>ORTHANC@10.77.80.12:4242 accepted', // echoscu
      'MODALITY1>ORTHANC@10.77.80.12:4242 accepted', // storescu
      'MODALITY1>ORTHANC@10.77.80.12:4242 accepted', // findscu
      'MODALITY1>STORESCP@10.77.80.13:7777 accepted',
    ]);
    expect(assocs[0]!.requestorImplementation).toEqual({ classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367' });
    // Orthanc 1.10 answers with the DCMTK it is built on
    expect(assocs[0]!.acceptorImplementation).toEqual({ classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367' });
    expect(assocs[0]!.acceptedSopClasses).toEqual(['1.2.840.10008.1.1']); // Verification
    expect(assocs[1]!.acceptedSopClasses).toContain('1.2.840.10008.5.1.4.1.1.7'); // Secondary Capture
    expect(assocs[1]!.proposedSopClasses.length).toBeGreaterThan(50); // storescu proposes every storage class
    expect(assocs[1]!.pdataBytes).toBeGreaterThan(0);
    expect(assocs[2]!.acceptedSopClasses).toEqual(['1.2.840.10008.5.1.4.1.2.2.1']); // Study Root Q/R FIND
    expect(assocs.every((a) => a.released)).toBe(true);
    expect(first.out.dicom.duplicates).toEqual([{ aeTitle: 'MODALITY1', hosts: ['10.77.80.11', '10.77.80.16'] }]);
    expect(first.out.dicom.entries).toContainEqual(expect.objectContaining({ aeTitle: 'ORTHANC', host: '10.77.80.12', role: 'acceptor', associations: 3 }));
  });

  it('HL7 MSH fields of the ADT and its ACK', () => {
    expect(first.out.hl7).toHaveLength(1);
    expect(first.out.hl7[0].messages).toEqual([
      { direction: 'to-server', header: { sendingApplication: 'RIS', sendingFacility: 'RADIOLOGY', receivingApplication: 'PACS-HL7', receivingFacility: 'IMAGING', messageType: 'ADT^A04', version: '2.5.1' } },
      { direction: 'to-client', header: { sendingApplication: 'PACS-HL7', sendingFacility: 'IMAGING', receivingApplication: 'RIS', receivingFacility: 'RADIOLOGY', messageType: 'ACK^A04', version: '2.5.1' } },
    ]);
  });

  it('violations: e-mail from the imaging zone, DICOM to PACS on a port the policy does not allow; none for allowed flows', () => {
    expect(first.code).toBe(1);
    expect(first.out.violations.map((v: Record<string, unknown>) => [v.ruleId, v.fromZone, v.host, v.port])).toEqual([
      ['imaging-email-traffic', 'imaging', '10.77.80.15', 25],
      ['segmentation-violation', 'imaging', '10.77.80.13', 7777],
    ]);
    expect(first.out.violations[0].evidence).toMatch(/10\.77\.80\.11 → 10\.77\.80\.15:25\/tcp, \d+ packet\(s\)/);
    const cell = first.out.matrix.find((c: { from: string; to: string }) => c.from === 'imaging' && c.to === 'pacs');
    expect(cell.observed.filter((o: { allowedBy: number | null }) => o.allowedBy === 0).map((o: { port: number }) => o.port)).toEqual([4242, 2575]);
  });

  it('DICOM findings: associations readable between zones, and the duplicated AE title on each host using it', () => {
    expect(first.out.dicomFindings.map((d: Record<string, unknown>) => [d.ruleId, d.fromZone, d.host, d.port])).toEqual([
      ['dicom-no-tls-between-zones', 'imaging', '10.77.80.12', 4242], // Orthanc: echoscu/storescu/findscu
      ['dicom-no-tls-between-zones', 'imaging', '10.77.80.13', 7777], // storescp on a non-standard port
      ['dicom-duplicate-ae-title', 'imaging', '10.77.80.11', 0],
      ['dicom-duplicate-ae-title', 'imaging', '10.77.80.16', 0],
    ]);
    expect(first.out.dicomFindings[0].evidence).toMatch(/^3 DICOM association\(s\) from zone imaging to 10\.77\.80\.12:4242 in zone pacs were readable in the capture, so not encrypted: 10\.77\.80\.\d+ \(AE /);
    expect(first.out.dicomFindings[2].evidence).toMatch(/^AE title MODALITY1 is used by 10\.77\.80\.11 \(requestor in \d+ association\(s\)\) and also by 10\.77\.80\.16 in the capture$/);
    // kept as findings, listed by `radguard findings list` beside the scan findings
    const stored = JSON.parse(radguard(['--db', db, 'findings', 'list', '--json']).stdout).segmentationFindings.map((f: { ruleId: string; host: string; state: string }) => `${f.ruleId} ${f.host} ${f.state}`);
    expect(stored).toEqual(expect.arrayContaining(['dicom-duplicate-ae-title 10.77.80.16 open', 'dicom-no-tls-between-zones 10.77.80.13 open']));
  });

  it('no synthetic patient name, ID or accession number in the output or the database', () => {
    const text = JSON.stringify(first.out);
    const dbBytes = readFileSync(db).toString('latin1') + readFileSync(`${db}-wal`, { flag: 'a+' }).toString('latin1');
    for (const s of secrets) {
      expect(text).not.toContain(s);
      expect(dbBytes).not.toContain(s);
    }
    // the data really was on the wire: the capture holds the patient name
    expect(readFileSync(pcap).toString('latin1')).toContain(secrets[0]);
  });

  it('the same facts from a gzip-compressed pcapng copy (written by tshark)', () => {
    const ng = join(dir, 'cap.pcapng');
    spawnSync('tshark', ['-r', pcap, '-F', 'pcapng', '-w', ng], { stdio: 'ignore' });
    writeFileSync(`${ng}.gz`, gzipSync(readFileSync(ng)));
    const r = radguard(['--db', db, 'traffic', 'import', `${ng}.gz`, '--policy', policy, '--json', '--no-record']);
    const out = JSON.parse(r.stdout);
    expect(out.imports[0]).toMatchObject({ format: 'pcapng', gzip: true, packets: first.out.imports[0].packets });
    expect(out.dicom.associations).toEqual(first.out.dicom.associations);
    expect(out.hl7).toEqual(first.out.hl7);
    expect(out.violations.map((v: { ruleId: string }) => v.ruleId)).toEqual(first.out.violations.map((v: { ruleId: string }) => v.ruleId));
  });
});
