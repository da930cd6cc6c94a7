/**
 * Parses large NVD files in worker threads while the importing thread writes: files are handed out in order to
 * a few workers, and the importer reads each file's batches in order, so the result is the same as reading them
 * one after another. A worker waits when the importer has not yet written its last few batches.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';
import type { CveBatch } from '../../store/sqlite/vuln-cve-rows.js';

export interface ParseJob {
  readonly id: number;
  readonly path: string; // as shown in messages
  readonly file: string;
  readonly gz: boolean;
}

export type WorkerMessage =
  | { readonly kind: 'batch'; readonly job: number; readonly batch: CveBatch }
  | { readonly kind: 'done'; readonly job: number; readonly sha256: string; readonly records: number; readonly newest?: string }
  | { readonly kind: 'error'; readonly job: number; readonly code: string; readonly message: string };

/** CVEs per message, and messages a worker may have unwritten before it waits. */
const BATCH = 500;
const IN_FLIGHT = 8;

interface Slot {
  readonly worker: Worker;
  readonly counters: Int32Array;
  busy: number;
}

interface JobState {
  readonly job: ParseJob;
  readonly messages: WorkerMessage[];
  wake?: () => void;
  slot?: Slot;
}

/**
 * The worker module beside this one: `.js` when built; `.ts` when run from source (tsx, vitest), where the
 * worker first registers tsx itself — Node 20 does not pass `--import` loaders on to a worker's entry module.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./nvd-parse.worker.js', import.meta.url), { workerData });
  const require = createRequire(import.meta.url);
  const tsx = require.resolve('tsx/package.json');
  const api = (require(tsx) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const boot = `import(${JSON.stringify(pathToFileURL(join(dirname(tsx), api)).href)}).then((t) => t.register())` +
    `.then(() => import(${JSON.stringify(new URL('./nvd-parse.worker.ts', import.meta.url).href)}))`;
  return new Worker(boot, { eval: true, workerData });
}

export class NvdParsePool {
  private readonly slots: Slot[] = [];
  private readonly jobs = new Map<number, JobState>();
  private readonly waiting: JobState[] = [];
  private failure?: Error;

  constructor(workers: number) {
    for (let i = 0; i < workers; i++) {
      const control = new SharedArrayBuffer(8);
      const worker = startWorker({ control, batch: BATCH, inFlight: IN_FLIGHT });
      const slot: Slot = { worker, counters: new Int32Array(control), busy: 0 };
      worker.on('message', (m: WorkerMessage) => this.receive(slot, m));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (slot.busy > 0) this.fail(new Error(`NVD parse worker exited (code ${code}) with files still to read`));
      });
      this.slots.push(slot);
    }
  }

  /** Queues a file; its batches are read with `read` in the order files were submitted. */
  submit(job: ParseJob): void {
    const st: JobState = { job, messages: [] };
    this.jobs.set(job.id, st);
    this.waiting.push(st);
    this.dispatch();
  }

  /** Yields the file's batches; returns its SHA-256, record count and newest lastModified. */
  async *read(id: number): AsyncGenerator<CveBatch, { sha256: string; records: number; newest?: string }> {
    const st = this.jobs.get(id)!;
    for (;;) {
      if (this.failure) throw this.failure;
      const m = st.messages.shift();
      if (!m) {
        await new Promise<void>((resolve) => (st.wake = resolve));
        continue;
      }
      if (m.kind === 'error') throw new AppError(m.code as `ERR_${string}`, m.message);
      if (m.kind === 'done') {
        this.jobs.delete(id);
        return { sha256: m.sha256, records: m.records, newest: m.newest };
      }
      yield m.batch;
      // The batch is in the store: let the worker run ahead again.
      Atomics.add(st.slot!.counters, 1, 1);
      Atomics.notify(st.slot!.counters, 1);
    }
  }

  async close(): Promise<void> {
    for (const s of this.slots) {
      // A worker waiting for the writer must not wait for a writer that has gone.
      Atomics.store(s.counters, 1, 1 << 30);
      Atomics.notify(s.counters, 1);
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy > 0 || !this.waiting.length) continue;
      const st = this.waiting.shift()!;
      st.slot = slot;
      slot.busy++;
      slot.worker.postMessage(st.job);
    }
  }

  private receive(slot: Slot, m: WorkerMessage): void {
    const st = this.jobs.get(m.job);
    if (!st) return;
    st.messages.push(m);
    if (m.kind !== 'batch') {
      slot.busy--;
      this.dispatch();
    }
    st.wake?.();
    st.wake = undefined;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const st of this.jobs.values()) {
      st.wake?.();
      st.wake = undefined;
    }
  }
}
