/**
 * End of support of an operating system written the way inventories write it ("Windows 7 SP1", "Win 10 22H2",
 * "Debian 10", "Ubuntu 18.04", "RHEL 7"): Windows from identify/windows/windows-builds.ts (the one Windows table),
 * Linux distributions from data/os-lifecycle.json (with sources). An OS string that names no known release gives
 * null: we never guess an edition.
 */
import { readFileSync } from 'node:fs';
import { WINDOWS_BUILDS } from '../identify/windows/windows-builds.js';

export interface OsSupport {
  readonly product: string; // the release it matched, e.g. 'Windows 7 SP1', 'Debian 10'
  readonly endOfSupport: string;
  readonly source: string;
}

interface DistroRow {
  readonly product: string;
  readonly pattern: string; // regular expression over the lower-cased OS string
  readonly endOfSupport: string;
}
interface DistroFile {
  readonly sources: Record<string, string>;
  readonly releases: ReadonlyArray<DistroRow & { readonly source: string }>;
}

let distros: DistroFile | undefined;
const dataFile = new URL('../../src/inventory/data/os-lifecycle.json', import.meta.url);

const WINDOWS_SOURCE = 'https://learn.microsoft.com/lifecycle/products/ (via identify/windows/windows-builds.ts)';

/** Edition names compared without punctuation, "win" expanded, "(Enterprise)" qualifiers dropped. */
const squash = (v: string) =>
  v
    .toLowerCase()
    .replace(/\bwin(?:dows)?\b/g, 'windows')
    .replace(/\(.*?\)/g, '')
    .replace(/service pack\s*/g, 'sp')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();

const memo = new Map<string, OsSupport | null>();

/** Memoised: inventories repeat the same few OS strings across thousands of devices. */
export function osSupport(os: string): OsSupport | null {
  if (!memo.has(os)) {
    if (memo.size > 10_000) memo.clear();
    memo.set(os, lookup(os));
  }
  return memo.get(os)!;
}

function lookup(os: string): OsSupport | null {
  const want = squash(os);
  if (want.startsWith('windows')) {
    // Longest edition name the OS string starts with wins ("Windows 7 SP1" before "Windows 7 RTM").
    let best: { name: string; key: string; end: string } | null = null;
    const broader: Array<{ name: string; end: string }> = [];
    for (const b of WINDOWS_BUILDS)
      for (const e of b.editions) {
        const key = squash(e.name);
        if ((want === key || want.startsWith(`${key} `)) && (!best || key.length > best.key.length))
          best = { name: e.name, key, end: e.endOfSupport };
        if (key.startsWith(`${want} `)) broader.push({ name: e.name, end: e.endOfSupport });
      }
    if (best) return { product: best.name, endOfSupport: best.end, source: WINDOWS_SOURCE };
    // "Windows 7" without a service pack: only the latest date of every edition it could be is certain.
    const latest = broader.sort((a, b) => b.end.localeCompare(a.end))[0];
    return latest ? { product: `${os.trim()} (latest edition: ${latest.name})`, endOfSupport: latest.end, source: WINDOWS_SOURCE } : null;
  }
  distros ??= JSON.parse(readFileSync(dataFile, 'utf8')) as DistroFile;
  const row = distros.releases.find((r) => new RegExp(r.pattern).test(os.toLowerCase()));
  return row ? { product: row.product, endOfSupport: row.endOfSupport, source: distros.sources[row.source] ?? row.source } : null;
}
