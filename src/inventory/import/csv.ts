/**
 * RFC 4180 CSV reader that remembers where every record starts, so a bad cell can be reported by line and
 * column: quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a UTF-8 byte-order mark, and
 * the delimiter guessed from the header line (comma, semicolon — common in European Excel exports — or tab).
 * Bounded: a cell over 64 KiB or a row over 1,000 cells is an error, never an allocation the file dictates.
 */
export interface CsvRecord {
  readonly line: number; // 1-based physical line where the record starts
  readonly cells: readonly string[];
}

export interface CsvParse {
  readonly delimiter: string;
  readonly records: CsvRecord[];
  readonly errors: Array<{ line: number; column: number; message: string }>;
}

const MAX_CELL = 64 * 1024;
const MAX_CELLS = 1000;

export function guessDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  return counts.sort((a, b) => b.n - a.n)[0]!.n > 0 ? counts[0]!.d : ',';
}

export function parseCsv(input: string, delimiter?: string): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delim = delimiter ?? guessDelimiter(text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length));
  const records: CsvRecord[] = [];
  const errors: CsvParse['errors'] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let bad: { column: number; message: string } | null = null;
    const fail = (message: string) => (bad ??= { column: cells.length + 1, message });
    let quotedCell = false;
    for (;;) {
      if (i >= n) {
        cells.push(cell);
        break;
      }
      const c = text[i]!;
      if (c === '"' && cell === '' && !quotedCell) {
        // quoted field: read to the closing quote
        quotedCell = true;
        i++;
        let closed = false;
        while (i < n) {
          const q = text[i]!;
          if (q === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (q === '\n') line++;
          if (cell.length < MAX_CELL) cell += q;
          else fail(`cell ${cells.length + 1} is longer than ${MAX_CELL} characters`);
          i++;
        }
        if (!closed) {
          errors.push({ line: start, column: cells.length + 1, message: 'a quoted cell is never closed (missing ")' });
          return { delimiter: delim, records, errors };
        }
        continue;
      }
      if (c === delim) {
        if (cells.length < MAX_CELLS) cells.push(cell);
        else fail(`more than ${MAX_CELLS} cells`);
        cell = '';
        quotedCell = false;
        i++;
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (c === '\n') {
        cells.push(cell);
        i++;
        line++;
        break;
      }
      if (quotedCell) fail(`text after the closing quote in cell ${cells.length + 1}`);
      else if (cell.length < MAX_CELL) cell += c;
      else fail(`cell ${cells.length + 1} is longer than ${MAX_CELL} characters`);
      i++;
    }
    if (bad) errors.push({ line: start, ...(bad as { column: number; message: string }) });
    else if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
  }
  return { delimiter: delim, records, errors };
}
