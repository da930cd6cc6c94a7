/**
 * Cuts items out of a JSON array text by position without parsing the others: a CVE's stored configurations can
 * hold 65 configurations of which an asset concerns one or two. The scan only tracks strings (with escapes) and
 * nesting; the slices are then parsed by JSON.parse, which rejects anything malformed. Text that is not an array
 * of the expected shape yields no items (the caller then reads nothing for those positions).
 */
export function jsonItems(text: string, wanted: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x5b /* [ */) return out;
  let depth = 0;
  let item = 0;
  let start = i + 1;
  for (const max = Math.max(...wanted); i < text.length && item <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b /* [ { */) depth++;
    else if (c === 0x5d || c === 0x7d /* ] } */) {
      depth--;
      if (depth === 0) {
        if (i > start && wanted.has(item)) out.set(item, text.slice(start, i));
        return out;
      }
    } else if (c === 0x2c /* , */ && depth === 1) {
      if (wanted.has(item)) out.set(item, text.slice(start, i));
      item++;
      start = i + 1;
    }
  }
  return out;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
