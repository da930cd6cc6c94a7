/**
 * Matches components against NVD configurations. Candidate CVEs come from the (vendor, product) index — every
 * spelling in the alias table is looked up — pre-filtered by version (index-entry.ts), and each surviving
 * candidate's configurations are then evaluated over all CPEs of the component's asset, so "firmware on hardware"
 * and "application on OS" hold only together. Only the configurations with a vulnerable entry naming one of the
 * asset's products are read (the index rows say which): the others cannot yield an outcome for it. Identical
 * assets (same CPEs) are evaluated once.
 * `naive` evaluates every CVE instead of the candidates: same evaluator, used to prove the index loses nothing.
 */
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import type { Component } from '../component.js';
import type { Match } from './match.js';
import { assetCpe, evaluateConfigurations, rangeText, weaker, type AssetCpe, type Configuration, type Confidence, type CpeMatchEntry } from './nvd-config.js';
import { textOf } from './cpe.js';
import { addCandidates, groupEntries, type EntryGroups, type IndexEntry } from './index-entry.js';

export class NvdMatcher {
  private readonly configs = new Map<string, Configuration[] | null>();
  private readonly parts = new Map<string, Configuration | null>(); // 'id position' → one configuration
  private wildcard?: ReadonlySet<string>;
  private all?: [string, Configuration[]][];
  private readonly entries = new Map<string, ProductEntries>();
  private entryCount = 0;
  private readonly memo = new Map<string, Match[][]>();

  private productEntries(vendor: string, product: string): ProductEntries {
    const k = `${vendor}\u0000${product}`;
    let e = this.entries.get(k);
    if (!e) {
      const list = this.store.entries(vendor, product);
      const byCve = new Map<string, IndexEntry[]>();
      for (const x of list) {
        const g = byCve.get(x.cve);
        if (g) g.push(x);
        else byCve.set(x.cve, [x]);
      }
      e = { list, byCve, rebuilt: new Map() };
      // Keep the hot products in memory, but never more than a few million entries.
      if (this.entryCount + list.length > 4_000_000) {
        this.entries.clear();
        this.entryCount = 0;
      }
      this.entries.set(k, e);
      this.entryCount += list.length;
    }
    return e;
  }

  /** Identical assets (a fleet of one modality model) give identical results: evaluate each CPE set once. */
  match(group: readonly Component[], opts: { naive?: boolean } = {}): Match[] {
    if (opts.naive) return this.evaluate(group, true);
    const key = group.map((c) => `${c.version ?? ''}\u0001${c.cpes.join('\u0001')}`).join('\u0000');
    let per = this.memo.get(key);
    if (!per) {
      // In CVE order once here, so ordering the same results for every component of a fleet is a linear pass.
      const ms = this.evaluate(group, false).sort((a, b) => (a.cve < b.cve ? -1 : a.cve > b.cve ? 1 : 0));
      // Stored as evaluated; split only when the asset has several components.
      per = group.length === 1 ? [ms] : group.map((c) => ms.filter((m) => m.component.id === c.id));
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
  constructor(private readonly store: VulnStore) {}

  private configurations(id: string): Configuration[] | undefined {
    let c = this.configs.get(id);
    if (c === undefined) {
      c = this.store.configurations(id) ?? null;
      if (this.configs.size > 200_000) this.configs.clear();
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

  private evaluate(group: readonly Component[], naive: boolean): Match[] {
    const cpes: AssetCpe[] = [];
    const byId = new Map(group.map((c) => [c.id, { id: c.id, name: c.name, version: c.version }]));
    for (const c of group)
      for (const s of c.cpes) {
        const a = assetCpe(c.id, s, c.version);
        if (a) cpes.push(a);
      }
    if (!cpes.length) return [];
    let candidates: Iterable<[string, Configuration[]]>;
    if (naive) {
      // The baseline gets every configuration parsed in memory once: a fair linear scan, not a JSON-parsing one.
      candidates = this.all ??= [...this.store.allConfigurations()].map((r) => [r.id, r.configurations] as [string, Configuration[]]);
    } else {
      const ids = new Set<string>();
      const fetched = new Set<ProductEntries>();
      for (const a of cpes)
        for (const v of a.variants) {
          const pe = this.productEntries(textOf(v.parsed[1]!)!, textOf(v.parsed[2]!)!);
          fetched.add(pe);
          addCandidates((pe.groups ??= groupEntries(pe.list)), a, ids);
        }
      const wildcard = (this.wildcard ??= new Set(this.store.wildcardCandidates()));
      for (const id of wildcard) ids.add(id);
      const list: [string, Configuration[] | readonly number[] | undefined][] = [];
      const missing: string[] = [];
      const missingParts: [string, number][] = [];
      for (const id of ids) {
        const c = wildcard.has(id) ? undefined : rebuilt(id, fetched) ?? positions(id, fetched);
        list.push([id, c]);
        if (!c && !this.configs.has(id)) missing.push(id);
        else if (c && !isConfigs(c)) for (const i of c) if (!this.parts.has(`${id} ${i}`)) missingParts.push([id, i]);
      }
      // Configurations the index rows cannot stand in for are read in one query, not one per CVE.
      if (missing.length) {
        if (this.configs.size + missing.length > 200_000) this.configs.clear();
        const got = this.store.configurationsOf(missing);
        for (const id of missing) this.configs.set(id, got.get(id) ?? null);
      }
      if (missingParts.length) {
        if (this.parts.size + missingParts.length > 200_000) this.parts.clear();
        const got = this.store.someConfigurations(missingParts);
        for (const [id, i] of missingParts) this.parts.set(`${id} ${i}`, got.get(`${id} ${i}`) ?? null);
      }
      candidates = (function* (self) {
        for (const [id, c] of list) {
          const configs = c === undefined ? self.configurations(id) : isConfigs(c) ? c : self.someOf(id, c);
          if (configs) yield [id, configs] as [string, Configuration[]];
        }
      })(this);
    }
    const out = new Map<string, Match>();
    for (const [cve, configs] of candidates) {
      for (const o of evaluateConfigurations(configs, cpes)) {
        for (const h of o.hits) {
          const comp = byId.get(h.target.componentId)!;
          const key = group.length === 1 ? cve : `${comp.id}\u0000${cve}`;
          const conf: Confidence | 'review' = o.state === 'match' && h.verdict.state === 'match' ? h.verdict.confidence : 'review';
          const evidence = {
            searched: h.target.cpe,
            matched: h.entry.criteria,
            range: rangeText(h.entry) || undefined,
            matchCriteriaId: h.entry.matchCriteriaId,
            configuration: o.configIndex,
            notes: o.notes.length ? [...h.verdict.notes, ...o.notes] : h.verdict.notes,
          };
          const prev = out.get(key);
          if (!prev) {
            out.set(key, { component: comp, cve, source: 'nvd', confidence: conf, evidence: [evidence] });
          } else {
            const better = rankConf(conf) > rankConf(prev.confidence);
            out.set(key, { component: prev.component, cve, source: 'nvd', confidence: better ? conf : prev.confidence, evidence: better ? [evidence, ...prev.evidence] : [...prev.evidence, evidence] });
          }
        }
      }
    }
    return [...out.values()];
  }
}

interface ProductEntries {
  readonly list: readonly IndexEntry[];
  groups?: EntryGroups; // made on first use
  readonly byCve: ReadonlyMap<string, readonly IndexEntry[]>;
  /** Simple CVEs rebuilt from this product's rows alone, kept: most assets name one product. */
  readonly rebuilt: Map<string, Configuration[] | null>;
}

function rebuilt(cve: string, fetched: ReadonlySet<ProductEntries>): Configuration[] | undefined {
  if (fetched.size !== 1) return fromRows(cve, fetched);
  const pe = fetched.values().next().value!;
  let c = pe.rebuilt.get(cve);
  if (c === undefined) pe.rebuilt.set(cve, (c = fromRows(cve, fetched) ?? null));
  return c ?? undefined;
}

const isConfigs = (c: Configuration[] | readonly number[]): c is Configuration[] => typeof c[0] === 'object';

/**
 * Positions of the configurations that hold a vulnerable entry naming one of the asset's products (from the index
 * rows of the products fetched). Undefined when rows imported before 0105 cannot say.
 */
function positions(cve: string, fetched: ReadonlySet<ProductEntries>): number[] | undefined {
  const at = new Set<number>();
  for (const pe of fetched)
    for (const r of pe.byCve.get(cve) ?? []) {
      if (r.cfg === undefined || r.criteria === undefined) return undefined;
      at.add(r.cfg);
    }
  return at.size ? [...at].sort((a, b) => a - b) : undefined;
}

/**
 * A "simple" CVE (every configuration one OR node of vulnerable entries) rebuilt from its index rows for the
 * products this asset has. Entries naming other products are left out: they could only evaluate to "no" here.
 * Undefined when the rows cannot stand in for the configurations (not simple, or imported before 0105).
 */
function fromRows(cve: string, fetched: ReadonlySet<ProductEntries>): Configuration[] | undefined {
  const rows: IndexEntry[] = [];
  for (const pe of fetched) rows.push(...(pe.byCve.get(cve) ?? []));
  if (!rows.length || rows.some((r) => !r.simple || r.criteria === undefined || r.cfg === undefined)) return undefined;
  const max = Math.max(...rows.map((r) => r.cfg!));
  const configs = Array.from({ length: max + 1 }, () => ({ nodes: [{ operator: 'OR' as const, cpeMatch: [] as CpeMatchEntry[] }] }));
  for (const r of rows) {
    const e: Record<string, unknown> = { vulnerable: true, criteria: r.criteria };
    if (r.matchId) e.matchCriteriaId = r.matchId;
    if (r.startIncl !== undefined) e.versionStartIncluding = r.startIncl;
    if (r.startExcl !== undefined) e.versionStartExcluding = r.startExcl;
    if (r.endIncl !== undefined) e.versionEndIncluding = r.endIncl;
    if (r.endExcl !== undefined) e.versionEndExcluding = r.endExcl;
    configs[r.cfg!]!.nodes[0]!.cpeMatch.push(e as unknown as CpeMatchEntry);
  }
  return configs;
}

const rankConf = (c: Confidence | 'review'): number => (c === 'review' ? 0 : c === 'low' ? 1 : c === 'medium' ? 2 : 3);
export const strongest = (a: Confidence | 'review', b: Confidence | 'review'): Confidence | 'review' => (rankConf(a) >= rankConf(b) ? a : b);
export { weaker };
