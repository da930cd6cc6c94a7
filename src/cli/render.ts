/**
 * Chooses the output of a scan report — table on a terminal, JSON with --json, CSV or JSON files with -o — and
 * streams it host by host from the store, so a /16 sweep never sits in memory whole.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { writeScanCsv } from '../report/csv.js';
import { writeScanJson } from '../report/json.js';
import { reportHosts, scanReportHead, type FeedState } from '../report/model.js';
import { writeScanTable } from '../report/table.js';
import type { ScanStore } from '../store/store.js';
import type { CliIO, GlobalOptions } from './command.js';

export function writeReport(io: CliIO, g: GlobalOptions, store: ScanStore, scanId: string, generatedAt: string, format?: string, feeds: readonly FeedState[] = []): void {
  const fmt = format ?? (g.output?.endsWith('.csv') ? 'csv' : g.output?.endsWith('.json') ? 'json' : g.json ? 'json' : 'table');
  if (!['table', 'json', 'csv'].includes(fmt)) throw new UsageError(`unknown format "${fmt}" (table, json, csv)`);
  const head = scanReportHead(store, scanId, generatedAt, feeds);
  const render = (f: string, colour: boolean, write: (s: string) => void) => {
    const hosts = reportHosts(store, scanId);
    if (f === 'json') writeScanJson(head, hosts, write);
    else if (f === 'csv') writeScanCsv(head, hosts, write);
    else writeScanTable(head, hosts, colour, write);
  };
  if (g.output) {
    const fd = openSync(g.output, 'w');
    try {
      render(fmt, false, (s) => writeSync(fd, s));
    } finally {
      closeSync(fd);
    }
  }
  const write = (s: string) => io.stdout.write(s);
  if (g.json) render('json', false, write);
  else if (!g.output) render(fmt, Boolean((io.stdout as { isTTY?: boolean }).isTTY) && !io.env.NO_COLOR, write);
}
