/**
 * Debian package version ordering (deb-version(7)): `[epoch:]upstream[-revision]`, compared part by part with
 * dpkg's rule — non-digit runs by character where letters sort before non-letters and `~` before everything,
 * even the end of the string (`1.0~rc1` < `1.0`), digit runs numerically.
 */
import type { Order } from './compare.js';

const DEB = /^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/;

/** True when the string can be a Debian version and carries a Debian-only mark (epoch, revision with build, `~`). */
export function looksDebian(v: string): boolean {
  // Cheap pre-check first: this runs for every version comparison.
  return (/^\d+:/.test(v) || v.includes('~') || /deb\d|ubuntu/i.test(v)) && DEB.test(v);
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): Order {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = i < a.length && !/\d/.test(a[i]!) ? order(a[i]) : 0;
      const bc = j < b.length && !/\d/.test(b[j]!) ? order(b[j]) : 0;
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /\d/.test(a[i]!) && j < b.length && /\d/.test(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i]!)) return 1;
    if (j < b.length && /\d/.test(b[j]!)) return -1;
    if (firstDiff) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}

export function compareDebian(a: string, b: string): Order | undefined {
  const ma = DEB.exec(a.trim());
  const mb = DEB.exec(b.trim());
  if (!ma || !mb) return undefined;
  const ea = Number(ma[1] ?? 0);
  const eb = Number(mb[1] ?? 0);
  if (ea !== eb) return ea < eb ? -1 : 1;
  return verrevcmp(ma[2]!, mb[2]!) || verrevcmp(ma[3] ?? '', mb[3] ?? '');
}
