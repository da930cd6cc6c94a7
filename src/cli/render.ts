/** Chooses the output of a scan report: table on a terminal, JSON with --json, CSV or JSON files with -o. */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { renderScanCsv } from '../report/csv.js';
import type { ScanReport } from '../report/model.js';
import { renderScanTable } from '../report/table.js';
import type { CliIO, GlobalOptions } from './command.js';

export function writeReport(io: CliIO, g: GlobalOptions, report: ScanReport, format?: string): void {
  const fmt = format ?? (g.output?.endsWith('.csv') ? 'csv' : g.output?.endsWith('.json') ? 'json' : g.json ? 'json' : 'table');
  if (!['table', 'json', 'csv'].includes(fmt)) throw new UsageError(`unknown format "${fmt}" (table, json, csv)`);
  const render = (f: string, colour: boolean) =>
    f === 'json' ? `${JSON.stringify(report, null, 2)}\n` : f === 'csv' ? renderScanCsv(report) : renderScanTable(report, colour);
  if (g.output) writeFileSync(g.output, render(fmt, false));
  if (g.json) io.stdout.write(render('json', false));
  else if (!g.output) io.stdout.write(render(fmt, Boolean((io.stdout as { isTTY?: boolean }).isTTY) && !io.env.NO_COLOR));
}
