/**
 * One reader of the API's read pool (read-pool.ts), run as a worker thread: its own read-only connection to the
 * store (WAL, so it reads a consistent snapshot while the main thread or a scan writes), answering list pages
 * with the same ApiQueries code the main thread would run. It cannot write: the connection is opened read-only.
 * Totals are kept by the pool, not here: each request brings the pool's last count for its list and gets back
 * the count it made, so the workers share one cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scope } from './api-store.js';
import { ApiQueries, type AssetFilters, type CountEntry, type FindingFilters, type Page, type QueryOptions } from './api-queries.js';
import { openDb } from './db.js';
import { compilePageSerializers, pageJson, type PageSchemas } from './read-pool.js';

export type ReadRequest = { id: number; key: string; known: CountEntry | undefined; scope: Scope } & (
  { method: 'assets'; filters: AssetFilters & Page } | { method: 'findings'; filters: FindingFilters & Page }
);
/** `json`: the page serialized with the pool's page schemas (read-pool.ts). */
export type ReadReply = { id: number } & ({ ok: true; json: string; counted: CountEntry | undefined } | { ok: false; message: string });

const { file, options, pages } = workerData as { file: string; options: QueryOptions; pages: PageSchemas };
const db = openDb(file, { readonly: true });
const queries = new ApiQueries(db, options);
const serializers = compilePageSerializers(pages);
const port = parentPort!;
port.postMessage({ ready: true });

port.on('message', (m: ReadRequest) => {
  let counted: CountEntry | undefined;
  const counts = { get: (k: string) => (k === m.key ? m.known : undefined), set: (_k: string, e: CountEntry) => void (counted = e) };
  try {
    const page = m.method === 'assets' ? queries.assets(m.scope, m.filters, counts) : queries.findings(m.scope, m.filters, counts);
    port.postMessage({ id: m.id, ok: true, json: pageJson<unknown>(serializers[m.method], m.filters, page), counted } satisfies ReadReply);
  } catch (e) {
    port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies ReadReply);
  }
});
