/**
 * Generates a full-size SYNTHETIC NVD CVE API 2.0 corpus for benchmarks: ~300k CVEs in per-year envelope files
 * (`nvdcve-2.0-YYYY.json`) like NVD's year feeds. Record bodies and configuration shapes are sampled from the
 * real records in shared/data (firmware∧hardware pairs, app-on-OS, long exact-version lists, ranges, records
 * without configurations); vendor/product names are remapped onto a Zipf-distributed pool of products so a few
 * products carry thousands of CVEs, as linux_kernel or windows do. Deterministic for a given seed.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA } from '../test/shared-data.js';

const DATA = `${SHARED_DATA}/vuln/nvd`;
/** Per-year counts from the 2026 audit quoted in VULN-FORMATS.md §11, interpolated where not quoted. */
const YEAR_WEIGHTS: Record<number, number> = {
  2002: 6700, 2003: 1550, 2004: 2700, 2005: 4800, 2006: 7000, 2007: 6600, 2008: 7200, 2009: 5000, 2010: 5200,
  2011: 4800, 2012: 5800, 2013: 6700, 2014: 8700, 2015: 8600, 2016: 10500, 2017: 17102, 2018: 17817, 2019: 17400,
  2020: 19400, 2021: 23431, 2022: 26500, 2023: 31213, 2024: 39158, 2025: 44957, 2026: 32000,
};

export const POOL = 60_000;
export const poolName = (i: number): [string, string] => [`vendor${Math.floor(i / 6)}`, `product_${i}`];

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf rank sampler over the product pool. */
export function zipf(rand: () => number): () => number {
  const cum = new Float64Array(POOL);
  let s = 0;
  // s = 0.7 puts ~12k CVEs on the top product, as many as linux_kernel has in the real NVD.
  for (let i = 0; i < POOL; i++) cum[i] = s += 1 / Math.pow(i + 1, 0.7);
  return () => {
    const x = rand() * s;
    let lo = 0;
    let hi = POOL - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function templates(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const dir of ['records', 'legacy-1.1-as-2.0'])
    for (const f of readdirSync(join(DATA, dir)).filter((n) => n.endsWith('.json')).sort()) out.push(JSON.parse(readFileSync(join(DATA, dir, f), 'utf8')));
  return out;
}

function remap(criteria: string, map: Map<string, [string, string]>, pick: () => number): string {
  if (criteria.includes('\\')) return criteria;
  const p = criteria.split(':');
  const key = `${p[3]}:${p[4]}`;
  let to = map.get(key);
  if (!to) map.set(key, (to = poolName(pick())));
  p[3] = to[0];
  p[4] = to[1];
  return p.join(':');
}

export interface CorpusInfo {
  readonly dir: string;
  readonly files: string[];
  readonly cves: number;
  readonly bytes: number;
}

export function generateCorpus(dir: string, total = 300_000, seed = 7): CorpusInfo {
  mkdirSync(dir, { recursive: true });
  const rand = rng(seed);
  const pick = zipf(rand);
  const tpl = templates();
  const sum = Object.values(YEAR_WEIGHTS).reduce((a, b) => a + b, 0);
  const files: string[] = [];
  let bytes = 0;
  let made = 0;
  for (const [y, w] of Object.entries(YEAR_WEIGHTS)) {
    const year = Number(y);
    const n = Math.round((w / sum) * total);
    const file = join(dir, `nvdcve-2.0-${year}.json`);
    files.push(file);
    const fd = openSync(file, 'w');
    const write = (s: string) => {
      bytes += writeSync(fd, s);
    };
    write(`{"resultsPerPage":${n},"startIndex":0,"totalResults":${n},"format":"NVD_CVE","version":"2.0","timestamp":"2026-11-29T00:00:00.000","vulnerabilities":[\n`);
    let buf = '';
    for (let i = 0; i < n; i++) {
      const t = tpl[Math.floor(rand() * tpl.length)]!;
      const map = new Map<string, [string, string]>();
      const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
      const cve = {
        ...t,
        id: `CVE-${year}-${String(10000 + i)}`,
        published: `${year}-${month}-15T10:00:00.000`,
        lastModified: `${Math.min(year + 1, 2026)}-${month}-20T10:00:00.000`,
        configurations: ((t.configurations as { nodes: { cpeMatch: { criteria: string }[] }[] }[] | undefined) ?? []).map((c) => ({
          ...c,
          nodes: c.nodes.map((n) => ({ ...n, cpeMatch: n.cpeMatch.map((m) => ({ ...m, criteria: remap(m.criteria, map, pick) })) })),
        })),
      };
      if (!t.configurations) delete (cve as { configurations?: unknown }).configurations;
      buf += `${i ? ',\n' : ''}{"cve":${JSON.stringify(cve)}}`;
      if (buf.length > 1 << 22) {
        write(buf);
        buf = '';
      }
    }
    write(`${buf}\n]}\n`);
    closeSync(fd);
    made += n;
  }
  return { dir, files, cves: made, bytes };
}

export function corpusFiles(dir: string): string[] | undefined {
  if (!existsSync(dir)) return undefined;
  const f = readdirSync(dir).filter((n) => /^nvdcve-2\.0-\d{4}\.json$/.test(n)).sort();
  return f.length === Object.keys(YEAR_WEIGHTS).length ? f.map((n) => join(dir, n)) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? '/tmp/radguard-nvd-corpus';
  const t = Date.now();
  const info = generateCorpus(dir, Number(process.argv[3] ?? 300_000));
  console.log(`SYNTHETIC NVD 2.0 corpus: ${info.cves} CVEs in ${info.files.length} year files, ${(info.bytes / 1e6).toFixed(0)} MB, written to ${dir} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
