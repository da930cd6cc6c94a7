/**
 * Identity resolution: which known asset is the device behind a set of identifiers (from an import row or a
 * scan)? Identifiers are tried from the strongest to the weakest — serial, MAC, AE title, hostname, address —
 * and the strongest that names a known asset wins. Addresses are reused (DHCP, a replaced device), so an address
 * alone never links a device whose MAC contradicts it: that is a new device, and the address moves to it with a
 * visible history. Other assets named by the same identifiers are duplicates to merge, unless their serial says
 * they are another device; then only the shared identifier moves. Pure: the store supplies the lookups.
 */
import {
  normalizeAddress,
  normalizeAeTitle,
  normalizeHostname,
  normalizeMac,
  normalizeSerial,
  type IdentifierKind,
  type Identifiers,
} from './asset.js';

export type IdentifierSet = ReadonlyMap<IdentifierKind, readonly string[]>;

export interface IdentityLookup {
  /** Assets holding this identifier now (normally at most one). */
  holders(kind: IdentifierKind, value: string): readonly string[];
  /** An asset's current identifiers of one kind. */
  values(assetId: string, kind: IdentifierKind): readonly string[];
}

export interface IdentityDecision {
  /** The asset the identifiers belong to; null: a device not seen before (the caller creates it). */
  readonly assetId: string | null;
  readonly matchedBy: IdentifierKind | null;
  /** Duplicates that hold some of these identifiers and do not contradict the winner: merge them into it. */
  readonly merge: readonly string[];
  /** Identifiers another device held until now: they end there and move to the winner (address reuse). */
  readonly moves: ReadonlyArray<{ readonly from: string; readonly kind: IdentifierKind; readonly value: string }>;
  readonly reason: string;
}

const ORDER: readonly IdentifierKind[] = ['serial', 'mac', 'ae-title', 'hostname', 'address'];

/** Normalises raw identifiers; returns what was unusable so imports can report it. */
export function identifierSet(raw: Identifiers): {
  set: Map<IdentifierKind, string[]>;
  invalid: Array<{ kind: IdentifierKind; value: string }>;
} {
  const set = new Map<IdentifierKind, string[]>();
  const invalid: Array<{ kind: IdentifierKind; value: string }> = [];
  const add = (kind: IdentifierKind, values: readonly string[] | undefined, norm: (v: string) => string | null) => {
    for (const v of values ?? []) {
      if (!v.trim()) continue;
      const n = norm(v);
      if (n === null) invalid.push({ kind, value: v });
      else if (!(set.get(kind) ?? []).includes(n)) set.set(kind, [...(set.get(kind) ?? []), n]);
    }
  };
  add('serial', raw.serial ? [raw.serial] : [], normalizeSerial);
  add('mac', raw.macs, normalizeMac);
  add('ae-title', raw.aeTitles, normalizeAeTitle);
  add('hostname', raw.hostnames, normalizeHostname);
  add('address', raw.addresses, normalizeAddress);
  return { set, invalid };
}

export function decideIdentity(seen: IdentifierSet, lookup: IdentityLookup): IdentityDecision {
  const contradicts = (assetId: string, kind: 'serial' | 'mac'): boolean => {
    const mine = seen.get(kind) ?? [];
    const theirs = lookup.values(assetId, kind);
    return mine.length > 0 && theirs.length > 0 && !theirs.some((v) => mine.includes(v));
  };
  let winner: string | null = null;
  let matchedBy: IdentifierKind | null = null;
  let reason = 'no known asset holds any of these identifiers';
  const rejected: string[] = [];
  for (const kind of ORDER) {
    for (const value of seen.get(kind) ?? []) {
      for (const holder of lookup.holders(kind, value)) {
        if (winner) continue;
        // Weak identifiers never beat a stronger one that disagrees: another device took over the address or name.
        const weak = kind === 'address' || kind === 'hostname';
        if ((weak && contradicts(holder, 'serial')) || (kind === 'address' && contradicts(holder, 'mac'))) {
          rejected.push(holder);
          reason = `${kind} ${value} belonged to asset ${holder}, whose ${contradicts(holder, 'serial') ? 'serial' : 'MAC'} differs: a different device now uses it`;
          continue;
        }
        winner = holder;
        matchedBy = kind;
        reason = `matched asset ${holder} by ${kind} ${value}`;
      }
    }
    if (winner) break;
  }
  const merge = new Set<string>();
  const moves: Array<{ from: string; kind: IdentifierKind; value: string }> = [];
  for (const kind of ORDER) {
    for (const value of seen.get(kind) ?? []) {
      for (const holder of lookup.holders(kind, value)) {
        if (holder === winner || merge.has(holder)) continue;
        if (winner && !rejected.includes(holder) && !contradicts(holder, 'serial') && !(kind === 'address' && contradicts(holder, 'mac')))
          merge.add(holder);
        else moves.push({ from: holder, kind, value });
      }
    }
  }
  return { assetId: winner, matchedBy, merge: [...merge], moves, reason };
}
