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

/** `json`: answer with the page serialized by the pool's page schemas (read-pool.ts) instead of the page object. */
export type ReadRequest = { id: number; key: string; known: CountEntry | undefined; scope: Scope; json: boolean } & (
  { method: 'assets'; filters: AssetFilters & Page } | { method: 'findings'; filters: FindingFilters & Page }
);
export type ReadReply = { id: number } & ({ ok: true; result: unknown; counted: CountEntry | undefined } | { ok: false; message: string });

const { file, options, pages } = workerData as { file: string; options: QueryOptions; pages: PageSchemas | undefined };
const db = openDb(file, { readonly: true });
const queries = new ApiQueries(db, options);
const serializers = pages && compilePageSerializers(pages);
const port = parentPort!;
port.postMessage({ ready: true });

port.on('message', (m: ReadRequest) => {
  let counted: CountEntry | undefined;
  const counts = { get: (k: string) => (k === m.key ? m.known : undefined), set: (_k: string, e: CountEntry) => void (counted = e) };
  try {
    const page = m.method === 'assets' ? queries.assets(m.scope, m.filters, counts) : queries.findings(m.scope, m.filters, counts);
    if (m.json && !serializers) throw new Error('list reader opened without page schemas');
    const result = m.json ? pageJson<unknown>(serializers![m.method], m.filters, page) : page;
    port.postMessage({ id: m.id, ok: true, result, counted } satisfies ReadReply);
  } catch (e) {
    port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies ReadReply);
  }
});
