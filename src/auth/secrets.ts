/**
 * Random secrets and their at-rest form. Session ids and API tokens are 256-bit random values; the store keeps
 * only their SHA-256, so a copy of the database cannot be replayed as a login.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (v: string): string => createHash('sha256').update(v).digest('hex');
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
