/**
 * IPv4 flows keyed by numbers in flat typed arrays: an open-addressing hash index over (source, destination,
 * port·2 + udp) and one column per field. A million distinct flows cost a few tens of MB and no object per flow;
 * nothing is allocated per row (the Map-of-Maps keyed by address strings it replaces made a string and hashed it
 * for every row of a conn.log). Addresses become text only when the flows are read.
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

export class V4FlowTable {
  // the hash index holds the keys inline — slot i is words 4i..4i+3: source, destination, port key, row + 1 (0:
  // empty) — so probing reads neighbouring memory instead of jumping to a row per probe
  private mask = 1023;
  private slots = new Uint32Array(1024 * 4);
  private n = 0;
  private src = new Uint32Array(512);
  private dst = new Uint32Array(512);
  private key = new Uint32Array(512);
  private srcIdx = new Uint32Array(512);
  private bytes = new Float64Array(512);
  private packets = new Float64Array(512);
  private first = new Float64Array(512);
  private last = new Float64Array(512);

  get size(): number {
    return this.n;
  }

  add(src: number, dst: number, portKey: number, bytes: number, packets: number, firstMs: number, lastMs: number, source: number): void {
    const mask = this.mask;
    const slots = this.slots;
    let h = hash(src, dst, portKey) & mask;
    for (;;) {
      const w = h * 4;
      const row = slots[w + 3]!;
      if (row === 0) break;
      if (slots[w] === src && slots[w + 1] === dst && slots[w + 2] === portKey) {
        const i = row - 1;
        this.bytes[i] = this.bytes[i]! + bytes;
        this.packets[i] = this.packets[i]! + packets;
        if (firstMs < this.first[i]!) this.first[i] = firstMs;
        if (lastMs > this.last[i]!) this.last[i] = lastMs;
        return;
      }
      h = (h + 1) & mask;
    }
    const i = this.n++;
    if (i === this.src.length) this.growRows();
    this.src[i] = src;
    this.dst[i] = dst;
    this.key[i] = portKey;
    this.srcIdx[i] = source;
    this.bytes[i] = bytes;
    this.packets[i] = packets;
    this.first[i] = firstMs;
    this.last[i] = lastMs;
    const w = h * 4;
    slots[w] = src;
    slots[w + 1] = dst;
    slots[w + 2] = portKey;
    slots[w + 3] = i + 1;
    if (this.n * 2 > mask) this.rehash();
  }

  *rows(): Generator<V4Row> {
    for (let i = 0; i < this.n; i++)
      yield { src: this.src[i]!, dst: this.dst[i]!, portKey: this.key[i]!, bytes: this.bytes[i]!, packets: this.packets[i]!, firstMs: this.first[i]!, lastMs: this.last[i]!, source: this.srcIdx[i]! };
  }

  private growRows(): void {
    const grow = <T extends Uint32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.src = grow(this.src);
    this.dst = grow(this.dst);
    this.key = grow(this.key);
    this.srcIdx = grow(this.srcIdx);
    this.bytes = grow(this.bytes);
    this.packets = grow(this.packets);
    this.first = grow(this.first);
    this.last = grow(this.last);
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Uint32Array(size * 4);
    for (let i = 0; i < this.n; i++) {
      const a = this.src[i]!;
      const b = this.dst[i]!;
      const c = this.key[i]!;
      let h = hash(a, b, c) & mask;
      while (slots[h * 4 + 3] !== 0) h = (h + 1) & mask;
      const w = h * 4;
      slots[w] = a;
      slots[w + 1] = b;
      slots[w + 2] = c;
      slots[w + 3] = i + 1;
    }
    this.mask = mask;
    this.slots = slots;
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
