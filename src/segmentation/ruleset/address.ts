/**
 * Address tokens as firewalls write them — "10.1.0.0/24", "10.1.0.5", "10.1.0.0/255.255.255.0",
 * "10.1.0.10-10.1.0.20", "fd00::/8" — to integer ranges. Returns an error message instead of throwing.
 */
import { addressValue, parseCidr } from '../cidr.js';
import type { AddrRange } from './model.js';

const MAX = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n } as const;

export function parseAddrToken(token: string): AddrRange | string {
  const t = token.trim();
  if (t.length > 100) return `"${t.slice(0, 40)}…" is not an address`;
  const dash = t.indexOf('-');
  if (dash > 0) {
    const a = addressValue(t.slice(0, dash));
    const b = addressValue(t.slice(dash + 1));
    if (!a || !b || a.family !== b.family || a.value > b.value) return `"${t}" is not an address range`;
    return { family: a.family, first: a.value, last: b.value };
  }
  const slash = t.indexOf('/');
  if (slash > 0 && t.slice(slash + 1).includes('.')) {
    // dotted netmask: only contiguous masks are blocks
    const a = addressValue(t.slice(0, slash));
    const m = addressValue(t.slice(slash + 1));
    if (!a || !m || a.family !== 4 || m.family !== 4) return `"${t}" is not an address block`;
    const bits = m.value.toString(2).padStart(32, '0');
    if (!/^1*0*$/.test(bits)) return `"${t}": non-contiguous netmask`;
    const host = MAX[4] ^ m.value;
    return { family: 4, first: a.value & m.value, last: (a.value & m.value) | host };
  }
  if (slash > 0) {
    // iptables-save prints the network; nft may keep host bits in a prefix: mask them rather than refuse
    const a = addressValue(t.slice(0, slash));
    const len = t.slice(slash + 1);
    if (!a || !/^\d{1,3}$/.test(len)) return `"${t}" is not an address block`;
    const bits = a.family === 4 ? 32 : 128;
    const prefix = Number(len);
    if (prefix > bits) return `"${t}": prefix longer than ${bits}`;
    const host = (1n << BigInt(bits - prefix)) - 1n;
    return { family: a.family, first: a.value & (MAX[a.family] ^ host), last: a.value | host };
  }
  const c = parseCidr(t);
  if (typeof c === 'string') return c;
  return { family: c.family, first: c.first, last: c.last };
}

export const fullRange = (family: 4 | 6): AddrRange => ({ family, first: 0n, last: MAX[family] });

export function formatAddress(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** A range as the fewest CIDR blocks ("10.1.0.0/24", "10.1.0.5"), for evidence. */
export function rangeToCidrs(r: AddrRange): string[] {
  const bits = r.family === 4 ? 32 : 128;
  const out: string[] = [];
  let cur = r.first;
  while (cur <= r.last) {
    let size = 0;
    while (size < bits) {
      const next = size + 1;
      const block = 1n << BigInt(next);
      if (cur % block !== 0n || cur + block - 1n > r.last) break;
      size = next;
    }
    const text = formatAddress(r.family, cur);
    out.push(size === 0 ? text : `${text}/${bits - size}`);
    cur += 1n << BigInt(size);
    if (out.length > 64) {
      out.push(`… ${formatAddress(r.family, r.last)}`);
      break;
    }
  }
  return out;
}
