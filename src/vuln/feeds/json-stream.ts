/**
 * Streams the records out of a feed file too large to hold as one string (V8's longest string is ~512 MB; a full
 * NVD year can exceed it uncompressed). Scans bytes, honouring strings and escapes, and yields the raw JSON text
 * of each element of the top-level array or of the top-level `vulnerabilities` / `CVE_Items` array. Each element
 * is parsed on its own, so memory is bounded by the largest record, never by a length the file declares.
 */
import { FeedParseError } from './json-path.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const SPACE = 0x20;

/** A record larger than this is refused: no real CVE record comes close (the largest NVD records are ~2 MB). */
const MAX_ELEMENT_BYTES = 256 * 1024 * 1024;

export interface StreamedElement {
  readonly key: string; // 'vulnerabilities', 'CVE_Items' or '' for a bare top-level array
  readonly index: number;
  readonly text: string;
}

export async function* streamArrayElements(file: string, chunks: AsyncIterable<Buffer>, keys: readonly string[]): AsyncGenerator<StreamedElement> {
  let depth = 0;
  let inString = false;
  let escape = false;
  let keyBytes: number[] | undefined;
  let lastKey = '';
  let arrayKey: string | undefined;
  let arrayDepth = -1; // depth inside the records array
  let parts: Buffer[] = [];
  let partBytes = 0;
  let elemStart = -1;
  let index = 0;
  for await (const chunk of chunks) {
    if (elemStart >= 0) elemStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escape) {
          escape = false;
          if (keyBytes && keyBytes.length < 64) keyBytes.push(c);
          continue;
        }
        if (!keyBytes) {
          // Most bytes are inside strings: jump to the next quote and look back for backslashes escaping it.
          const q = chunk.indexOf(QUOTE, i);
          const end = q < 0 ? chunk.length : q;
          let k = end - 1;
          while (k >= i && chunk[k] === BACKSLASH) k--;
          const escaped = (end - 1 - k) % 2 === 1;
          if (q < 0) {
            escape = escaped;
            i = chunk.length;
          } else {
            i = q;
            if (!escaped) inString = false;
          }
          continue;
        }
        if (keyBytes.length < 64 && c !== QUOTE) keyBytes.push(c);
        if (c === BACKSLASH) escape = true;
        else if (c === QUOTE) {
          inString = false;
          lastKey = Buffer.from(keyBytes).toString('utf8');
          keyBytes = undefined;
        }
        continue;
      }
      if (depth === arrayDepth && elemStart < 0 && c !== CLOSE_ARR && c !== COMMA && c > SPACE && c !== OPEN_OBJ && c !== OPEN_ARR)
        throw new FeedParseError(file, `$${arrayKey ? `.${arrayKey}` : ''}[${index}]`, 'expected an object');
      if (c === QUOTE) {
        inString = true;
        keyBytes = depth === 1 && arrayDepth < 0 ? [] : undefined;
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (arrayDepth < 0 && c === OPEN_ARR && ((depth === 0) || (depth === 1 && keys.includes(lastKey)))) {
          arrayKey = depth === 0 ? '' : lastKey;
          arrayDepth = depth + 1;
        } else if (depth === arrayDepth) {
          elemStart = i;
          parts = [];
          partBytes = 0;
        }
        depth++;
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        depth--;
        if (depth < 0) throw new FeedParseError(file, '$', 'unbalanced brackets');
        if (depth === arrayDepth && elemStart >= 0) {
          parts.push(chunk.subarray(elemStart, i + 1));
          const text = Buffer.concat(parts).toString('utf8');
          parts = [];
          partBytes = 0;
          elemStart = -1;
          yield { key: arrayKey!, index: index++, text };
        } else if (depth === arrayDepth - 1 && arrayDepth >= 0 && c === CLOSE_ARR) {
          arrayDepth = -2; // the records array is finished; ignore the rest of the envelope
        }
      }
    }
    if (elemStart >= 0) {
      parts.push(chunk.subarray(elemStart));
      partBytes += chunk.length - elemStart;
      if (partBytes > MAX_ELEMENT_BYTES) throw new FeedParseError(file, `$.${arrayKey}[${index}]`, 'record larger than 256 MB');
    }
  }
  if (depth !== 0 || inString) throw new FeedParseError(file, arrayKey === undefined ? '$' : `$.${arrayKey}[${index}]`, 'file ends in the middle of a record (truncated?)');
  if (arrayKey === undefined) throw new FeedParseError(file, '$', `no top-level array or ${keys.join('/')} array found`);
}
