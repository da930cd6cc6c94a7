/**
 * NVD feed files read as a stream of records (2.0 envelope or year feed, bare array of `{cve}`, 1.1 year feed):
 * the file is hashed as it is read, ungzipped when needed, split into records without holding it as one string,
 * and each record is parsed and checked on its own, so a bad one fails with the file name and its JSON path.
 * Used by the import's worker threads and, when workers are off, by the importing thread itself.
 */
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { errorMessage } from '../../core/errors.js';
import { At, FeedParseError } from './json-path.js';
import { streamArrayElements } from './json-stream.js';
import { readCve, readCve11, type CveRecord } from './nvd.feed.js';

export async function* fileChunks(file: string, gz: boolean, hash: Hash): AsyncGenerator<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  raw.on('data', (c) => hash.update(c as Buffer));
  const src = gz ? raw.pipe(createGunzip()) : raw;
  for await (const c of src) yield c as Buffer;
}

export type NvdShape = 'envelope' | 'array' | 'nvd-1.1';

/** Does the start of a file say it is an NVD feed whose records can be streamed? */
export function streamableNvdShape(head: string): NvdShape | undefined {
  if (/^\s*\[\s*\{\s*"cve"\s*:/.test(head)) return 'array';
  if (/^\s*\{/.test(head) && /"format"\s*:\s*"NVD_CVE"/.test(head)) return 'envelope';
  if (/^\s*\{/.test(head) && /"CVE_Items"\s*:/.test(head)) return 'nvd-1.1';
  return undefined;
}

/** The date the envelope states about itself, when it comes before the records (as in NVD's own files). */
export function headFeedDate(head: string): string | undefined {
  const before = head.split(/"(?:vulnerabilities|CVE_Items)"/)[0]!;
  return /"(?:timestamp|CVE_data_timestamp)"\s*:\s*"([^"\\]{1,40})"/.exec(before)?.[1];
}

export async function* streamNvdRecords(path: string, chunks: AsyncIterable<Buffer>): AsyncGenerator<CveRecord> {
  for await (const el of streamArrayElements(path, chunks, ['vulnerabilities', 'CVE_Items'])) {
    const at = el.key ? `$.${el.key}[${el.index}]` : `$[${el.index}]`;
    let value: unknown;
    try {
      value = JSON.parse(el.text);
    } catch (e) {
      throw new FeedParseError(path, at, `invalid JSON (${errorMessage(e)})`);
    }
    const rec = new At(path, at, value);
    yield el.key === 'CVE_Items' ? readCve11(rec) : readCve(rec.get('cve'));
  }
}
