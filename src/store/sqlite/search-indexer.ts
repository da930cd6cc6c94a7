/**
 * Fills the findings search index (migration 0321) in batches: the findings above the watermark, oldest first,
 * a bounded number per short write transaction, so a scan or an import commits at full speed and the index
 * catches up behind it. Searches are exact at every moment (rows above the watermark are read with LIKE), so
 * this only decides how soon a search over new findings is fast again. The server runs it in the background.
 */
import type { Db } from './db.js';

/** Indexes up to `max` findings above the watermark in one transaction; returns how many it indexed. */
export function indexFindingsBatch(db: Db, max: number): number {
  return db
    .transaction(() => {
      const from = db.prepare("SELECT indexed_to FROM api_search_progress WHERE tbl = 'findings'").pluck().get() as number;
      const to = db
        .prepare('SELECT max(rowid) FROM (SELECT rowid FROM findings WHERE rowid > ? ORDER BY rowid LIMIT ?)')
        .pluck()
        .get(from, max) as number | null;
      if (to === null) return 0;
      const n = db
        .prepare(
          'INSERT INTO api_findings_fts(rowid, title, rule_id, cve) SELECT rowid, title, rule_id, cve FROM findings WHERE rowid > ? AND rowid <= ?',
        )
        .run(from, to).changes;
      db.prepare("UPDATE api_search_progress SET indexed_to = ? WHERE tbl = 'findings'").run(to);
      return n;
    })
    .immediate();
}

/** Findings not yet in the search index. */
export function unindexedFindings(db: Db): number {
  return db
    .prepare("SELECT count(*) FROM findings WHERE rowid > (SELECT indexed_to FROM api_search_progress WHERE tbl = 'findings')")
    .pluck()
    .get() as number;
}

const BATCH = 2000;
const IDLE_MS = 2000;

/**
 * Keeps indexing in the background while findings wait, then a cheap look every two seconds. Between batches it
 * pauses as long as the last batch took, so catching up after a bulk load (1M findings: ~10 s of batches) takes at
 * most half the main thread: back to back, it held a console's first load during those seconds to 2.3–3.3 s. It never waits for a lock (that would stall the thread): when
 * another writer holds the database it tries again later. Unexpected errors go to `onError`, then it retries.
 */
export function startSearchIndexer(db: Db, onError: (e: unknown) => void): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = () => {
    let n = 0;
    let wait = IDLE_MS;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 0');
      const t0 = performance.now();
      n = indexFindingsBatch(db, BATCH);
      if (n > 0) wait = performance.now() - t0;
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED')) {
        onError(e);
        wait = IDLE_MS * 15;
      }
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
    if (!stopped) timer = setTimeout(tick, wait).unref();
  };
  timer = setTimeout(tick, 0).unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
