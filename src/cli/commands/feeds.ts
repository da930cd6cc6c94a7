/**
 * `radguard feeds import PATH...` reads vulnerability feeds offline (NVD, KEV, EPSS, CSAF, OSV; files,
 * directories, .gz, .zip) in one transaction and prints what changed; `radguard feeds status` shows each feed's
 * age with a loud warning when one is missing or older than --max-age-days.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { openDb } from '../../store/sqlite/db.js';
import { DEFAULT_MAX_AGE_DAYS, feedWarnings, type FeedAge } from '../../vuln/feeds/freshness.js';
import { feedStatus, importFeeds } from '../../vuln/index.js';
import { EXIT, action, emit, globals, type CliIO, type CommandModule } from '../command.js';

export function maxAge(v: string | undefined): number {
  if (v === undefined) return DEFAULT_MAX_AGE_DAYS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-age-days must be a whole number of days, got ${JSON.stringify(v)}`);
  return n;
}

export function renderAges(ages: readonly FeedAge[], colour: boolean): string {
  const lines = ages.map((a) => `  ${a.feed.padEnd(5)} ${a.state.padEnd(8)} ${String(a.records).padStart(7)} records  ${a.feedDate ? `data of ${a.feedDate.slice(0, 10)}` : ''}${a.ageDays !== undefined ? ` (${a.ageDays} days old)` : ''}`);
  const warn = feedWarnings(ages).map((w) => (colour ? pc.bold(pc.red(w)) : w));
  return [...warn, 'Feeds:', ...lines].join('\n') + '\n';
}

const LIST = 20;
const listed = (ids: readonly string[]) => (ids.length ? `${ids.slice(0, LIST).join(', ')}${ids.length > LIST ? `, … (${ids.length - LIST} more)` : ''}` : 'none');

export const feedsCommand: CommandModule = {
  register(program: Command, io: CliIO, setExit) {
    const feeds = program.command('feeds').description('Offline vulnerability feeds: import and status');
    feeds
      .command('import')
      .description('Import NVD 2.0/1.1, CISA KEV, EPSS, CSAF 2.0 and OSV files (files, directories, .gz, .zip)')
      .argument('<paths...>', 'feed files or directories')
      .option('--max-age-days <n>', 'warn when a feed is older than this', String(DEFAULT_MAX_AGE_DAYS))
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, async (paths: string[], opts: { maxAgeDays?: string }, cmd: Command) => {
          const g = globals(cmd);
          const limit = maxAge(opts.maxAgeDays);
          const db = openDb(g.db);
          try {
            const report = await importFeeds(db, paths, { clock: systemClock });
            const feedsAges = feedStatus(db, systemClock, limit);
            emit(io, g, { ...report, feeds: feedsAges, warnings: feedWarnings(feedsAges) }, () =>
              [
                ...report.files.map((f) => `${f.feed.padEnd(5)} ${f.path}: ${f.records} records (${f.new} new, ${f.modified} modified, ${f.unchanged} unchanged${f.ignored ? `, ${f.ignored} ignored` : ''})${f.note ? ` — ${f.note}` : ''}`),
                ...report.skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
                `New CVEs: ${report.newCves.length} — ${listed(report.newCves)}`,
                `Modified CVEs: ${report.modifiedCves.length} — ${listed(report.modifiedCves)}`,
                `New KEV entries: ${report.newKev.length} — ${listed(report.newKev)}`,
                `Imported in ${report.seconds.toFixed(1)} s`,
                renderAges(feedsAges, !!io.stderr.isTTY),
              ].join('\n'),
            );
            return EXIT.ok;
          } finally {
            db.close();
          }
        }),
      );
    feeds
      .command('status')
      .description("Show each feed's age; warn loudly about missing or stale feeds")
      .option('--max-age-days <n>', 'warn when a feed is older than this', String(DEFAULT_MAX_AGE_DAYS))
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { maxAgeDays?: string }, cmd: Command) => {
          const g = globals(cmd);
          const limit = maxAge(opts.maxAgeDays);
          const db = openDb(g.db);
          try {
            const ages = feedStatus(db, systemClock, limit);
            emit(io, g, { feeds: ages, warnings: feedWarnings(ages) }, () => renderAges(ages, !!io.stderr.isTTY));
            return EXIT.ok;
          } finally {
            db.close();
          }
        }),
      );
  },
};
