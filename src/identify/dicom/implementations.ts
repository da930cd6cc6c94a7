/**
 * The DICOM implementation fingerprint table (implementations.json) and its matcher: each entry is a regex on one
 * field (Implementation Class UID or Version Name); both fields are matched independently and combined, so a vendor
 * UID root with a toolkit version name reads "Vendor device on MergeCOM-3 4.10".
 */
import { readFileSync } from 'node:fs';
import type { Confidence } from '../identifier.js';

export interface FingerprintEntry {
  readonly id: string;
  readonly field: 'classUid' | 'versionName';
  readonly pattern: string;
  readonly kind: 'toolkit' | 'vendor-root';
  readonly stack: string;
  readonly vendor: string;
  readonly product: string;
  readonly version?: string; // template: $1, $2 … from the pattern's groups
  readonly cpe?: string; // template: {version}
  readonly confidence: Confidence;
  readonly source: string;
  readonly examples: ReadonlyArray<{ readonly value: string; readonly version?: string }>;
}

export interface FieldMatch {
  readonly entry: FingerprintEntry;
  readonly value: string;
  readonly version: string | null;
}

// Works from src/identify/dicom (tests) and dist/identify/dicom (built CLI): three levels below the package root.
const FILE = new URL('../../../src/identify/dicom/implementations.json', import.meta.url);
let table: { entries: FingerprintEntry[]; compiled: Array<[FingerprintEntry, RegExp]> } | undefined;

export function fingerprintTable(): readonly FingerprintEntry[] {
  return load().entries;
}

function load() {
  if (!table) {
    const entries = (JSON.parse(readFileSync(FILE, 'utf8')) as { entries: FingerprintEntry[] }).entries;
    table = { entries, compiled: entries.map((e) => [e, new RegExp(e.pattern)]) };
  }
  return table;
}

export function matchField(field: FingerprintEntry['field'], value: string | null): FieldMatch | null {
  if (!value) return null;
  for (const [entry, re] of load().compiled) {
    if (entry.field !== field) continue;
    const m = re.exec(value);
    if (!m) continue;
    const version = entry.version ? entry.version.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '') : null;
    return { entry, value, version };
  }
  return null;
}

export const cpeOf = (m: FieldMatch): string | null =>
  m.entry.cpe && m.version ? m.entry.cpe.replace('{version}', m.version) : null;
