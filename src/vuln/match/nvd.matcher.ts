/**
 * Matches components against NVD configurations. Candidate CVEs come from the (vendor, product) index — every
 * spelling in the alias table is looked up — pre-filtered by version (index-entry.ts). A "simple" CVE (each
 * configuration one OR of vulnerable entries: most of NVD) is decided from its index rows alone; the others have
 * the configurations that name the asset's products read and evaluated over all CPEs of the component's asset, so
 * "firmware on hardware" and "application on OS" hold only together. A row is judged only against the asset CPEs
 * that look its product up, and equal criteria once per CPE: an SBOM asset of thousands of components costs what
 * its components' own rows cost. Identical assets (same CPEs) are evaluated once.
 * `naive` evaluates every CVE instead of the candidates: same evaluator, used to prove the index loses nothing.
 */
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import type { Component } from '../component.js';
import type { Evidence, Match } from './match.js';
import { assetCpe, evaluateConfigurations, evaluateEntry, rangeText, weaker, type AssetCpe, type ConfigOutcome, type Configuration, type Confidence, type CpeMatchEntry, type EntryHit, type Verdict } from './nvd-config.js';
import { textOf } from './cpe.js';
import { affectedKey, forEachPassing, groupEntries, type AffectedVersion, type EntryGroups, type IndexEntry } from './index-entry.js';
import { NvdNames, type NamedCpes } from './named-cpes.js';

/** Parsed configurations kept between evaluations (whole lists and single positions, each). */
const CONFIG_CACHE = 200_000;

export class NvdMatcher {
  private readonly configs = new Map<string, Configuration[] | null>();
  private readonly parts = new Map<string, Configuration | null>(); // 'id position' → one configuration
  private wildcard?: ReadonlySet<string>;
  private all?: [string, Configuration[]][];
  private readonly entries = new Map<string, ProductEntries>();
  private entryCount = 0;
  private readonly memo = new Map<string, Match[][]>();
  private names?: NvdNames;

  private productEntries(vendor: string, product: string): ProductEntries {
    const k = `${vendor}\u0000${product}`;
    let e = this.entries.get(k);
    if (!e) {
      e = productEntries(this.store.entries(vendor, product));
      // Keep the hot products in memory, but never more than a few million rows.
      if (this.entryCount + e.cves.length > 4_000_000) {
        this.entries.clear();
        this.entryCount = 0;
      }
      this.entries.set(k, e);
      this.entryCount += e.cves.length;
    }
    return e;
  }

  /**
   * What NVD lists as affected for each (CVE, vendor, product), from the product's index entries (those matching
   * just read are cached): the patch list's targets must avoid them.
   */
  affectedVersions(keys: readonly (readonly [string, string, string])[]): Map<string, readonly AffectedVersion[]> {
    const out = new Map<string, readonly AffectedVersion[]>();
    for (const [cve, vendor, product] of keys) {
      const pe = this.productEntries(vendor, product);
      const rows = pe.byCve.get(cve);
      if (rows) out.set(affectedKey(cve, vendor, product), rows.map((r) => pe.criteria[pe.sig[r]!]!));
    }
    return out;
  }

  /** Identical assets (a fleet of one modality model) give identical results: evaluate each CPE set once. */
  match(group: readonly Component[], opts: { naive?: boolean } = {}): Match[] {
    const named = group.map((c) => this.namedCpes(c));
    if (opts.naive) return this.evaluate(group, named, true);
    // A CPE from names carries its note (the manufacturer as spelled): two spellings are two keys.
    const key = group.map((c, i) => `${c.version ?? ''}\u0001${named[i] ? `${named[i].note}\u0001${named[i].cpes.join('\u0001')}` : c.cpes.join('\u0001')}`).join('\u0000');
    let per = this.memo.get(key);
    if (!per) {
      // In CVE order once here, so ordering the same results for every component of a fleet is a linear pass.
      const ms = this.evaluate(group, named, false).sort((a, b) => (a.cve < b.cve ? -1 : a.cve > b.cve ? 1 : 0));
      // Stored as evaluated; split only when the asset has several components.
      per = group.length === 1 ? [ms] : byComponent(group, ms);
      if (this.memo.size > 20_000) this.memo.clear();
      this.memo.set(key, per);
      // Evaluated for these very components: returned as they are. Later uses copy the five fields a match has
      // here, so what a caller adds to these objects (enrichment, triage) never leaks into another result.
      return per.flat();
    }
    const out: Match[] = [];
    group.forEach((c, i) => {
      const component = { id: c.id, name: c.name, version: c.version };
      // Built field by field: V8 gives spread copies a shape that makes the properties enrichment adds later slow
      // (3 s instead of 0.15 s for half a million matches).
      for (const m of per![i]!) out.push({ component, cve: m.cve, source: m.source, confidence: m.confidence, evidence: m.evidence });
    });
    return out;
  }
  /** `configCache`: how many parsed configurations (of each kind) are kept between evaluations. */
  constructor(
    private readonly store: VulnStore,
    private readonly configCache = CONFIG_CACHE,
  ) {}

  private configurations(id: string): Configuration[] | undefined {
    let c = this.configs.get(id);
    if (c === undefined) {
      c = this.store.configurations(id) ?? null;
      this.configs.set(id, c);
    }
    return c ?? undefined;
  }

  /**
   * The configurations at these positions, the others left as holes: a configuration without a vulnerable entry
   * naming the asset's products yields no outcome, so it need not be read.
   */
  private someOf(id: string, at: readonly number[]): Configuration[] {
    const configs: Configuration[] = [];
    for (const i of at) {
      const c = this.parts.get(`${id} ${i}`);
      if (c) configs[i] = c;
    }
    return configs;
  }

  /**
   * CPEs from NVD's names for a component named by vendor, name and version only (an inventory device, an SBOM
   * entry without identifiers); undefined when it has a CPE or purl of its own.
   */
  private namedCpes(c: Component): NamedCpes | undefined {
    if (c.cpes.length || c.purl || !c.vendor || !c.version) return undefined;
    return (this.names ??= new NvdNames(this.store)).of(c.vendor, c.name, c.version);
  }

  private evaluate(group: readonly Component[], named: readonly (NamedCpes | undefined)[], naive: boolean): Match[] {
    const cpes: AssetCpe[] = [];
    const byId = new Map(group.map((c) => [c.id, { id: c.id, name: c.name, version: c.version }]));
    group.forEach((c, i) => {
      for (const s of named[i]?.cpes ?? c.cpes) {
        const a = assetCpe(c.id, s, c.version, named[i]?.note);
        if (a) cpes.push(a);
      }
    });
    if (!cpes.length) return [];
    const outcomes: [string, readonly ConfigOutcome[]][] = [];
    let candidates: Iterable<[string, Configuration[]]> = [];
    if (naive) {
      // The baseline gets every configuration parsed in memory once: a fair linear scan, not a JSON-parsing one.
      candidates = this.all ??= [...this.store.allConfigurations()].map((r) => [r.id, r.configurations] as [string, Configuration[]]);
    } else {
      // Trimmed before an evaluation, never during one: a configuration listed below must still be there when it
      // is read (clearing between listing and reading once lost matches silently).
      if (this.configs.size > this.configCache) this.configs.clear();
      if (this.parts.size > this.configCache) this.parts.clear();
      // Per candidate CVE, the products whose rows let it through; per product, the asset CPEs that look it up
      // (only those can match its rows: an SBOM of a thousand components must not cost a thousand per row).
      const holders = new Map<string, ProductEntries[]>();
      const lookers = new Map<ProductEntries, number[]>();
      cpes.forEach((a, j) => {
        for (const v of a.variants) {
          const pe = this.productEntries(textOf(v.parsed[1]!)!, textOf(v.parsed[2]!)!);
          const l = lookers.get(pe);
          if (!l) lookers.set(pe, [j]);
          else if (l[l.length - 1] !== j) l.push(j);
          forEachPassing((pe.groups ??= groupEntries(pe.criteria)), pe.criteria, a, (i) => {
            for (const row of pe.rowsOf[i]!) {
              const h = holders.get(pe.cves[row]!);
              if (!h) holders.set(pe.cves[row]!, [pe]);
              else if (!h.includes(pe)) h.push(pe);
            }
          });
        }
      });
      // Rows of a CVE are taken in the order the products were looked up, as its configurations list them.
      const lookup = new Map([...lookers.keys()].map((pe, k) => [pe, k]));
      const wildcard = (this.wildcard ??= new Set(this.store.wildcardCandidates()));
      const ids = [...holders.keys(), ...[...wildcard].filter((id) => !holders.has(id))];
      const verdicts: VerdictMemo = new Map();
      const list: [string, readonly number[] | undefined][] = [];
      const missing: string[] = [];
      const missingParts: [string, number][] = [];
      for (const id of ids) {
        const held = wildcard.has(id) ? undefined : holders.get(id)!.sort((a, b) => lookup.get(a)! - lookup.get(b)!);
        if (held) {
          const simple = simpleOutcomes(id, held, lookers, cpes, verdicts);
          if (simple) {
            if (simple.length) outcomes.push([id, simple]);
            continue;
          }
        }
        const c = held && positions(id, held);
        list.push([id, c]);
        if (!c && !this.configs.has(id)) missing.push(id);
        else if (c) for (const i of c) if (!this.parts.has(`${id} ${i}`)) missingParts.push([id, i]);
      }
      // Configurations the index rows cannot stand in for are read in one query, not one per CVE.
      if (missing.length) {
        const got = this.store.configurationsOf(missing);
        for (const id of missing) this.configs.set(id, got.get(id) ?? null);
      }
      if (missingParts.length) {
        const got = this.store.someConfigurations(missingParts);
        for (const [id, i] of missingParts) this.parts.set(`${id} ${i}`, got.get(`${id} ${i}`) ?? null);
      }
      candidates = (function* (self) {
        for (const [id, c] of list) {
          const configs = c === undefined ? self.configurations(id) : self.someOf(id, c);
          if (configs) yield [id, configs] as [string, Configuration[]];
        }
      })(this);
    }
    for (const [cve, configs] of candidates) {
      const o = evaluateConfigurations(configs, cpes);
      if (o.length) outcomes.push([cve, o]);
    }
    // In candidate order, as the evaluation went: a CVE's evidence is listed in configuration and entry order,
    // the first of the strongest confidence first.
    const out = new Map<string, { component: Match['component']; cve: string; source: 'nvd'; confidence: Confidence | 'review'; evidence: Evidence[] }>();
    for (const [cve, os] of outcomes)
      for (const o of os)
        for (const h of o.hits as readonly Hit[]) {
          const comp = byId.get(h.target.componentId)!;
          const key = group.length === 1 ? cve : `${comp.id}\u0000${cve}`;
          const conf: Confidence | 'review' = o.state === 'match' && h.verdict.state === 'match' ? h.verdict.confidence : 'review';
          const evidence = {
            searched: h.target.cpe,
            matched: h.entry.criteria,
            range: rangeText(h.entry) || undefined,
            matchCriteriaId: h.matchId ?? h.entry.matchCriteriaId,
            configuration: o.configIndex,
            notes: o.notes.length ? [...h.verdict.notes, ...o.notes] : h.verdict.notes,
          };
          const m = out.get(key);
          if (!m) out.set(key, { component: comp, cve, source: 'nvd', confidence: conf, evidence: [evidence] });
          else if (rankConf(conf) > rankConf(m.confidence)) {
            m.confidence = conf;
            m.evidence.unshift(evidence);
          } else m.evidence.push(evidence);
        }
    return [...out.values()];
  }
}

interface ProductEntries {
  readonly cves: readonly string[]; // per row
  readonly cfg: Int32Array; // per row: the configuration's position, -1 when a row imported before 0105 cannot say
  readonly simple: Uint8Array; // per row: its CVE is "simple" (index-entry.ts)
  readonly matchIds: readonly (string | undefined)[]; // per row
  readonly sig: Uint32Array; // per row: its criterion
  /** Distinct (part, version, criteria, bounds): pre-filtered and judged once per asset CPE. */
  readonly criteria: readonly IndexEntry[];
  readonly entries: readonly (CpeMatchEntry | undefined)[]; // per criterion, as the evaluator reads it
  readonly rowsOf: readonly (readonly number[])[]; // per criterion
  readonly byCve: ReadonlyMap<string, readonly number[]>; // rows per CVE, in row order
  groups?: EntryGroups; // made on first use
}

function productEntries(list: readonly IndexEntry[]): ProductEntries {
  const n = list.length;
  const e = { cves: new Array<string>(n), cfg: new Int32Array(n), simple: new Uint8Array(n), matchIds: new Array<string | undefined>(n), sig: new Uint32Array(n),
    criteria: [] as IndexEntry[], entries: [] as (CpeMatchEntry | undefined)[], rowsOf: [] as number[][], byCve: new Map<string, number[]>() };
  const sigOf = new Map<string, number>();
  list.forEach((x, row) => {
    e.cves[row] = x.cve;
    e.cfg[row] = x.cfg ?? -1;
    e.simple[row] = x.simple ? 1 : 0;
    e.matchIds[row] = x.matchId;
    const rows = e.byCve.get(x.cve);
    if (rows) rows.push(row);
    else e.byCve.set(x.cve, [row]);
    const key = `${x.part}\u0001${x.version}\u0001${x.criteria}\u0001${x.startIncl}\u0001${x.startExcl}\u0001${x.endIncl}\u0001${x.endExcl}`;
    let s = sigOf.get(key);
    if (s === undefined) {
      sigOf.set(key, (s = e.criteria.length));
      e.criteria.push(x);
      e.entries.push(x.criteria === undefined ? undefined : criterion(x));
      e.rowsOf.push([]);
    }
    e.sig[row] = s;
    e.rowsOf[s]!.push(row);
  });
  return e;
}

/** A hit with the match criteria id of the index row it came from (shared criteria carry none). */
interface Hit extends EntryHit {
  readonly matchId?: string;
}

/** Verdicts of one asset's evaluation: per product, per asset CPE looking it up, per criterion of the product. */
type VerdictMemo = Map<ProductEntries, Verdict[][]>;

/** The vulnerable criterion an index row stands for, as the evaluator reads it (shared by equal rows). */
function criterion(r: IndexEntry): CpeMatchEntry {
  const e: { -readonly [K in keyof CpeMatchEntry]: CpeMatchEntry[K] } = { vulnerable: true, criteria: r.criteria! };
  if (r.startIncl !== undefined) e.versionStartIncluding = r.startIncl;
  if (r.startExcl !== undefined) e.versionStartExcluding = r.startExcl;
  if (r.endIncl !== undefined) e.versionEndIncluding = r.endIncl;
  if (r.endExcl !== undefined) e.versionEndExcluding = r.endExcl;
  return e;
}

/**
 * The outcomes of a "simple" CVE (every configuration one OR node of vulnerable entries), straight from its index
 * rows in the products that hold it: what evaluateConfigurations gives for those configurations, without
 * rebuilding them. Entries naming other products are left out, and a row is judged only against the asset CPEs
 * that look its product up: anything else could only evaluate to "no". Equal criteria are judged once per asset
 * CPE, so a product's thousands of rows cost as many verdicts as it has distinct criteria. Undefined when the
 * rows cannot stand in for the configurations (not simple, or imported before 0105).
 */
function simpleOutcomes(cve: string, held: readonly ProductEntries[], lookers: ReadonlyMap<ProductEntries, readonly number[]>, cpes: readonly AssetCpe[], memo: VerdictMemo): ConfigOutcome[] | undefined {
  const byCfg: [ProductEntries, number][][] = [];
  for (const pe of held)
    for (const row of pe.byCve.get(cve)!) {
      if (!pe.simple[row] || pe.cfg[row]! < 0 || !pe.entries[pe.sig[row]!]) return undefined;
      (byCfg[pe.cfg[row]!] ??= []).push([pe, row]);
    }
  const out: ConfigOutcome[] = [];
  byCfg.forEach((refs, configIndex) => {
    // v[i][k]: row i against the k-th asset CPE looking up its product.
    const v = refs.map(([pe, row]) => {
      let perCpe = memo.get(pe);
      if (!perCpe) memo.set(pe, (perCpe = lookers.get(pe)!.map(() => [])));
      const s = pe.sig[row]!;
      return lookers.get(pe)!.map((j, k) => (perCpe[k]![s] ??= evaluateEntry(pe.entries[s]!, cpes[j]!)));
    });
    if (!v.some((vs) => vs.some((x) => x.state !== 'no'))) return;
    const hits: Hit[] = [];
    let value = FALSE as Tri;
    refs.forEach(([pe, row], i) => {
      const e = pe.entries[pe.sig[row]!]!;
      lookers.get(pe)!.forEach((j, k) => {
        const verdict = v[i]![k]!;
        if (verdict.state === 'no') return;
        // As evaluateConfigurations: of two ranges for one criterion in two version schemes, the one the version
        // can be ordered against decides. (Equal criteria name the same product, so k is the same CPE there.)
        if (verdict.state === 'review' && verdict.unorderable && refs.some(([p2, r2], i2) => i2 !== i && p2.entries[p2.sig[r2]!]!.criteria === e.criteria && !isUnorderable(v[i2]![k]!))) return;
        hits.push({ entry: e, target: cpes[j]!, verdict, matchId: pe.matchIds[row] || undefined });
        if (verdict.state === 'match') value = TRUE;
        else if (value === FALSE) value = UNKNOWN;
      });
    });
    if (value === TRUE) out.push({ state: 'match', hits: hits.filter((h) => h.verdict.state === 'match'), notes: [], configIndex });
    else if (value === UNKNOWN && hits.length) out.push({ state: 'review', hits, notes: [], configIndex });
  });
  return out;
}

const [FALSE, UNKNOWN, TRUE] = [0, 1, 2] as const;
type Tri = typeof FALSE | typeof UNKNOWN | typeof TRUE;
const isUnorderable = (v: Verdict): boolean => v.state === 'review' && v.unorderable === true;

/**
 * Positions of the configurations that hold a vulnerable entry naming one of the asset's products (from the index
 * rows of the products holding the CVE). Undefined when rows imported before 0105 cannot say.
 */
function positions(cve: string, held: readonly ProductEntries[]): number[] | undefined {
  const at = new Set<number>();
  for (const pe of held)
    for (const row of pe.byCve.get(cve)!) {
      if (pe.cfg[row]! < 0 || !pe.entries[pe.sig[row]!]) return undefined;
      at.add(pe.cfg[row]!);
    }
  return at.size ? [...at].sort((a, b) => a - b) : undefined;
}

/** The matches of each component of the group, in order (one pass: an SBOM asset has thousands of components). */
function byComponent(group: readonly Component[], ms: readonly Match[]): Match[][] {
  const of = new Map<string, Match[]>(group.map((c) => [c.id, []]));
  for (const m of ms) of.get(m.component.id)!.push(m);
  return group.map((c) => of.get(c.id)!);
}

const rankConf = (c: Confidence | 'review'): number => (c === 'review' ? 0 : c === 'low' ? 1 : c === 'medium' ? 2 : 3);
export const strongest = (a: Confidence | 'review', b: Confidence | 'review'): Confidence | 'review' => (rankConf(a) >= rankConf(b) ? a : b);
export { weaker };
