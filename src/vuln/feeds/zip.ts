/**
 * Reads the members of a .zip archive (stored or deflated) from its central directory — enough for feed
 * bundles such as NVD's zipped year files. Lengths come from the archive, so every offset is checked against
 * the buffer and an inflated member is capped: a hostile or damaged archive fails with a clear error.
 */
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../core/errors.js';

export interface ZipMember {
  readonly name: string;
  readonly data: () => Buffer;
}

export function readZip(file: string, buf: Buffer, maxMemberBytes: number): ZipMember[] {
  const fail = (why: string): never => {
    throw new AppError('ERR_FEED_ZIP', `${file}: not a readable zip archive (${why})`);
  };
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const members: ZipMember[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) fail('damaged central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > buf.length) fail('damaged central directory');
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (method !== 0 && method !== 8) fail(`${name} uses compression method ${method}`);
    if (size > maxMemberBytes) fail(`${name} is ${size} bytes uncompressed, over the in-memory limit`);
    members.push({
      name,
      data: () => {
        if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) fail(`damaged local header for ${name}`);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        if (start + compressed > buf.length) fail(`${name} is truncated`);
        const raw = buf.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(raw);
        try {
          return inflateRawSync(raw, { maxOutputLength: maxMemberBytes });
        } catch (e) {
          return fail(`${name}: ${(e as Error).message}`);
        }
      },
    });
  }
  return members;
}
