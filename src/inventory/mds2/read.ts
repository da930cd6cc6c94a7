/**
 * Opens an MDS2 file: an Excel workbook (read with exceljs; every sheet is searched for question IDs, and a
 * sheet whose header has a "Port" column is read as the vendor's port list) or a text PDF (pdftotext -layout
 * from Debian poppler-utils, columns split at runs of spaces). Scanned PDFs without text are refused with a
 * clear message; we do no OCR. Size, row and time limits, and the ZIP's declared unpacked size checked before
 * inflating, keep a hostile file from exhausting memory.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { AppError } from '../../core/errors.js';
import { parsePortList, type DeclaredPort } from '../device-model.js';
import { readMds2, type Mds2Form } from './form.js';
import { zipUncompressedSize } from './zip-size.js';

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_ROWS = 20_000;
const MAX_INFLATED = 128 * 1024 * 1024; // a real MDS2 workbook unpacks to well under 5 MiB

export interface Mds2File extends Mds2Form {
  readonly format: 'xlsx' | 'pdf';
  /** Ports from a separate port-list sheet in the workbook, if there is one. */
  readonly portList: readonly DeclaredPort[];
}

export async function readMds2File(path: string): Promise<Mds2File> {
  const size = statSync(path).size;
  if (size > MAX_BYTES)
    throw new AppError('ERR_MDS2_TOO_LARGE', `${path}: ${size} bytes is larger than an MDS2 form can be (${MAX_BYTES} bytes)`);
  const head = readFileSync(path).subarray(0, 5).toString('latin1');
  if (head.startsWith('%PDF')) return { ...readMds2(await pdfRows(path)), format: 'pdf', portList: [] };
  if (head.startsWith('PK')) {
    const inflated = zipUncompressedSize(readFileSync(path));
    if (inflated === null) throw new AppError('ERR_MDS2_PARSE', `${path}: not a readable Excel workbook (damaged ZIP directory)`);
    if (inflated > MAX_INFLATED) throw new AppError('ERR_MDS2_TOO_LARGE', `${path}: the workbook would unpack to ${inflated === Infinity ? 'more than 4 GiB' : `${Math.round(inflated / 1048576)} MiB`} (limit ${MAX_INFLATED / 1048576} MiB); refusing a possible ZIP bomb`);
    const { rows, portList } = await xlsxRows(path);
    return { ...readMds2(rows), format: 'xlsx', portList };
  }
  throw new AppError('ERR_MDS2_FORMAT', `${path}: neither an Excel workbook (.xlsx) nor a PDF; save legacy .xls forms as .xlsx first`);
}

async function xlsxRows(path: string): Promise<{ rows: string[][]; portList: DeclaredPort[] }> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: it costs ~0.3 s of start-up for every command
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new AppError('ERR_MDS2_PARSE', `${path}: not a readable Excel workbook: ${(e as Error).message}`, { cause: e });
  }
  const rows: string[][] = [];
  const portList: DeclaredPort[] = [];
  for (const ws of wb.worksheets) {
    const sheet: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      if (sheet.length >= MAX_ROWS) return;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        let text = '';
        try {
          text = cell.text ?? '';
        } catch {
          text = String(cell.value ?? '');
        }
        cells.push(text.slice(0, 8000));
      });
      sheet.push(cells);
    });
    const header = sheet.findIndex((r) => r.some((c) => /^\s*(tcp\/udp\s+)?port(\s*(number|no\.?|#))?\s*$/i.test(c)));
    if (header >= 0 && !sheet.some((r) => r.some((c) => /^\s*(DOC|RMOT|CONN)\s*-\s*\d/.test(c)))) {
      const h = sheet[header]!.map((c) => c.trim().toLowerCase());
      const portCol = h.findIndex((c) => /port/.test(c) && !/proto/.test(c));
      const protoCol = h.findIndex((c) => /proto|transport|tcp\/udp/.test(c) && !/^port/.test(c));
      const svcCol = h.findIndex((c) => /service|application|use|purpose|description/.test(c));
      for (const r of sheet.slice(header + 1)) {
        const proto = (r[protoCol] ?? '').toLowerCase().includes('udp') ? 'udp' : 'tcp';
        const p = parsePortList(r[portCol] ?? '', proto);
        for (const x of p.ports) portList.push(svcCol >= 0 && r[svcCol]?.trim() ? { ...x, service: r[svcCol]!.trim().slice(0, 200) } : x);
      }
    } else rows.push(...sheet);
  }
  return { rows, portList };
}

function pdfRows(path: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    execFile(
      'pdftotext',
      ['-layout', '-enc', 'UTF-8', path, '-'],
      { maxBuffer: 16 * 1024 * 1024, timeout: 30_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
          reject(
            new AppError(
              missing ? 'ERR_MDS2_PDFTOTEXT' : 'ERR_MDS2_PARSE',
              missing
                ? 'reading PDF forms needs pdftotext (Debian package poppler-utils)'
                : `${path}: pdftotext failed: ${String(stderr || err.message)
                    .trim()
                    .slice(0, 300)}`,
              { cause: err },
            ),
          );
          return;
        }
        if (!/[A-Za-z]{3}/.test(stdout)) {
          reject(
            new AppError('ERR_MDS2_NO_TEXT', `${path}: the PDF has no text layer (a scanned form?); ask the vendor for the Excel workbook`),
          );
          return;
        }
        resolve(
          stdout
            .split(/\r?\n/)
            .slice(0, MAX_ROWS * 4)
            .map((l) => l.split(/\s{2,}|\t/)),
        );
      },
    );
  });
}
