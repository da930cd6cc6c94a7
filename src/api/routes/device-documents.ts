/**
 * What the SBOM and VEX uploads share: reading the file (a large one in a worker thread), which devices a document
 * for a model, an asset or the whole site describes (and whether a vendor may write for them: only for its own
 * devices), the desk re-assessment of those devices that `reassess: true` asks for, and the schema of its answer.
 */
import type { FastifyRequest } from 'fastify';
import { isScoped } from '../../auth/roles.js';
import { AppError, UsageError } from '../../core/errors.js';
import { randomIds, type Clock } from '../../core/clock.js';
import type { InventoryAsset } from '../../inventory/asset.js';
import { inventoryForReassessment } from '../../inventory/resolve.js';
import { changeCounts, reassessDevices } from '../../scan/reassess.js';
import type { InventoryStore } from '../../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { assetsOfModel } from '../../store/sqlite/vuln-sbom-store.js';
import type { ApiContext } from '../context.js';
import { moduleWorker } from '../module-worker.js';
import type { ReassessJob, ReassessReply } from '../reassess-worker.js';
import { principalOf } from '../context.js';
import { readUploadHere, type UploadedSbom, type UploadJob, type UploadReply } from '../read-upload.js';
import type { VexStatement } from '../../vuln/vex/vex.js';

/** Files at least this long are read in a worker thread; a smaller one costs less than starting the thread. */
export const UPLOAD_WORKER_FROM = 512 * 1024;

/**
 * Reads an uploaded SBOM or VEX file: an AppError naming what is wrong with it (the route answers 400), else the
 * document. Past UPLOAD_WORKER_FROM characters in a worker thread, so the server keeps answering meanwhile.
 */
export async function readUpload(job: UploadJob & { kind: 'sbom' }): Promise<UploadedSbom>;
export async function readUpload(job: UploadJob & { kind: 'vex' }): Promise<VexStatement[]>;
export async function readUpload(job: UploadJob): Promise<UploadedSbom | VexStatement[]> {
  const reply = job.content.length < UPLOAD_WORKER_FROM ? readUploadHere(job) : await workerReply<UploadReply>('document-worker', job);
  if (!reply.ok) throw reply.bad ? new AppError(job.kind === 'sbom' ? 'ERR_SBOM' : 'ERR_VEX', reply.message) : new Error(reply.message);
  return (reply.sbom ?? reply.vex)!;
}

/**
 * The assets a document for this model or asset describes ('all' when neither: site-wide, not loaded), how many,
 * and whether the caller may write for them: anyone the route lets in, but a vendor only for a model or asset
 * whose every asset is in its scope (one at least), never site-wide.
 */
export function describedDevices(
  ctx: ApiContext,
  req: FastifyRequest,
  t: { model?: string; assetId?: string },
): { assets: InventoryAsset[] | 'all'; count: number; mine: boolean } {
  const scope = principalOf(req).scope;
  if (t.assetId === undefined && t.model === undefined) {
    let count = 0;
    for (const _ of ctx.inventory.eachAsset()) count++;
    return { assets: 'all', count, mine: !isScoped(scope) };
  }
  const assets =
    t.assetId !== undefined ? [ctx.inventory.get(t.assetId)].filter((a) => a !== null) : assetsOfModel(ctx.inventory.eachAsset(), t.model!);
  const mine = !isScoped(scope) || (assets.length > 0 && assets.every((a) => ctx.queries.assetInScope(scope, a.id)));
  return { assets, count: assets.length, mine };
}

/**
 * `reassess: true`: those devices' findings brought up to what is on file now; without feeds, why it was skipped.
 * Run in a worker thread (reassess-worker.ts) so the server keeps answering meanwhile; an in-memory store (tests)
 * has no file to share, and is re-assessed here.
 */
export async function reassessNow(ctx: ApiContext, assets: readonly InventoryAsset[] | 'all'): Promise<Record<string, unknown>> {
  const only = assets === 'all' ? null : assets.map((a) => a.id);
  const job: ReassessJob = { file: ctx.store.db.name, now: ctx.clock.now().toISOString(), only };
  const reply = ctx.store.db.memory ? reassessOn(ctx.store, ctx.inventory, ctx.clock, only) : await inWorker(job);
  if (reply.ok) {
    const { ok: _ok, ...counts } = reply;
    return counts;
  }
  if (reply.usage) return { skipped: reply.message }; // no feeds yet: the document is stored all the same
  throw new Error(`re-assessment failed: ${reply.message}`);
}

const inWorker = (job: ReassessJob): Promise<ReassessReply> => workerReply('reassess-worker', job);

/** The one message a worker module of src/api answers its job with. */
function workerReply<T>(name: string, job: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = moduleWorker(name, job);
    worker.once('message', (r: T) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`${name} exited with code ${code}`)));
  });
}

/** One re-assessment as the API runs it, on this connection (the worker's own, or the serving thread's). */
export function reassessOn(store: SqliteScanStore, inventory: InventoryStore, clock: Clock, only: readonly string[] | null): ReassessReply {
  try {
    const r = reassessDevices(store, {
      clock,
      ...inventoryForReassessment(inventory, store, clock, randomIds),
      ...(only ? { only: new Set(only) } : {}),
    });
    return { ok: true, devices: r.devices, unprobed: r.unprobed, ...changeCounts(r.changes) };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { ok: false, usage: true, message: e.message };
  }
}

export const reassessmentSchema = {
  type: ['object', 'null'],
  description: 'what the desk re-assessment changed (reassess: true), or why it was skipped',
  properties: {
    devices: { type: 'integer' },
    unprobed: {
      type: 'integer',
      description: 'of the devices, those no scan has probed: judged at the desk on their inventory facts and SBOMs',
    },
    opened: { type: 'integer' },
    reopened: { type: 'integer' },
    resolved: { type: 'integer' },
    falsePositive: { type: 'integer' },
    skipped: { type: 'string' },
  },
} as const;

export const auditWrite = (ctx: ApiContext, req: FastifyRequest, action: string, target: string, detail: Record<string, unknown>) =>
  ctx.audit.append({ at: ctx.clock.now().toISOString(), actor: principalOf(req).username, action, target, detail });
