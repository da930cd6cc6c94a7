/**
 * One reader of the API's read pool (read-pool.ts), run as a worker thread: its own read-only connection to the
 * store (WAL, so it reads a consistent snapshot while the main thread or a scan writes), answering list pages
 * with the same ApiQueries code the main thread would run, and building report downloads (report-files.ts). It
 * cannot write: the connection is opened read-only.
 * Totals are kept by the pool, not here: each request brings the pool's last count for its list and gets back
 * the count it made, so the workers share one cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scope } from '../store/sqlite/api-store.js';
import { ApiQueries, type AssetFilters, type CountEntry, type FindingFilters, type Page, type QueryOptions } from '../store/sqlite/api-queries.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { fixedClock } from '../core/clock.js';
import { buildReport, type ReportFile, type ReportKind } from './report-files.js';
import { compilePageSerializers, pageJson, type PageSchemas } from './read-pool.js';

export type ReadRequest = { id: number; key: string; known: CountEntry | undefined; scope: Scope } & (
  { method: 'assets'; filters: AssetFilters & Page } | { method: 'findings'; filters: FindingFilters & Page } | { method: 'report'; kind: ReportKind; now: string }
);
/** A request as the pool queues it, before it gets an id and the latest count (one Omit per kind of request). */
export type ReadJob = ReadRequest extends infer R ? (R extends ReadRequest ? Omit<R, 'id' | 'known'> : never) : never;
/** `json`: the page serialized with the pool's page schemas (read-pool.ts); `file`: a report download, its bytes transferred. */
export type ReadReply = { id: number } & ({ ok: true; json: string; counted: CountEntry | undefined } | { ok: true; file: ReportFile } | { ok: false; message: string });

const { file, options, pages } = workerData as { file: string; options: QueryOptions; pages: PageSchemas };
const store = SqliteScanStore.open(file, { readonly: true });
const queries = new ApiQueries(store.db, options);
const serializers = compilePageSerializers(pages);
const port = parentPort!;
port.postMessage({ ready: true });

port.on('message', async (m: ReadRequest) => {
  let counted: CountEntry | undefined;
  const counts = { get: (k: string) => (k === m.key ? m.known : undefined), set: (_k: string, e: CountEntry) => void (counted = e) };
  try {
    if (m.method === 'report') {
      const file = await buildReport(m.kind, store, m.scope, fixedClock(m.now));
      // handed over, not copied: a byte array that owns its whole buffer (a pooled Buffer's slab is not ours)
      const body = file.body.byteOffset === 0 && file.body.byteLength === file.body.buffer.byteLength ? file.body : file.body.slice();
      return port.postMessage({ id: m.id, ok: true, file: { ...file, body } } satisfies ReadReply, [body.buffer as ArrayBuffer]);
    }
    const page = m.method === 'assets' ? queries.assets(m.scope, m.filters, counts) : queries.findings(m.scope, m.filters, counts);
    port.postMessage({ id: m.id, ok: true, json: pageJson<unknown>(serializers[m.method], m.filters, page), counted } satisfies ReadReply);
  } catch (e) {
    port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies ReadReply);
  }
});
