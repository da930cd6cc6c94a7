/**
 * The desk re-assessment an SBOM or VEX upload asks for (`reassess: true`), run as a worker thread with its own
 * connection to the store: matching one large SBOM takes seconds, and on the serving thread it would stop every
 * other request (logins, the live scan stream) for that long. It writes in short transactions (scan/reassess.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fixedClock, randomIds } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { changeCounts } from '../scan/reassess.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { reassessOn } from './routes/device-documents.js';

export type ReassessJob = { file: string; now: string; only: string[] | null };
export type ReassessReply =
  ({ ok: true; devices: number; unprobed: number } & ReturnType<typeof changeCounts>) | { ok: false; usage: boolean; message: string };

const job = workerData as ReassessJob;
const store = SqliteScanStore.open(job.file);
let reply: ReassessReply;
try {
  reply = reassessOn(store, new InventoryStore(store.db, randomIds), fixedClock(job.now), job.only);
} catch (e) {
  reply = { ok: false, usage: false, message: errorMessage(e) };
} finally {
  store.close();
}
parentPort!.postMessage(reply!);
