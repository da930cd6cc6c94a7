/** IPv4/IPv6 addresses as integers, so ranges and CIDR blocks can be counted and walked without materialising them. */
import { isIP } from 'node:net';

export type Family = 4 | 6;

export function toBigInt(address: string): { family: Family; value: bigint } | null {
  const family = isIP(address);
  if (family === 4) {
    const parts = address.split('.').map(Number);
    return { family: 4, value: BigInt(((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) };
  }
  if (family === 6) {
    let text = address.toLowerCase();
    const zone = text.indexOf('%');
    if (zone >= 0) text = text.slice(0, zone);
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
      const n = Number(toBigInt(v4[1]!)!.value);
      text = text.slice(0, -v4[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
    }
    const [head, tail] = text.split('::') as [string, string | undefined];
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    let value = 0n;
    for (const g of groups) value = (value << 16n) + BigInt(parseInt(g, 16));
    return { family: 6, value };
  }
  return null;
}

export function fromBigInt(family: Family, value: bigint): string {
  if (family === 4) {
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (≥2) of zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export const bits = (family: Family): number => (family === 4 ? 32 : 128);

/** Addresses that never leave a site: private, loopback, link-local, CGNAT, ULA. Anything else is public. */
const PRIVATE_V4: ReadonlyArray<[string, number]> = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
];
const PRIVATE_V6: ReadonlyArray<[string, number]> = [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
];

export function inCidr(family: Family, value: bigint, base: string, prefix: number): boolean {
  const b = toBigInt(base);
  if (!b || b.family !== family) return false;
  const shift = BigInt(bits(family) - prefix);
  return value >> shift === b.value >> shift;
}

export function isPublic(family: Family, value: bigint): boolean {
  if (family === 6) {
    const mapped = value >> 32n === 0xffffn;
    if (mapped) return isPublic(4, value & 0xffffffffn);
  }
  const list = family === 4 ? PRIVATE_V4 : PRIVATE_V6;
  return !list.some(([base, prefix]) => inCidr(family, value, base, prefix));
}
