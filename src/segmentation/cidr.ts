/**
 * CIDR blocks as integer ranges, so a zone file can be checked for overlaps and an address placed in its zone
 * without a lookup library. IPv4 and IPv6; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as IPv4.
 */
import { isIP } from 'node:net';

export interface Cidr {
  readonly text: string;
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
}

export function addressValue(address: string): { family: 4 | 6; value: bigint } | null {
  let text = address.trim().toLowerCase();
  const zoneIdx = text.indexOf('%');
  if (zoneIdx >= 0) text = text.slice(0, zoneIdx);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (mapped) text = mapped[1]!;
  const family = isIP(text);
  if (family === 4) {
    let v = 0n;
    for (const p of text.split('.')) v = (v << 8n) + BigInt(Number(p));
    return { family: 4, value: v };
  }
  if (family === 6) {
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
      const n = addressValue(v4[1]!)!.value;
      text = `${text.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.split('::') as [string, string | undefined];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
    let v = 0n;
    for (const g of groups) v = (v << 16n) + BigInt(parseInt(g, 16));
    return { family: 6, value: v };
  }
  return null;
}

/** Parses "10.1.0.0/16", "fd00::/8" or a bare address (a /32 or /128). Returns an error message instead of throwing. */
export function parseCidr(text: string): Cidr | string {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) return `"${text}" is not a CIDR block (expected e.g. 10.20.0.0/16)`;
  const a = addressValue(addr);
  if (!a) return `"${text}": "${addr}" is not an IP address`;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = len === undefined ? bits : Number(len);
  if (!/^\d+$/.test(len ?? String(bits)) || prefix > bits) return `"${text}": prefix length must be 0..${bits}`;
  const host = (1n << BigInt(bits - prefix)) - 1n;
  if ((a.value & host) !== 0n) return `"${text}" has host bits set (did you mean ${formatNetwork(a.family, a.value & ~host, prefix)}?)`;
  return { text: text.trim(), family: a.family, first: a.value, last: a.value | host, prefix };
}

function formatNetwork(family: 4 | 6, value: bigint, prefix: number): string {
  if (family === 4) return `${[24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.')}/${prefix}`;
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${prefix}`;
}

export const cidrContains = (c: Cidr, address: string): boolean => {
  const a = addressValue(address);
  return a !== null && a.family === c.family && a.value >= c.first && a.value <= c.last;
};

export const cidrsOverlap = (a: Cidr, b: Cidr): boolean => a.family === b.family && a.first <= b.last && b.first <= a.last;
