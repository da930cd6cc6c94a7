/**
 * RPM package version ordering (rpmvercmp, rpm 4.x): `[epoch:]version[-release]`, the epoch numerically (missing is
 * 0), then version and release segment by segment. Separators only split; a digit run beats a letter run, digit runs
 * compare numerically, letter runs by byte; `~` sorts before everything, even the end (`1.0~rc1` < `1.0`), and `^`
 * after the end but before anything else (`1.0^git1` > `1.0`, < `1.0.1`). Red Hat's OSV records write the epoch
 * even when it is 0 (`0:2.13.3-3.el8_6.1`).
 */
import type { Order } from './compare.js';

const EVR = /^(?:(\d+):)?([A-Za-z0-9._+~^]+?)(?:-([A-Za-z0-9._+~^]+))?$/;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const sign = (n: number): Order => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** rpmvercmp on one part (version or release). */
export function rpmvercmp(a: string, b: string): Order {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isDigit(a[i]) && !isAlpha(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isDigit(b[j]) && !isAlpha(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const take = numeric ? isDigit : isAlpha;
    const si = i;
    const sj = j;
    while (i < a.length && take(a[i])) i++;
    while (j < b.length && take(b[j])) j++;
    // Segments of different kinds: the numeric one is newer.
    if (j === sj) return numeric ? 1 : -1;
    let x = a.slice(si, i);
    let y = b.slice(sj, j);
    if (numeric) {
      x = x.replace(/^0+/, '');
      y = y.replace(/^0+/, '');
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    }
    if (x !== y) return x < y ? -1 : 1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

/** Orders two EVR strings; undefined when either is not an RPM version. */
export function compareRpm(a: string, b: string): Order | undefined {
  const ma = EVR.exec(a.trim());
  const mb = EVR.exec(b.trim());
  if (!ma || !mb) return undefined;
  const epoch = sign(Number(ma[1] ?? 0) - Number(mb[1] ?? 0));
  if (epoch) return epoch;
  const version = rpmvercmp(ma[2]!, mb[2]!);
  if (version) return version;
  // A side without release (a bare upstream version) matches any release of it, as rpm's own dependency checks do.
  if (ma[3] === undefined || mb[3] === undefined) return 0;
  return rpmvercmp(ma[3], mb[3]);
}
