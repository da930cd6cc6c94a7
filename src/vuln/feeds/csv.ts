/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks, as CISA's KEV file does.
 * Lines starting with `#` before the header are comments (the EPSS model line).
 */
import { AppError } from '../../core/errors.js';

export interface Csv {
  readonly comments: readonly string[];
  readonly header: readonly string[];
  readonly rows: readonly string[][];
}

export function parseCsv(file: string, text: string): Csv {
  const comments: string[] = [];
  let pos = 0;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  while (text[pos] === '#') {
    const nl = text.indexOf('\n', pos);
    comments.push(text.slice(pos + 1, nl < 0 ? text.length : nl).trim());
    pos = nl < 0 ? text.length : nl + 1;
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = comments.length + 1;
  for (let i = pos; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      line++;
    } else field += c;
  }
  if (quoted) throw new AppError('ERR_FEED_PARSE', `${file}: line ${line}: unterminated quoted field (truncated file?)`);
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift();
  if (!header) throw new AppError('ERR_FEED_PARSE', `${file}: empty CSV, no header line`);
  return { comments, header: header.map((h) => h.trim()), rows };
}
