/**
 * `radguard feeds import PATH...` reads vulnerability feeds offline (NVD, KEV, EPSS, CSAF, OSV; files,
 * directories, .gz, .zip) in one transaction and prints what changed, and with --reassess brings devices'
 * findings up to them (ADR 0106); `radguard feeds status` shows each feed's age with a loud warning when one is
 * missing or older than --max-age-days.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { TrustStore } from '../../store/sqlite/vuln-trust-store.js';
import { createBundle, generateSigningKey, publicKeyFromBase64 } from '../../vuln/feeds/bundle.js';
import { readPublicKey } from '../../vuln/feeds/csaf-signature.js';
import { systemClock } from '../../core/clock.js';
import { AppError, UsageError } from '../../core/errors.js';
import { openDb } from '../../store/sqlite/db.js';
import { DEFAULT_MAX_AGE_DAYS, feedWarnings, type FeedAge } from '../../vuln/feeds/freshness.js';
import { feedStatus, importFeeds } from '../../vuln/index.js';
import { EXIT, action, emit, globals, type CliIO, type CommandModule } from '../command.js';
import { stepBar } from '../progress.js';
import { renderReassessment, runReassessment } from '../reassess-run.js';

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
      .option('--reassess', "then bring devices' findings up to these feeds (vulns reassess; exit 1 when something new affects a device)")
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, async (paths: string[], opts: { maxAgeDays?: string; reassess?: boolean }, cmd: Command) => {
          const g = globals(cmd);
          const limit = maxAge(opts.maxAgeDays);
          const db = openDb(g.db);
          const bar = stepBar(io.stderr, !!io.stderr.isTTY, 'files');
          try {
            const report = await importFeeds(db, paths, { clock: systemClock, onProgress: bar.update }).finally(bar.done);
            const feedsAges = feedStatus(db, systemClock, limit);
            const reassessment = opts.reassess ? runReassessment(cmd, io) : null;
            emit(io, g, { ...report, feeds: feedsAges, warnings: feedWarnings(feedsAges), ...(reassessment ? { reassessment } : {}) }, () =>
              [
                ...report.files.map((f) => `${f.feed.padEnd(5)} ${f.path}: ${f.records} records (${f.new} new, ${f.modified} modified, ${f.unchanged} unchanged${f.ignored ? `, ${f.ignored} ignored` : ''})${f.note ? ` — ${f.note}` : ''}`),
                ...report.skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
                ...report.bundles.map((b) => `verified bundle ${b.dir}: signed by pinned key ${b.keyId}, created ${b.created}`),
                `New CVEs: ${report.newCves.length} — ${listed(report.newCves)}`,
                `Modified CVEs: ${report.modifiedCves.length} — ${listed(report.modifiedCves)}`,
                `New KEV entries: ${report.newKev.length} — ${listed(report.newKev)}`,
                `Imported in ${report.seconds.toFixed(1)} s`,
                // Findings are judged by scans: say when devices see the new data, and where to see it sooner.
                ...(reassessment
                  ? renderReassessment(reassessment)
                  : ['Device findings use these feeds from their next scan, or now: radguard vulns reassess (no network traffic).']),
                renderAges(feedsAges, !!io.stderr.isTTY),
              ].join('\n'),
            );
            return reassessment && reassessment.opened + reassessment.reopened > 0 ? EXIT.findings : EXIT.ok;
          } finally {
            db.close();
          }
        }),
      );
    feeds
      .command('keygen')
      .description('Create an Ed25519 key pair for signing feed bundles (keep the private key on the connected side)')
      .requiredOption('--out <dir>', 'directory for radguard-feed.key (private) and radguard-feed.pub')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { out: string }, cmd: Command) => {
          const g = globals(cmd);
          const keyFile = join(opts.out, 'radguard-feed.key');
          if (existsSync(keyFile)) throw new UsageError(`${keyFile} exists; refusing to overwrite a signing key`);
          mkdirSync(opts.out, { recursive: true });
          const k = generateSigningKey();
          writeFileSync(keyFile, k.privatePem, { mode: 0o600 });
          chmodSync(keyFile, 0o600);
          writeFileSync(join(opts.out, 'radguard-feed.pub'), `${k.publicKey}\n`);
          emit(io, g, { keyId: k.keyId, publicKey: k.publicKey, privateKeyFile: keyFile }, () =>
            `Key ${k.keyId} written to ${keyFile} (private, mode 600).\nPin it on each air-gapped site with:\n  radguard feeds trust add ${k.publicKey}\n`);
          return EXIT.ok;
        }),
      );
    feeds
      .command('bundle')
      .description('Copy feed files into DIR with a signed manifest of SHA-256 hashes, for transfer to an air-gapped site')
      .argument('<paths...>', 'feed files or directories')
      .requiredOption('--out <dir>', 'an empty directory for the bundle')
      .requiredOption('--key <file>', 'private key from radguard feeds keygen')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (paths: string[], opts: { out: string; key: string }, cmd: Command) => {
          const g = globals(cmd);
          if (!existsSync(opts.key)) throw new UsageError(`--key ${opts.key}: no such file`);
          const m = createBundle(paths, opts.out, readFileSync(opts.key, 'utf8'), systemClock);
          emit(io, g, m, () => `Bundle ${opts.out}: ${m.files.length} files, created ${m.created}, signed with key ${m.keyId}\n`);
          return EXIT.ok;
        }),
      );
    const trust = feeds.command('trust').description('Public keys this site accepts feed bundles and CSAF advisories from');
    trust
      .command('add')
      .description('Pin a public key (base64, from radguard feeds keygen) for verifying feed bundles')
      .argument('<pubkey>', 'raw Ed25519 public key, base64')
      .option('--name <name>', 'who holds the private key')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (pub: string, opts: { name?: string }, cmd: Command) => {
          const g = globals(cmd);
          let keyId: string;
          try {
            keyId = publicKeyFromBase64(pub).keyId;
          } catch (e) {
            throw new UsageError((e as AppError).message);
          }
          const db = openDb(g.db);
          try {
            new TrustStore(db).add({ keyId, publicKey: pub.trim(), name: opts.name, addedAt: systemClock.now().toISOString() });
          } finally {
            db.close();
          }
          emit(io, g, { keyId }, () => `Pinned key ${keyId}${opts.name ? ` (${opts.name})` : ''}\n`);
          return EXIT.ok;
        }),
      );
    trust
      .command('add-pgp')
      .description("Pin a CSAF publisher's OpenPGP public key: its advisories then need a valid .asc signature by it")
      .argument('<file>', 'the armored public key, as the publisher distributes it')
      .requiredOption('--publisher <namespace>', 'the publisher namespace its advisories carry, e.g. https://www.cisa.gov/')
      .option('--name <name>', 'who the key belongs to')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, async (file: string, opts: { publisher: string; name?: string }, cmd: Command) => {
          const g = globals(cmd);
          if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
          if (!/^https?:\/\/\S+$/i.test(opts.publisher)) throw new UsageError(`--publisher ${JSON.stringify(opts.publisher)}: give the namespace URL of the CSAF publisher (document.publisher.namespace)`);
          const armored = readFileSync(file, 'utf8');
          let key: { fingerprint: string; userIds: string[] };
          try {
            key = await readPublicKey(armored);
          } catch (e) {
            throw new UsageError(`${file}: ${(e as AppError).message}`);
          }
          const db = openDb(g.db);
          try {
            new TrustStore(db).addPgp({ fingerprint: key.fingerprint, publisher: opts.publisher, name: opts.name ?? key.userIds[0], armored, addedAt: systemClock.now().toISOString() });
          } finally {
            db.close();
          }
          emit(io, g, { fingerprint: key.fingerprint, publisher: opts.publisher, userIds: key.userIds }, () => `Pinned OpenPGP key ${key.fingerprint} (${key.userIds.join(', ')}) for CSAF advisories of ${opts.publisher}\n`);
          return EXIT.ok;
        }),
      );
    trust
      .command('list')
      .description('List pinned keys')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_opts: unknown, cmd: Command) => {
          const g = globals(cmd);
          const db = openDb(g.db);
          try {
            const store = new TrustStore(db);
            const keys = store.list();
            const pgp = store.pgpKeys().map(({ armored: _a, ...k }) => k);
            emit(io, g, { bundleKeys: keys, pgpKeys: pgp }, () =>
              (keys.length ? keys.map((k) => `${k.keyId}  ${k.publicKey}  ${k.name ?? ''}  added ${k.addedAt}`).join('\n') + '\n' : 'No pinned bundle keys.\n') +
              (pgp.length ? pgp.map((k) => `OpenPGP ${k.fingerprint}  for ${k.publisher}  ${k.name ?? ''}  added ${k.addedAt}`).join('\n') + '\n' : 'No pinned OpenPGP keys for CSAF publishers.\n'));
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
