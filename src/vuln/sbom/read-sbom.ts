/**
 * Recognises an SBOM file by content (CycloneDX JSON/XML, SPDX JSON/tag-value) and reads it. What stops us reading
 * components is an error; a schema violation is carried in the result (many vendor SBOMs break the schema in small
 * ways that do not hinder matching) unless `strict` asks for a refusal.
 */
import { readFileSync, statSync } from 'node:fs';
import { AppError, errorMessage } from '../../core/errors.js';
import { readCycloneDxJson, readCycloneDxXml } from './cyclonedx.js';
import type { SbomDocument } from './sbom.js';
import { readSpdxJson, readSpdxTagValue } from './spdx.js';

const MAX_BYTES = 256 * 1024 * 1024;

export interface ReadSbomOptions {
  /** Refuse a document that violates its published schema, naming the file and the JSON path. */
  readonly strict?: boolean;
}

export function parseSbom(source: string, text: string, opts: ReadSbomOptions = {}): SbomDocument {
  const doc = parseAny(source, text);
  if (opts.strict && doc.schemaIssueCount > 0) {
    const first = doc.schemaIssues[0]!;
    const more = doc.schemaIssueCount > 1 ? ` (and ${doc.schemaIssueCount - 1} more)` : '';
    throw new AppError('ERR_SBOM_SCHEMA', `${source}: violates the ${doc.schema ?? 'CycloneDX JSON'} schema at ${first.path}: ${first.message}${more}`);
  }
  return doc;
}

function parseAny(source: string, text: string): SbomDocument {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch (e) {
      throw new AppError('ERR_SBOM_PARSE', `${source}: invalid JSON (${errorMessage(e)})`);
    }
    const o = doc as Record<string, unknown>;
    if (o && o.bomFormat === 'CycloneDX') return readCycloneDxJson(source, doc);
    if (o && typeof o.spdxVersion === 'string') return readSpdxJson(source, doc);
    throw new AppError('ERR_SBOM_FORMAT', `${source}: JSON is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)`);
  }
  if (t.startsWith('<')) return readCycloneDxXml(source, t);
  if (/^(SPDXVersion|DataLicense|##)/m.test(t.slice(0, 2000))) return readSpdxTagValue(source, t);
  throw new AppError('ERR_SBOM_FORMAT', `${source}: not a CycloneDX (JSON/XML) or SPDX (JSON/tag-value) SBOM`);
}

export function readSbomFile(path: string, opts: ReadSbomOptions = {}): SbomDocument {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new AppError('ERR_SBOM_MISSING', `${path}: no such file`);
  }
  if (size > MAX_BYTES) throw new AppError('ERR_SBOM_TOO_LARGE', `${path}: ${size} bytes is larger than the 256 MB an SBOM may have`);
  return parseSbom(path, readFileSync(path, 'utf8'), opts);
}
