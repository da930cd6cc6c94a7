/**
 * Loads the optional native sweep (native/sweep.c, built by `npm install` where a compiler exists). Without it,
 * everything works through Node's sockets, only slower on full-range lab sweeps.
 */
import { createRequire } from 'node:module';
import { isIP } from 'node:net';

export type NativePortState = 'filtered' | 'open' | 'closed' | 'unreachable' | 'not-tried';
const STATES: readonly NativePortState[] = ['filtered', 'open', 'closed', 'unreachable', 'not-tried'];

interface Addon {
  sweep(
    address: string,
    family: number,
    ports: Int32Array,
    parallel: number,
    initialMs: number,
    minMs: number,
    maxMs: number,
    cb: (err: Error | null, states: Int8Array, rtts: Float64Array) => void,
  ): void;
}

let addon: Addon | null | undefined;
function load(): Addon | null {
  if (addon !== undefined) return addon;
  if (process.env.RADGUARD_NO_NATIVE) return (addon = null);
  try {
    // src/net and dist/net both sit two levels below the package root.
    const mod = createRequire(import.meta.url)('../../native/build/Release/sweep.node') as Partial<Addon>;
    addon = typeof mod.sweep === 'function' ? (mod as Addon) : null;
  } catch {
    addon = null;
  }
  return addon;
}

export const nativeSweepAvailable = (): boolean => load() !== null;

export interface NativeSweepResult {
  readonly states: readonly NativePortState[];
  readonly rtts: Float64Array;
}

export function nativeSweep(
  address: string,
  ports: readonly number[],
  t: { parallel: number; initialMs: number; minMs: number; maxMs: number },
): Promise<NativeSweepResult> {
  const a = load();
  if (!a) return Promise.reject(new Error('native sweep not built'));
  return new Promise((resolve, reject) => {
    a.sweep(address, isIP(address), Int32Array.from(ports), t.parallel, t.initialMs, t.minMs, t.maxMs, (err, states, rtts) => {
      if (err) reject(err);
      else resolve({ states: Array.from(states, (s) => STATES[s] ?? 'filtered'), rtts });
    });
  });
}
