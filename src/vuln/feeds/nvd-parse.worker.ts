/**
 * Worker thread of `feeds import`: streams NVD files one at a time (hashing, ungzipping, splitting, parsing and
 * checking each record) and posts the prepared store rows to the importing thread in batches. It never touches
 * the database: the importing thread keeps the one transaction. It stops after a few unacknowledged batches so
 * memory stays bounded however far ahead of the writer it gets.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, errorMessage } from '../../core/errors.js';
import { addCve, batchSize, newBatch } from '../../store/sqlite/vuln-cve-rows.js';
import { fileChunks, streamNvdRecords } from './nvd-stream.js';
import type { ParseJob, WorkerMessage } from './nvd-parse-pool.js';

const { control, batch: BATCH, inFlight: IN_FLIGHT } = workerData as { control: SharedArrayBuffer; batch: number; inFlight: number };
/** [batches posted, batches written by the importing thread] */
const counters = new Int32Array(control);
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

function send(m: WorkerMessage): void {
  post(m);
  const posted = Atomics.add(counters, 0, 1) + 1;
  for (;;) {
    const written = Atomics.load(counters, 1);
    if (posted - written < IN_FLIGHT) return;
    Atomics.wait(counters, 1, written, 5000);
  }
}

async function run(job: ParseJob): Promise<void> {
  const hash = createHash('sha256');
  let b = newBatch();
  let records = 0;
  let newest: string | undefined;
  for await (const rec of streamNvdRecords(job.path, fileChunks(job.file, job.gz, hash))) {
    addCve(b, rec);
    records++;
    if (rec.lastModified && (!newest || rec.lastModified > newest)) newest = rec.lastModified;
    if (batchSize(b) >= BATCH) {
      send({ kind: 'batch', job: job.id, batch: b });
      b = newBatch();
    }
  }
  if (batchSize(b)) send({ kind: 'batch', job: job.id, batch: b });
  post({ kind: 'done', job: job.id, sha256: hash.digest('hex'), records, newest });
}

let queue = Promise.resolve();
port.on('message', (job: ParseJob) => {
  queue = queue.then(() =>
    run(job).catch((e: unknown) =>
      post({ kind: 'error', job: job.id, code: e instanceof AppError ? e.code : 'ERR_FEED_PARSE', message: e instanceof AppError ? e.message : `${job.path}: ${errorMessage(e)}` }),
    ),
  );
});
