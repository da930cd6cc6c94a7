/**
 * IPv4 flows keyed by numbers in flat typed arrays: an open-addressing hash index over (source, destination,
 * port·2 + udp) and one column per field. A million distinct flows cost a few tens of MB and no object per flow;
 * nothing is allocated per row (the Map-of-Maps keyed by address strings it replaces made a string and hashed it
 * for every row of a conn.log). Addresses become text only when the flows are read.
 *
 * Sized for memory first: touching fresh memory is what a log of a million distinct flows mostly costs (a first
 * write to a page faults; ~20 µs per 4 KiB page on the VMs this runs on, i.e. 5 ms per MB), so the columns grow by
 * fixed-size pages that are never copied, and the index holds 8 bytes per slot (hash and row) instead of the keys.
 */
export interface V4Row {
  readonly src: number;
  readonly dst: number;
  readonly portKey: number; // port·2 + (udp ? 1 : 0)
  readonly bytes: number;
  readonly packets: number;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly source: number; // index into the caller's list of sources
}

const PAGE_BITS = 14; // 16,384 rows per column page
const PAGE = 1 << PAGE_BITS;
const ROW = PAGE - 1;

/** One page of rows: keys and counters side by side (a row's fields share cache lines). */
class Page {
  readonly keys = new Uint32Array(PAGE * 4); // source, destination, port key, source-file index
  readonly nums = new Float64Array(PAGE * 4); // bytes, packets, first ms, last ms
}

export class V4FlowTable {
  // slot i: hashes[i] and rows[i] (row + 1; 0: empty)
  private mask = 1023;
  private hashes = new Int32Array(1024);
  private rowsAt = new Uint32Array(1024);
  private n = 0;
  private readonly pages: Page[] = [];

  get size(): number {
    return this.n;
  }

  add(src: number, dst: number, portKey: number, bytes: number, packets: number, firstMs: number, lastMs: number, source: number): void {
    const mask = this.mask;
    const hashes = this.hashes;
    const rowsAt = this.rowsAt;
    const h = hash(src, dst, portKey);
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const row = rowsAt[i]!;
      if (row === 0) return this.insert(i, h, src, dst, portKey, bytes, packets, firstMs, lastMs, source);
      if (hashes[i] !== h) continue;
      const r = row - 1;
      const page = this.pages[r >>> PAGE_BITS]!;
      const k = (r & ROW) * 4;
      const keys = page.keys;
      if (keys[k] !== src || keys[k + 1] !== dst || keys[k + 2] !== portKey) continue;
      const nums = page.nums;
      nums[k] = nums[k]! + bytes;
      nums[k + 1] = nums[k + 1]! + packets;
      if (firstMs < nums[k + 2]!) nums[k + 2] = firstMs;
      if (lastMs > nums[k + 3]!) nums[k + 3] = lastMs;
      return;
    }
  }

  private insert(slot: number, h: number, src: number, dst: number, portKey: number, bytes: number, packets: number, firstMs: number, lastMs: number, source: number): void {
    const r = this.n++;
    if ((r & ROW) === 0) this.pages.push(new Page());
    const page = this.pages[r >>> PAGE_BITS]!;
    const k = (r & ROW) * 4;
    page.keys[k] = src;
    page.keys[k + 1] = dst;
    page.keys[k + 2] = portKey;
    page.keys[k + 3] = source;
    page.nums[k] = bytes;
    page.nums[k + 1] = packets;
    page.nums[k + 2] = firstMs;
    page.nums[k + 3] = lastMs;
    this.hashes[slot] = h;
    this.rowsAt[slot] = r + 1;
    if (this.n * 2 > this.mask) this.rehash();
  }

  *rows(): Generator<V4Row> {
    for (let r = 0; r < this.n; r++) {
      const page = this.pages[r >>> PAGE_BITS]!;
      const k = (r & ROW) * 4;
      const keys = page.keys;
      const nums = page.nums;
      yield { src: keys[k]!, dst: keys[k + 1]!, portKey: keys[k + 2]!, source: keys[k + 3]!, bytes: nums[k]!, packets: nums[k + 1]!, firstMs: nums[k + 2]!, lastMs: nums[k + 3]! };
    }
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const hashes = new Int32Array(size);
    const rowsAt = new Uint32Array(size);
    // in old slot order, with the stored hashes: each entry lands near its old slot or one old-table size later,
    // so the writes run as two sequential streams instead of hitting random memory
    const oldH = this.hashes;
    const oldR = this.rowsAt;
    for (let j = 0; j < oldR.length; j++) {
      const row = oldR[j]!;
      if (row === 0) continue;
      const h = oldH[j]!;
      let i = h & mask;
      while (rowsAt[i] !== 0) i = (i + 1) & mask;
      hashes[i] = h;
      rowsAt[i] = row;
    }
    this.mask = mask;
    this.hashes = hashes;
    this.rowsAt = rowsAt;
  }
}

function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  return h ^ (h >>> 15); // signed 32-bit: stays a small integer for the index arithmetic
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number; -1 when the text is anything else. */
export function ipv4Value(text: string): number {
  let v = 0;
  let part = -1;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part < 0 ? c - 48 : part * 10 + (c - 48);
      if (part > 255) return -1;
    } else if (c === 46 && part >= 0 && dots < 3) {
      v = v * 256 + part;
      part = -1;
      dots++;
    } else return -1;
  }
  return dots === 3 && part >= 0 ? v * 256 + part : -1;
}

/** The same, read from bytes b[s, e) without making a string. */
export function ipv4ValueAt(b: Buffer, s: number, e: number): number {
  let v = 0;
  let part = -1;
  let dots = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      part = part < 0 ? c - 48 : part * 10 + (c - 48);
      if (part > 255) return -1;
    } else if (c === 46 && part >= 0 && dots < 3) {
      v = v * 256 + part;
      part = -1;
      dots++;
    } else return -1;
  }
  return dots === 3 && part >= 0 ? v * 256 + part : -1;
}

export const ipv4Text = (v: number): string => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
