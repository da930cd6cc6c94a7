/**
 * `feeds import`: reads feed files offline — files, directories, `.gz`, `.zip` — recognises each by content
 * (NVD 2.0/1.1, KEV JSON/CSV, EPSS CSV, CSAF 2.0, OSV), and writes them in ONE transaction: a malformed file
 * fails with its name and JSON path, and what was imported before stays intact. NVD files too large for one
 * string are streamed record by record; large NVD files are streamed by worker threads while this thread writes
 * (ADR 0101). Re-imports report what changed (new/modified CVEs, new KEV entries).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AppError, errorMessage } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { VulnStore, type Change, type FeedName } from '../../store/sqlite/vuln-store.js';
import { isCsafDocument, readCsaf, verifySha512 } from './csaf.feed.js';
import { checkCsafSignature } from './csaf-signature.js';
import { isEpssCsv, readEpss } from './epss.feed.js';
import { FeedParseError } from './json-path.js';
import { isKevCsv, isKevDocument, readKevCsv, readKevJson } from './kev.feed.js';
import { isNvdDocument, readNvdDocument, type CveRecord } from './nvd.feed.js';
import { NvdParsePool } from './nvd-parse-pool.js';
import { fileChunks, headFeedDate, streamableNvdShape, streamNvdRecords, type NvdShape } from './nvd-stream.js';
import { addCve, batchSize, newBatch, type CveBatch } from '../../store/sqlite/vuln-cve-rows.js';
import { isOsvDocument, readOsv } from './osv.feed.js';
import { TrustStore, type PgpKey } from '../../store/sqlite/vuln-trust-store.js';
import { isBundle, verifyBundle, type VerifiedBundle } from './bundle.js';
import { readZip } from './zip.js';

/** V8 cannot hold a string much over 512 MB; NVD files above this are parsed as a stream. */
export const STREAM_THRESHOLD = 256 * 1024 * 1024;

/** NVD files from this size on are parsed in worker threads while the importing thread writes. */
export const WORKER_THRESHOLD = 8 * 1024 * 1024;

export interface ImportOptions {
  readonly clock: Clock;
  readonly streamThreshold?: number;
  /** Threads parsing large NVD files (default: up to 2, one per spare core); 0 parses in the importing thread. */
  readonly workers?: number;
  readonly workerThreshold?: number;
  /** Called as each file starts (done = files finished) and when the index is sorted at the end. */
  readonly onProgress?: (p: { readonly done: number; readonly total: number; readonly current: string }) => void;
}

export interface FileReport {
  readonly path: string;
  readonly feed: FeedName;
  readonly records: number;
  readonly new: number;
  readonly modified: number;
  readonly unchanged: number;
  readonly ignored?: number; // withdrawn OSV records, older CSAF versions
  readonly note?: string;
}

export interface ImportReport {
  readonly files: FileReport[];
  readonly skipped: { path: string; reason: string }[];
  readonly newCves: string[];
  readonly modifiedCves: string[];
  readonly newKev: string[];
  readonly bundles: { dir: string; keyId: string; created: string }[];
  readonly seconds: number;
}

interface Input {
  readonly path: string; // display path (archive!member for zip members)
  readonly explicit: boolean; // named on the command line: an unrecognised file is an error, not a skip
  readonly bytes?: Buffer; // in memory (small files, zip members)
  readonly file?: string; // on disk, read lazily (so huge files can stream)
  readonly gz: boolean;
  /** Zip members only: the text of the `.sha512` and `.asc` members next to this one (a file's are read from disk). */
  readonly beside?: { readonly sha512?: string; readonly asc?: string };
  nvd?: { readonly job: number; readonly shape: NvdShape; readonly feedDate?: string }; // streamed by a worker
}

const SKIP = /\.(sha512|sha256|asc|sig|md|txt|tsv|html?|pdf)$|(^|\/)(LICENSE[^/]*|SOURCES\.md)$/i;

function collect(paths: readonly string[]): Input[] {
  const out: Input[] = [];
  const visit = (p: string, explicit: boolean) => {
    if (!existsSync(p)) throw new AppError('ERR_FEED_MISSING', `${p}: no such file or directory`);
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name), false);
      return;
    }
    if (!explicit && SKIP.test(p)) return;
    if (/\.zip$/i.test(p)) {
      const members = readZip(p, readFileSync(p), STREAM_THRESHOLD);
      const byName = new Map(members.map((m) => [m.name, m]));
      const text = (name: string) => byName.get(name)?.data().toString('utf8');
      for (const m of members)
        if (!SKIP.test(m.name))
          out.push({ path: `${p}!${m.name}`, explicit, bytes: gunzipIf(m.name, m.data()), gz: false, beside: { sha512: text(`${m.name}.sha512`), asc: text(`${m.name}.asc`) } });
      return;
    }
    out.push({ path: p, explicit, file: p, gz: /\.gz$/i.test(p) });
  };
  for (const p of paths) visit(p, true);
  return out;
}

/** The hash or signature that travels with an input: a member of the same zip, or a file beside it on disk. */
const besideText = (inp: Input, ext: 'sha512' | 'asc'): string | undefined =>
  inp.beside ? inp.beside[ext] : inp.file && existsSync(`${inp.file}.${ext}`) ? readFileSync(`${inp.file}.${ext}`, 'utf8') : undefined;

const gunzipIf = (name: string, b: Buffer): Buffer => (/\.gz$/i.test(name) ? gunzipSync(b, { maxOutputLength: STREAM_THRESHOLD }) : b);

export async function importFeeds(db: Db, paths: readonly string[], opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const threshold = opts.streamThreshold ?? STREAM_THRESHOLD;
  const trust = new TrustStore(db);
  // A directory with a signed manifest is a bundle: it is verified before anything is read, and only the files
  // its manifest lists are imported.
  const bundles: [string, VerifiedBundle][] = [];
  const plain: string[] = [];
  for (const p of paths) {
    if (existsSync(p) && isBundle(p)) bundles.push([p, verifyBundle(p, trust)]);
    else plain.push(p);
  }
  // Hash and signature files inside a bundle stay beside their advisories (CSAF .sha512 is checked on import).
  const inputs = [...bundles.flatMap(([, b]) => collect(b.files.filter((f) => !SKIP.test(f)))), ...collect(plain)];
  const store = new VulnStore(db);
  const pgpKeys = trust.pgpKeys();
  const importedAt = opts.clock.now().toISOString();
  const report: ImportReport = { files: [], skipped: [], newCves: [], modifiedCves: [], newKev: [], bundles: [], seconds: 0 };
  const pool = await startWorkers(inputs, opts);
  try {
    await store.inTransaction(async () => {
      store.deferIndexes();
      for (const [i, inp] of inputs.entries()) {
        opts.onProgress?.({ done: i, total: inputs.length, current: inp.path });
        await importOne(store, inp, importedAt, threshold, report, pool, pgpKeys);
      }
      opts.onProgress?.({ done: inputs.length, total: inputs.length, current: 'sorting the index' });
      store.restoreIndexes();
      for (const [dir, b] of bundles) {
        trust.recordBundle(b.manifestSha256, b.manifest.keyId, b.manifest.created, importedAt);
        report.bundles.push({ dir, keyId: b.manifest.keyId, created: b.manifest.created });
      }
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('ERR_FEED_IMPORT', `import failed, nothing was changed: ${errorMessage(e)}`, { cause: e });
  } finally {
    await pool?.close();
  }
  return { ...report, seconds: (Date.now() - started) / 1000 };
}

/** Hands the large NVD files to parse threads up front, so they read ahead while earlier files are written. */
async function startWorkers(inputs: Input[], opts: ImportOptions): Promise<NvdParsePool | undefined> {
  const workers = opts.workers ?? Math.min(2, availableParallelism());
  if (workers < 1) return undefined;
  const min = opts.workerThreshold ?? WORKER_THRESHOLD;
  const big: Input[] = [];
  for (const inp of inputs) {
    if (!inp.file || (inp.gz ? statSync(inp.file).size * 10 : statSync(inp.file).size) < min) continue;
    // A damaged .gz is reported by the ordinary path, with its name, like any other unreadable file.
    const head = await peek(inp).catch(() => '');
    const shape = streamableNvdShape(head);
    if (shape) {
      inp.nvd = { job: big.length, shape, feedDate: headFeedDate(head) };
      big.push(inp);
    }
  }
  if (!big.length) return undefined;
  const pool = new NvdParsePool(Math.min(workers, big.length));
  for (const inp of big) pool.submit({ id: inp.nvd!.job, path: inp.path, file: inp.file!, gz: inp.gz });
  return pool;
}

async function importOne(store: VulnStore, inp: Input, importedAt: string, threshold: number, report: ImportReport, pool: NvdParsePool | undefined, pgpKeys: readonly PgpKey[]): Promise<void> {
  if (inp.nvd && pool) return writeNvdBatches(store, inp, importedAt, report, pool.read(inp.nvd.job), inp.nvd.feedDate, { shape: inp.nvd.shape, parsed: 'worker thread' }, `${inp.nvd.shape}, parsed in a worker thread`);
  const size = inp.bytes?.length ?? statSync(inp.file!).size;
  // A compressed file may grow ~10×; stream NVD from the first byte rather than find out the hard way.
  if (!inp.bytes && (inp.gz ? size * 10 : size) > threshold) {
    const head = await peek(inp);
    if (/"(vulnerabilities|CVE_Items)"/.test(head) || /^\s*\[\s*\{\s*"cve"/.test(head)) return streamNvd(store, inp, importedAt, report);
    throw new AppError('ERR_FEED_TOO_LARGE', `${inp.path}: ${size} bytes is too large to load and is not an NVD feed that can be streamed`);
  }
  let bytes = inp.bytes ?? readFileSync(inp.file!);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const raw = bytes;
  if (inp.gz) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: threshold });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return streamNvd(store, inp, importedAt, report);
      throw new AppError('ERR_FEED_PARSE', `${inp.path}: not a valid gzip file (${errorMessage(e)})`);
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const base = { path: inp.path, sha256, bytes: raw.length, importedAt };
  const skipOrFail = (reason: string) => {
    if (inp.explicit) throw new AppError('ERR_FEED_FORMAT', `${inp.path}: ${reason}`);
    report.skipped.push({ path: inp.path, reason });
  };
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    if (isKevCsv(trimmed)) {
      const kev = readKevCsv(inp.path, text);
      return writeKev(store, { ...base, feed: 'kev' }, kev.entries, kev.feedDate, { format: 'csv' }, report);
    }
    if (isEpssCsv(trimmed)) {
      const epss = readEpss(inp.path, text);
      const id = store.addFile({ ...base, feed: 'epss', feedDate: epss.scoreDate, records: epss.scores.length, detail: { modelVersion: epss.modelVersion } });
      const c = count();
      for (const s of epss.scores) c.add(store.upsertEpss(s, epss, id));
      report.files.push({ path: inp.path, feed: 'epss', records: epss.scores.length, ...c.totals, note: `model ${epss.modelVersion ?? 'unknown'}, scored ${epss.scoreDate ?? 'unknown'}` });
      return;
    }
    return skipOrFail('not JSON and not a KEV or EPSS CSV file');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FeedParseError(inp.path, '$', `invalid JSON (${errorMessage(e)})`);
  }
  if (isNvdDocument(doc)) {
    const nvd = readNvdDocument(inp.path, doc);
    return writeNvd(store, { ...base, feed: 'nvd' }, nvd.records, nvd.feedDate, { shape: nvd.shape }, report);
  }
  if (isKevDocument(doc)) {
    const kev = readKevJson(inp.path, doc);
    return writeKev(store, { ...base, feed: 'kev' }, kev.entries, kev.feedDate, { format: 'json', catalogVersion: kev.catalogVersion }, report);
  }
  if (isCsafDocument(doc)) {
    const verified = verifySha512(inp.path, raw, besideText(inp, 'sha512'));
    const adv = readCsaf(inp.path, doc);
    const asc = besideText(inp, 'asc');
    const signed = await checkCsafSignature(inp.path, raw, asc, adv.key.slice(0, adv.key.lastIndexOf('#')), pgpKeys);
    const id = store.addFile({ ...base, feed: 'csaf', feedDate: adv.currentReleaseDate, records: 1,
      detail: { trackingId: adv.trackingId, version: adv.version, sha512: verified ? 'verified' : 'absent', signature: signed.verified ? 'verified' : 'unchecked' } });
    const r = store.upsertCsaf(adv, id);
    report.files.push({ path: inp.path, feed: 'csaf', records: 1, new: +(r === 'new'), modified: +(r === 'modified'), unchanged: +(r === 'unchanged'), ignored: +(r === 'older'),
      note: `${adv.trackingId} v${adv.version}${verified ? ', sha512 verified' : ', no .sha512 beside it'}, ${signed.note}${r === 'older' ? ', older than the version already imported: ignored' : ''}` });
    return;
  }
  if (isOsvDocument(doc) || (Array.isArray(doc) && doc.length > 0 && isOsvDocument(doc[0]))) {
    const docs = Array.isArray(doc) ? doc : [doc];
    const id = store.addFile({ ...base, feed: 'osv', records: docs.length });
    const c = count();
    let withdrawn = 0;
    let newest: string | undefined;
    docs.forEach((d, i) => {
      const rec = readOsv(Array.isArray(doc) ? `${inp.path}[${i}]` : inp.path, d);
      if (!rec) return void withdrawn++;
      if (!newest || rec.modified > newest) newest = rec.modified;
      c.add(store.upsertOsv(rec, id));
    });
    store.finishFile(id, docs.length - withdrawn, newest);
    report.files.push({ path: inp.path, feed: 'osv', records: docs.length - withdrawn, ...c.totals, ignored: withdrawn, note: withdrawn ? `${withdrawn} withdrawn record(s) skipped` : undefined });
    return;
  }
  return skipOrFail('not a recognised feed (NVD, KEV, EPSS, CSAF 2.0 or OSV)');
}

function count() {
  const totals = { new: 0, modified: 0, unchanged: 0 };
  return { totals, add: (c: Change) => void totals[c]++ };
}

function writeNvd(store: VulnStore, file: { path: string; sha256: string; bytes: number; importedAt: string; feed: FeedName }, records: Iterable<CveRecord>, feedDate: string | undefined, detail: Record<string, unknown>, report: ImportReport): void {
  const id = store.addFile({ ...file, feedDate, records: 0, detail });
  const c = count();
  let n = 0;
  let b = newBatch();
  for (const r of records) {
    addCve(b, r);
    n++;
    if (batchSize(b) >= 500) {
      writeBatch(store, b, id, c, report);
      b = newBatch();
    }
  }
  writeBatch(store, b, id, c, report);
  store.finishFile(id, n);
  report.files.push({ path: file.path, feed: 'nvd', records: n, ...c.totals, note: String(detail.shape ?? '') });
}

function writeBatch(store: VulnStore, b: CveBatch, fileId: number, c: ReturnType<typeof count>, report: ImportReport): void {
  store.writeCves(b, fileId, (cve, ch) => {
    c.add(ch);
    if (ch === 'new') report.newCves.push(cve);
    else if (ch === 'modified') report.modifiedCves.push(cve);
  });
}

function writeKev(store: VulnStore, file: { path: string; sha256: string; bytes: number; importedAt: string; feed: FeedName }, entries: readonly import('./kev.feed.js').KevEntry[], feedDate: string | undefined, detail: Record<string, unknown>, report: ImportReport): void {
  const id = store.addFile({ ...file, feedDate, records: entries.length, detail });
  const c = count();
  for (const e of entries) {
    const ch = store.upsertKev(e, id);
    c.add(ch);
    if (ch === 'new') report.newKev.push(e.cve);
  }
  report.files.push({ path: file.path, feed: 'kev', records: entries.length, ...c.totals, note: detail.catalogVersion ? `catalog ${String(detail.catalogVersion)}` : undefined });
}

async function peek(inp: Input): Promise<string> {
  for await (const c of fileChunks(inp.file!, inp.gz, createHash('sha256'))) return c.subarray(0, 4096).toString('utf8');
  return '';
}

/** NVD records streamed in this thread (workers off): prepared and written in batches like the workers' output. */
async function* streamedBatches(inp: Input, hash: ReturnType<typeof createHash>, meta: { records: number; newest?: string }): AsyncGenerator<CveBatch> {
  let b = newBatch();
  for await (const rec of streamNvdRecords(inp.path, fileChunks(inp.file!, inp.gz, hash))) {
    addCve(b, rec);
    meta.records++;
    if (rec.lastModified && (!meta.newest || rec.lastModified > meta.newest)) meta.newest = rec.lastModified;
    if (batchSize(b) >= 500) {
      yield b;
      b = newBatch();
    }
  }
  yield b;
}

async function streamNvd(store: VulnStore, inp: Input, importedAt: string, report: ImportReport): Promise<void> {
  const hash = createHash('sha256');
  const meta: { records: number; newest?: string } = { records: 0 };
  async function* batches(): AsyncGenerator<CveBatch, { sha256: string; records: number; newest?: string }> {
    yield* streamedBatches(inp, hash, meta);
    return { sha256: hash.digest('hex'), ...meta };
  }
  return writeNvdBatches(store, inp, importedAt, report, batches(), undefined, { shape: 'stream' }, `streamed (${basename(inp.path)})`);
}

async function writeNvdBatches(store: VulnStore, inp: Input, importedAt: string, report: ImportReport,
  batches: AsyncGenerator<CveBatch, { sha256: string; records: number; newest?: string }>, feedDate: string | undefined, detail: Record<string, unknown>, note: string): Promise<void> {
  const id = store.addFile({ feed: 'nvd', path: inp.path, sha256: 'pending', bytes: statSync(inp.file!).size, importedAt, feedDate, records: 0, detail });
  const c = count();
  for (;;) {
    const r = await batches.next();
    if (r.done) {
      store.setFileHash(id, r.value.sha256);
      store.finishFile(id, r.value.records, feedDate ?? r.value.newest);
      report.files.push({ path: inp.path, feed: 'nvd', records: r.value.records, ...c.totals, note });
      return;
    }
    writeBatch(store, r.value, id, c, report);
  }
}
