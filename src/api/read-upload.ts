/**
 * Reading an uploaded SBOM or VEX file, kept apart from the routes so that the worker thread reading a large one
 * (document-worker.ts) loads only the parsers.
 */
import { errorMessage, AppError } from '../core/errors.js';
import { parseSbom } from '../vuln/sbom/read-sbom.js';
import type { SbomDocument } from '../vuln/sbom/sbom.js';
import { readVex } from '../vuln/vex/read-vex.js';
import type { VexStatement } from '../vuln/vex/vex.js';

export type UploadJob = { kind: 'sbom'; file: string; content: string; strict: boolean } | { kind: 'vex'; file: string; content: string };
/** What a route keeps of an SBOM: its schema issues are counted, the first few warnings shown. */
export type UploadedSbom = Pick<SbomDocument, 'format' | 'specVersion' | 'components' | 'warnings' | 'schemaIssueCount'>;
/** `bad`: the file is at fault (the route answers 400 with the message). */
export type UploadReply = { ok: true; sbom?: UploadedSbom; vex?: VexStatement[] } | { ok: false; bad: boolean; message: string };

export function readUploadHere(job: UploadJob): UploadReply {
  try {
    if (job.kind === 'vex') return { ok: true, vex: readVex(job.file, job.content) };
    const d = parseSbom(job.file, job.content, { strict: job.strict });
    return {
      ok: true,
      sbom: {
        format: d.format,
        specVersion: d.specVersion,
        components: d.components,
        warnings: d.warnings.slice(0, 20),
        schemaIssueCount: d.schemaIssueCount,
      },
    };
  } catch (e) {
    return { ok: false, bad: e instanceof AppError, message: errorMessage(e) };
  }
}
