/**
 * MDS2 reading on generated forms that do not mirror the parser: a clean workbook, a reflowed one (columns
 * moved, sections shuffled, merged note cells, a note continued on the next row, the answer inside the question
 * cell), an N/A-heavy one without a model, a text PDF with wrapped notes, a PDF without text, and garbage.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { portsInProse, readMds2 } from './form.js';
import { readMds2File } from './read.js';
import { zipUncompressedSize } from './zip-size.js';
import { commandsAvailable } from '../../../test/peers/require.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-mds2-'));

const DOC = [
  ['DOC-1', 'Manufacturer Name', 'Examplex Medical'],
  ['DOC-2', 'Device Description', 'Full-field digital mammography system'],
  ['DOC-3', 'Device Model', 'Mammo 3000'],
  ['DOC-4', 'Document ID', 'EXM-MDS2-0042'],
  ['DOC-7', 'Document Release Date', '2024-03-01'],
];
const Q: Array<[string, string, string, string]> = [
  ['MPII-1', 'Can this device display, transmit, store, or modify personally identifiable information?', 'Yes', ''],
  [
    'CONN-1',
    'Does the device have hardware connectivity capabilities?',
    'Yes',
    'Two USB ports: 2 on the console, disabled by policy. Ethernet port 1 for the hospital network.',
  ],
  [
    'CONN-4',
    'Is the device capable of receiving network communications?',
    'Yes',
    'DICOM storage commitment and worklist: TCP ports 104 and 2762 (TLS).',
  ],
  [
    'RMOT-1',
    'Does the device permit remote service connections for device analysis or repair?',
    'Yes',
    'Remote service through the vendor gateway over HTTPS, 443/tcp. Released 2019.',
  ],
  ['SAHD-1', 'Is the device hardened in accordance with any industry standards?', 'Yes', 'Windows 10 Enterprise LTSC 2019, CIS benchmark.'],
  ['ALOF-1', 'Can the device be configured to force reauthorization after a predetermined length of inactivity?', 'N/A', ''],
];

async function workbook(file: string, build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('MDS2'), wb);
  const path = join(dir, file);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('MDS2 workbooks', () => {
  it('clean layout: device description, answers by ID, ports from prose with their question, no USB or year numbers', async () => {
    const path = await workbook('clean.xlsx', (ws) => {
      ws.addRow(['Question ID', 'Question', 'See note', 'Note']);
      for (const [id, q, v] of DOC) ws.addRow([id, q, v]);
      for (const [id, q, a, n] of Q) ws.addRow([id, q, a, n]);
    });
    const f = await readMds2File(path);
    expect(f).toMatchObject({
      format: 'xlsx',
      manufacturer: 'Examplex Medical',
      model: 'Mammo 3000',
      documentId: 'EXM-MDS2-0042',
      releaseDate: '2024-03-01',
      remoteService: true,
      os: 'Windows 10 Enterprise LTSC 2019',
    });
    expect(f.ports).toEqual([
      { port: 104, protocol: 'tcp', from: 'CONN-4' },
      { port: 2762, protocol: 'tcp', from: 'CONN-4' },
      { port: 443, protocol: 'tcp', from: 'RMOT-1' },
    ]);
    expect(f.counts).toEqual({ yes: 5, no: 0, 'n/a': 1, 'see-note': 0, unanswered: 0 });
    expect(f.warnings).toEqual([]);
  });

  it('reflowed: moved columns, shuffled sections, merged notes, a note continued on the next row, answer inside the question cell, a port-list sheet', async () => {
    const path = await workbook('reflowed.xlsx', (ws, wb) => {
      ws.addRow(['', 'Vendor security disclosure (MDS2 HN 1-2019)']);
      ws.addRow([]);
      ws.addRow(['', '', 'RMOT-1 Does the device permit remote service connections? Yes', '', 'Vendor VPN; the gateway connects to the']);
      ws.addRow(['', '', '', '', 'device on port 5900 (VNC) only during a session.']);
      ws.addRow([
        '',
        '',
        'CONN-4',
        'Is the device capable of receiving network communications?',
        'Yes',
        'Listens for DICOM on port 11112; also accepts',
      ]);
      ws.mergeCells('F5:H5');
      ws.addRow(['', '', '', '', '', 'HL7 results on tcp 2575.']);
      for (const [id, q, v] of [...DOC].reverse()) ws.addRow(['', '', `${id}`, q, v]);
      ws.addRow(['', '', 'ALOF-1', 'Can the device force reauthorization?', 'N / A', '']);
      const ports = wb.addWorksheet('Port list');
      ports.addRow(['Port', 'Protocol', 'Service']);
      ports.addRow(['104', 'TCP', 'DICOM']);
      ports.addRow(['161', 'UDP', 'SNMP monitoring']);
    });
    const f = await readMds2File(path);
    expect(f.manufacturer).toBe('Examplex Medical');
    expect(f.model).toBe('Mammo 3000');
    expect(f.questions.find((q) => q.id === 'RMOT-1')).toMatchObject({
      answer: 'yes',
      question: 'Does the device permit remote service connections?',
    });
    expect(f.ports.map((p) => `${p.port}/${p.protocol}@${p.from}`)).toEqual(['5900/tcp@RMOT-1', '11112/tcp@CONN-4', '2575/tcp@CONN-4']);
    expect(f.portList).toEqual([
      { port: 104, protocol: 'tcp', service: 'DICOM' },
      { port: 161, protocol: 'udp', service: 'SNMP monitoring' },
    ]);
    expect(f.questions.find((q) => q.id === 'ALOF-1')?.answer).toBe('n/a');
  });

  it('N/A-heavy form without a model: counts, no ports, and a warning that says what to do', async () => {
    const path = await workbook('na.xlsx', (ws) => {
      ws.addRow(['DOC-1', 'Manufacturer Name', 'Quietco']);
      for (let i = 1; i <= 200; i++)
        ws.addRow([
          `${['AUDT', 'AUTH', 'DTBK', 'TXCF'][i % 4]}-${Math.ceil(i / 4)}`,
          `Question ${i}?`,
          i % 50 === 0 ? 'No' : 'N/A',
          i % 7 === 0 ? 'Not applicable: standalone use, no network port in use' : '',
        ]);
    });
    const f = await readMds2File(path);
    expect(f.counts).toMatchObject({ 'n/a': 196, no: 4 });
    expect(f.ports).toEqual([]);
    expect(f.model).toBeNull();
    expect(f.warnings.join(' ')).toMatch(/does not name the manufacturer and model: give them on the command line/);
  });

  it('refuses garbage and a zip that is not a workbook, with clear errors', async () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from('not a form at all'));
    await expect(readMds2File(junk)).rejects.toThrow(/neither an Excel workbook/);
    const zip = join(dir, 'fake.xlsx');
    writeFileSync(zip, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    await expect(readMds2File(zip)).rejects.toThrow(/not a readable Excel workbook/);
  });

  it('refuses a workbook whose ZIP directory declares a huge unpacked size, before inflating it', async () => {
    const path = await workbook('bomb.xlsx', (ws) => ws.addRow(['DOC-1', 'Manufacturer Name', 'X']));
    const zip = readFileSync(path);
    // Rewrite every central-directory entry's uncompressed size to 200 MiB (a bomb declares, then inflates).
    for (let p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) zip.writeUInt32LE(200 * 1024 * 1024, p + 24);
    writeFileSync(path, zip);
    await expect(readMds2File(path)).rejects.toThrow(/would unpack to \d+ MiB .*ZIP bomb/);
    expect(zipUncompressedSize(Buffer.alloc(10))).toBeNull();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (a) => void zipUncompressedSize(Buffer.from(a))), { numRuns: 50_000 });
  });
});

function pdf(file: string, draw: (d: PDFKit.PDFDocument) => void): Promise<string> {
  const path = join(dir, file);
  return new Promise((resolve) => {
    const d = new PDFDocument({ size: 'A4', margin: 30 });
    const out = createWriteStream(path);
    out.on('finish', () => resolve(path));
    d.pipe(out);
    draw(d);
    d.end();
  });
}

describe.skipIf(!commandsAvailable('pdftotext'))('MDS2 text PDFs (pdftotext, Debian poppler-utils)', () => {
  it('reads question rows laid out in columns, with a note wrapped onto the next line', async () => {
    const path = await pdf('form.pdf', (d) => {
      d.fontSize(8);
      let y = 40;
      const row = (id: string, q: string, a: string, n: string) => {
        d.text(id, 30, y, { lineBreak: false });
        d.text(q, 80, y, { lineBreak: false });
        d.text(a, 330, y, { lineBreak: false });
        d.text(n, 370, y, { lineBreak: false });
        y += 12;
      };
      row('DOC-1', 'Manufacturer Name', 'Examplex Medical', '');
      row('DOC-3', 'Device Model', 'Mammo 3000', '');
      row('CONN-4', 'Receives network communications?', 'Yes', 'DICOM on TCP port 104; the');
      row('', '', '', 'service UI uses port 8443.');
      row('RMOT-1', 'Permits remote service?', 'No', '');
    });
    const f = await readMds2File(path);
    expect(f).toMatchObject({ format: 'pdf', manufacturer: 'Examplex Medical', model: 'Mammo 3000', remoteService: false });
    expect(f.ports.map((p) => p.port)).toEqual([104, 8443]);
  });

  it('refuses a PDF without a text layer (a scan)', async () => {
    const path = await pdf('scan.pdf', (d) => d.rect(50, 50, 200, 100).fill('#888'));
    await expect(readMds2File(path)).rejects.toThrow(/no text layer/);
  });
});

describe('MDS2 robustness', () => {
  it('prose port reading ignores counts, years and hardware ports', () => {
    expect(portsInProse('USB ports: 2. Ethernet port 1. Since 2019. Windows 10.')).toEqual([]);
    expect(portsInProse('UDP 161 for SNMP, ports 8080-8082, 104/tcp')).toEqual([
      { port: 104, protocol: 'tcp' },
      { port: 161, protocol: 'udp' },
      { port: 8080, protocol: 'tcp' },
      { port: 8081, protocol: 'tcp' },
      { port: 8082, protocol: 'tcp' },
    ]);
  });
  it('never throws on arbitrary rows and never reports an impossible port', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('CONN-1', 'RMOT-1', 'DOC-3', 'Yes', 'N/A', 'port 99999', 'tcp 0', 'ports 1-65535'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }), (rows) => {
        const f = readMds2(rows);
        for (const p of f.ports) expect(p.port >= 1 && p.port <= 65535).toBe(true);
      }),
      { numRuns: 30_000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => portsInProse(s).length <= 65535),
      { numRuns: 100_000 },
    );
  });
});
