/**
 * Where the API's list pages are read and its report downloads built (report-files.ts: seconds each at
 * hospital-group scale). better-sqlite3 is synchronous, so on the main thread every such read stops every other
 * request (logins, triage, the live scan stream) for as long as it runs. The read pool moves them to a few worker
 * threads, each with its own read-only connection (read-worker.ts): they run in parallel with each other and with
 * the main thread's writes (WAL), and a slow one delays only itself. The pool keeps the list totals in one cache
 * for all workers, so a total is counted once whichever worker serves the next page. An in-memory store, or a pool
 * size of 0, reads on the main thread instead.
 *
 * Pages come back as JSON text: the worker serializes each page with a serializer compiled from the route's own
 * response schema, so only one string crosses back. Copying 50 row objects to the main thread, serializing them
 * there and collecting the garbage was most of the main thread's work per list request — and the main thread
 * serves every request. Report files come back as bytes, transferred rather than copied.
 */
import fastJson from 'fast-json-stringify';
import type { Worker } from 'node:worker_threads';
import type { Scope } from '../store/sqlite/api-store.js';
import {
  ApiQueries,
  assetsCountKey,
  CountLru,
  encodeCursor,
  findingsCountKey,
  type AssetFilters,
  type FindingFilters,
  type ListPage,
  type Page,
  type QueryOptions,
} from '../store/sqlite/api-queries.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { fixedClock } from '../core/clock.js';
import { moduleWorker } from './module-worker.js';
import { buildReport, type ReportFile, type ReportKind } from './report-files.js';
import type { ReadJob, ReadReply, ReadRequest } from './read-worker.js';

/**
 * What the API reads off its serving thread: list pages as it sends them (JSON, nextCursor encoded, serialized
 * with the page schemas) and report downloads.
 */
export interface ApiReader {
  assets(scope: Scope, f: AssetFilters & Page): Promise<string>;
  findings(scope: Scope, f: FindingFilters & Page): Promise<string>;
  /** A report download for the caller's scope, as of `now`. */
  report(kind: ReportKind, scope: Scope, now: Date): Promise<ReportFile>;
  close(): Promise<void>;
}

/** JSON schemas of the two list responses (plain data: they are compiled again inside each worker). */
export interface PageSchemas {
  readonly assets: object;
  readonly findings: object;
}

export type PageSerializers = Record<'assets' | 'findings', (page: unknown) => string>;

export const compilePageSerializers = (s: PageSchemas): PageSerializers => ({ assets: fastJson(s.assets), findings: fastJson(s.findings) });

/** A page as the API sends it: the cursor becomes the opaque text the client passes back. */
export function pageJson<T>(serialize: (page: unknown) => string, f: { sort: string; order: 'asc' | 'desc' }, page: ListPage<T>): string {
  return serialize({ ...page, nextCursor: page.nextCursor && encodeCursor(f.sort, f.order, page.nextCursor) });
}

/** `workers` read-only worker threads on the store's file; 0 (or an in-memory store) reads on the calling thread. */
export function openApiReader(store: SqliteScanStore, workers: number, pages: PageSchemas, options: QueryOptions = {}): ApiReader {
  if (workers <= 0 || store.db.memory) {
    const q = new ApiQueries(store.db, options);
    const ser = compilePageSerializers(pages);
    return {
      assets: async (s, f) => pageJson(ser.assets, f, q.assets(s, f)),
      findings: async (s, f) => pageJson(ser.findings, f, q.findings(s, f)),
      report: async (kind, s, now) => buildReport(kind, store, s, fixedClock(now.toISOString())),
      close: async () => {},
    };
  }
  return new ReadPool(store.db.name, workers, options, pages);
}

interface Slot {
  readonly worker: Worker;
  online: boolean;
  readonly pending: Map<number, Job>;
}

const jsonOf = (r: Extract<ReadReply, { ok: true }>): string => {
  if (!('json' in r)) throw new Error('read worker answered a list page with a report download');
  return r.json;
};

type Job = { readonly req: ReadJob; resolve: (r: ReadReply) => void; reject: (e: Error) => void };
/** What the scheduling below looks at in a job. */
type Queued = { readonly req: { readonly method: string } };
const isReport = (j: Queued): boolean => j.req.method === 'report';

/**
 * The position of the queued request a free reader takes next: the oldest, except that reports (seconds each)
 * never hold every reader of a pool of two or more — list pages always keep one. -1: nothing it may take.
 */
export function nextJob(queue: readonly Queued[], reportsRunning: number, readers: number): number {
  const reportsMayStart = reportsRunning < Math.max(1, readers - 1);
  return queue.findIndex((j) => reportsMayStart || !isReport(j));
}

/**
 * Requests wait in one queue here and a reader gets the next only when it is free: with a queue per reader, a
 * request that landed behind a slow search waited for it while the other reader sat idle — the long tail of the
 * latencies under load.
 */
export class ReadPool implements ApiReader {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly counts = new CountLru();
  private nextId = 1;
  private closing = false;
  private broken: Error | null = null;

  constructor(
    private readonly file: string,
    size: number,
    private readonly options: QueryOptions,
    private readonly pages: PageSchemas,
  ) {
    this.slots = Array.from({ length: size }, () => this.spawn());
  }

  private spawn(): Slot {
    // only the numbers cross to the worker: a clock function cannot, and the worker reads its own
    const options = { exactCountCap: this.options.exactCountCap, recountAfterMs: this.options.recountAfterMs };
    const slot: Slot = { worker: moduleWorker('read-worker', { file: this.file, options, pages: this.pages }), online: false, pending: new Map() };
    slot.worker.on('message', (r: ReadReply | { ready: true }) => {
      if ('ready' in r) return void (slot.online = true);
      const p = slot.pending.get(r.id);
      slot.pending.delete(r.id);
      p?.resolve(r);
      this.dispatch();
    });
    // a reader that dies (a bug, out of memory) fails only its own requests and is replaced; one that never
    // started (its source missing) would fail again, so the pool stops and says why
    const fail = (e: Error) => {
      for (const p of slot.pending.values()) p.reject(e);
      slot.pending.clear();
      if (!slot.online) {
        this.broken ??= e;
        for (const job of this.queue.splice(0)) job.reject(new Error(`read pool could not start: ${e.message}`));
      } else if (!this.closing) {
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
        this.dispatch();
      }
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`read worker stopped (exit code ${code})`)));
    return slot;
  }

  private async run(req: ReadJob): Promise<Extract<ReadReply, { ok: true }>> {
    if (this.closing) throw new Error('read pool is closed');
    if (this.broken) throw new Error(`read pool could not start: ${this.broken.message}`);
    const r = await new Promise<ReadReply>((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.dispatch();
    });
    if (!r.ok) throw new Error(r.message);
    if ('counted' in r && r.counted) this.counts.set(req.key, r.counted);
    return r;
  }

  /** Hands queued requests to free readers, first free first (its cache is the warmest). */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.pending.size > 0) continue;
      const busy = this.slots.filter((s) => [...s.pending.values()].some(isReport)).length;
      const at = nextJob(this.queue, busy, this.slots.length);
      if (at < 0) return;
      const job = this.queue.splice(at, 1)[0]!;
      const id = this.nextId++;
      slot.pending.set(id, job);
      // the pool's latest count for this list, read now: a reply that arrived while this waited may have set it
      slot.worker.postMessage({ ...job.req, id, known: this.counts.get(job.req.key) } as ReadRequest);
    }
  }

  async assets(scope: Scope, f: AssetFilters & Page): Promise<string> {
    return jsonOf(await this.run({ method: 'assets', scope, filters: f, key: assetsCountKey(scope, f) }));
  }

  async findings(scope: Scope, f: FindingFilters & Page): Promise<string> {
    return jsonOf(await this.run({ method: 'findings', scope, filters: f, key: findingsCountKey(scope, f) }));
  }

  async report(kind: ReportKind, scope: Scope, now: Date): Promise<ReportFile> {
    const r = await this.run({ method: 'report', kind, scope, now: now.toISOString(), key: '' });
    if (!('file' in r)) throw new Error('read worker answered a report download with a list page');
    return r.file;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('read pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
