/** Time and ids come in as arguments so that outputs (golden reports, tests) are reproducible. */
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

export interface Ids {
  next(prefix: string): string;
}
export const randomIds: Ids = { next: (prefix) => `${prefix}_${randomUUID()}` };
export function sequentialIds(): Ids {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(6, '0')}` };
}
