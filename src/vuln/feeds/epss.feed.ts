/**
 * FIRST EPSS daily scores (`#model_version:…,score_date:…` then `cve,epss,percentile`). Rows are not in CVE
 * order in real files, so they go into a map by CVE id. Scores are only comparable within one model version,
 * which is kept with every score; a CVE absent from the file has no score (not 0).
 */
import { AppError } from '../../core/errors.js';
import { parseCsv } from './csv.js';

export interface EpssScore {
  readonly cve: string;
  readonly epss: number;
  readonly percentile: number;
}
export interface EpssFile {
  readonly scores: EpssScore[];
  readonly modelVersion?: string;
  readonly scoreDate?: string;
}

export const isEpssCsv = (text: string): boolean => /^(#[^\n]*\n)?\uFEFF?cve,epss,percentile/.test(text.slice(0, 300));

export function readEpss(file: string, text: string): EpssFile {
  const csv = parseCsv(file, text);
  const meta = Object.fromEntries((csv.comments[0] ?? '').split(',').map((kv) => [kv.split(':')[0]!.trim(), kv.slice(kv.indexOf(':') + 1).trim()]));
  const [ci, ei, pi] = ['cve', 'epss', 'percentile'].map((h) => csv.header.indexOf(h)) as [number, number, number];
  if (ci < 0 || ei < 0 || pi < 0) throw new AppError('ERR_FEED_PARSE', `${file}: EPSS CSV needs cve, epss and percentile columns`);
  const scores = csv.rows.map((r, n): EpssScore => {
    const cve = r[ci] ?? '';
    const epss = Number(r[ei]);
    const percentile = Number(r[pi]);
    if (!/^CVE-\d{4}-\d{4,19}$/.test(cve) || !(epss >= 0 && epss <= 1) || !(percentile >= 0 && percentile <= 1) || r[ei] === '' || r[pi] === '')
      throw new AppError('ERR_FEED_PARSE', `${file}: row ${n + 2 + csv.comments.length}: expected CVE id and two numbers in [0,1], found ${JSON.stringify(r.join(',').slice(0, 80))}`);
    return { cve, epss, percentile };
  });
  return { scores, modelVersion: meta.model_version, scoreDate: meta.score_date };
}
