/**
 * Evaluates NVD applicability statements (`configurations`) against the CPEs of one asset. Configurations are
 * OR-ed; a configuration ANDs or ORs its nodes; a node ORs (or ANDs) its cpeMatch entries and may be negated.
 * A cpeMatch holds when an asset CPE is covered by its criteria (NISTIR 7696) and its version lies inside every
 * bound given. Only `vulnerable:true` entries produce findings; `vulnerable:false` entries are the platform or
 * hardware the vulnerable part must run on. Logic is three-valued: when a version cannot be ordered, or the
 * asset's platform is not known, the answer is "review" — never a silent match or miss.
 */
import { compareVersions, splitDistributionBuild } from '../version/compare.js';
import { aliasNames } from './aliases.js';
import { compareAttribute, formatCpe, textOf, tryParseCpe, type Cpe, type CpeValue } from './cpe.js';

export interface CpeMatchEntry {
  readonly vulnerable: boolean;
  readonly criteria: string;
  readonly matchCriteriaId?: string;
  readonly versionStartIncluding?: string;
  readonly versionStartExcluding?: string;
  readonly versionEndIncluding?: string;
  readonly versionEndExcluding?: string;
}
export interface ConfigNode {
  readonly operator: 'AND' | 'OR';
  readonly negate?: boolean;
  readonly cpeMatch: readonly CpeMatchEntry[];
}
export interface Configuration {
  readonly operator?: 'AND' | 'OR';
  readonly negate?: boolean;
  readonly nodes: readonly ConfigNode[];
}

export type Confidence = 'high' | 'medium' | 'low';
const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };
export const weaker = (a: Confidence, b: Confidence): Confidence => (RANK[a] <= RANK[b] ? a : b);

/** One CPE the asset is known by, with the spellings (aliases) we also try for it. */
export interface AssetCpe {
  readonly componentId: string;
  readonly cpe: string; // as searched
  readonly parsed: Cpe;
  readonly version?: string; // upstream version used for ranges (version + patch-like update: 9.2 + p1)
  readonly build?: string; // distribution build, when the version carried one
  readonly variants: readonly { parsed: Cpe; via?: string }[];
  readonly names: ReadonlySet<string>; // 'vendor:product' of every variant, for the fast reject
}

/** `derived`: why a CPE no source gave stands for the component (named-cpes.ts); its matches say so, as an alias's. */
export function assetCpe(componentId: string, cpe: string, versionHint?: string, derived?: string): AssetCpe | undefined {
  const parsed = tryParseCpe(cpe);
  if (!parsed) return undefined;
  const vendor = textOf(parsed[1]!);
  const product = textOf(parsed[2]!);
  if (!textOf(parsed[0]!) || !vendor || !product) return undefined;
  let version = textOf(parsed[3]!) ?? (parsed[3]!.kind === 'any' ? versionHint : undefined);
  const update = textOf(parsed[4]!);
  // OpenSSH/NTP style: NVD writes 9.2p1 as version 9.2 update p1, but ranges as "9.3p2". Compare the whole.
  if (version && update && /^(p|patch|sp|update|u)?\d+$|^[a-z]$/.test(update)) version += update;
  let build: string | undefined;
  if (version) {
    const split = splitDistributionBuild(version);
    version = split.upstream;
    build = split.build;
  }
  const variants = aliasNames(vendor, product).map((n) => ({
    parsed: n.via ? parsed.map((v, i) => (i === 1 ? val(n.vendor) : i === 2 ? val(n.product) : v)) : parsed,
    via: derived && n.via ? `${derived}; ${n.via}` : derived ?? n.via,
  }));
  const names = new Set(variants.map((v) => `${textOf(v.parsed[1]!)}:${textOf(v.parsed[2]!)}`));
  return { componentId, cpe, parsed, version, build, variants, names };
}

const val = (text: string): CpeValue => ({ kind: 'value', text, pre: '', post: '' });

export type Verdict =
  | { readonly state: 'match'; readonly confidence: Confidence; readonly notes: readonly string[] }
  | { readonly state: 'review'; readonly notes: readonly string[]; readonly unorderable?: boolean }
  | { readonly state: 'no' };

const NO: Verdict = { state: 'no' };

export interface EntryHit {
  readonly entry: CpeMatchEntry;
  readonly target: AssetCpe;
  readonly verdict: Exclude<Verdict, { state: 'no' }>;
}

const BOUNDS = [
  ['versionStartIncluding', (o: number) => o >= 0, '>='],
  ['versionStartExcluding', (o: number) => o > 0, '>'],
  ['versionEndIncluding', (o: number) => o <= 0, '<='],
  ['versionEndExcluding', (o: number) => o < 0, '<'],
] as const;

/** `>= 3.0, < 3.6.7`; kept on the (cached, internal) entry: every match and its notes quote it. */
export function rangeText(e: CpeMatchEntry): string {
  const o = e as { [RANGE]?: string };
  return (o[RANGE] ??= BOUNDS.filter(([k]) => e[k] !== undefined).map(([k, , op]) => `${op} ${e[k]}`).join(', '));
}
const RANGE = Symbol('rangeText');

const parsedCriteria = new Map<string, Cpe | null>();
function criteriaOf(e: CpeMatchEntry): Cpe | undefined {
  let c = parsedCriteria.get(e.criteria);
  if (c === undefined) {
    c = tryParseCpe(e.criteria) ?? null;
    if (parsedCriteria.size > 200_000) parsedCriteria.clear();
    parsedCriteria.set(e.criteria, c);
  }
  return c ?? undefined;
}

/**
 * `vendor:product` of a criteria string read straight from the text, or undefined when it has escapes or
 * wildcards there. Big configurations (65 for CVE-2019-0708) name many products; most entries are rejected
 * here without parsing the criterion.
 */
/**
 * Decoded configurations are cached and evaluated for many assets: the quick name of an entry and the CPE kinds
 * a platform node needs are computed once and kept on the (internal) objects under a symbol.
 */
const QUICK = Symbol('quickName');
const KINDS = Symbol('platformKinds');
function entryName(e: CpeMatchEntry): string | undefined {
  const o = e as { [QUICK]?: string | null };
  let q = o[QUICK];
  if (q === undefined) o[QUICK] = q = quickName(e.criteria) ?? null;
  return q ?? undefined;
}
function platformKinds(node: ConfigNode): ReadonlySet<string | undefined> {
  const o = node as { [KINDS]?: Set<string | undefined> };
  return (o[KINDS] ??= new Set(node.cpeMatch.map((e) => e.criteria.split(':')[2])));
}
export function quickName(criteria: string): string | undefined {
  const a = criteria.indexOf(':', 8);
  const b = a < 0 ? -1 : criteria.indexOf(':', a + 1);
  const c = b < 0 ? -1 : criteria.indexOf(':', b + 1);
  if (c < 0) return undefined;
  const name = criteria.slice(a + 1, c);
  return /[\\*?]/.test(name) ? undefined : name.toLowerCase();
}

/**
 * The positions of the asset CPEs an entry can concern, in order: those known by the product it names (any
 * spelling), or all of them when its name has wildcards or escapes. The others answer "no" without being asked,
 * so an SBOM of a thousand components does not cost a thousand evaluations per entry.
 */
function targetsOf(e: CpeMatchEntry, asset: readonly AssetCpe[]): readonly number[] {
  let known = BY_NAME.get(asset);
  if (!known) {
    known = { all: asset.map((_, j) => j), byName: new Map() };
    for (const [j, t] of asset.entries())
      for (const n of t.names) {
        const l = known.byName.get(n);
        if (!l) known.byName.set(n, [j]);
        else l.push(j);
      }
    BY_NAME.set(asset, known);
  }
  const quick = entryName(e);
  return quick === undefined ? known.all : known.byName.get(quick) ?? NONE;
}
const BY_NAME = new WeakMap<readonly AssetCpe[], { all: readonly number[]; byName: Map<string, number[]> }>();
const NONE: readonly number[] = [];

/** One cpeMatch entry against one asset CPE (trying its alias spellings). */
export function evaluateEntry(e: CpeMatchEntry, t: AssetCpe): Verdict {
  const quick = entryName(e);
  if (quick !== undefined && !t.names.has(quick)) return NO;
  const crit = criteriaOf(e);
  if (!crit) return { state: 'review', notes: [`criteria ${e.criteria} is not a valid CPE name`] };
  let best: Verdict = NO;
  for (const variant of t.variants) {
    const v = evaluateName(e, crit, variant.parsed, t);
    if (v.state === 'no') continue;
    const withAlias: Verdict = variant.via
      ? v.state === 'match'
        ? { state: 'match', confidence: weaker(v.confidence, 'medium'), notes: [...v.notes, variant.via] }
        : { state: 'review', notes: [...v.notes, variant.via] }
      : v;
    if (withAlias.state === 'match') return withAlias;
    best = withAlias;
  }
  return best;
}

function evaluateName(e: CpeMatchEntry, crit: Cpe, target: Cpe, t: AssetCpe): Verdict {
  const notes: string[] = [];
  for (let i = 0; i < 11; i++) {
    if (i === 3) continue;
    const r = compareAttribute(crit[i]!, target[i]!);
    if (r === 'disjoint') return NO;
    if (r === 'subset') {
      if (i <= 2) return NO;
      // The criteria names an update/edition/platform the asset CPE leaves open: we cannot tell.
      notes.push(`asset CPE does not say its ${['', '', '', '', 'update', 'edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other'][i]} (criteria: ${textOf(crit[i]!) ?? 'NA'})`);
    }
  }
  if (notes.length) return { state: 'review', notes };
  const cv = crit[3]!;
  const hasBounds = BOUNDS.some(([k]) => e[k] !== undefined);
  const backport = t.build ? [`distribution build ${t.build}: fixes may be backported, check the distribution's advisory`] : [];
  const conf: Confidence = t.build ? 'medium' : 'high';
  const assetVersion = target[3]!;
  if (hasBounds) {
    if (!t.version) return { state: 'review', notes: [`asset version unknown; affected range ${rangeText(e)}`] };
    // A bound the version definitely violates decides "no", even if another bound cannot be ordered.
    let unorderable: string | undefined;
    for (const [k, ok] of BOUNDS) {
      const bound = e[k];
      if (bound === undefined) continue;
      const o = compareVersions(t.version, bound);
      if (o === undefined) unorderable ??= bound;
      else if (!ok(o)) return NO;
    }
    if (unorderable !== undefined) return { state: 'review', notes: [`cannot order version ${t.version} against ${unorderable}`], unorderable: true };
    return { state: 'match', confidence: conf, notes: [`version ${t.version} in range ${rangeText(e)}`, ...backport] };
  }
  if (cv.kind === 'any') return { state: 'match', confidence: weaker(conf, 'medium'), notes: ['criteria covers all versions', ...backport] };
  if (cv.kind === 'na') {
    if (assetVersion.kind === 'na') return { state: 'match', confidence: 'high', notes: [] };
    // NVD uses "-" loosely for "unknown or all versions" (NVD e-mail quoted in cve-bin-tool #5).
    return { state: 'match', confidence: 'low', notes: ['criteria version is "-" (unbounded): every version assumed affected', ...backport] };
  }
  if (!t.version) return { state: 'review', notes: [`asset version unknown; criteria names version ${formatCpe(crit).split(':')[5]}`] };
  if (cv.pre || cv.post) {
    return compareAttribute(cv, val(t.version)) === 'superset'
      ? { state: 'match', confidence: conf, notes: [`version ${t.version} matches pattern`, ...backport] }
      : NO;
  }
  if (cv.text === t.version.toLowerCase() || compareVersions(t.version, cv.text) === 0)
    return { state: 'match', confidence: conf, notes: [`version ${t.version} listed exactly`, ...backport] };
  return NO;
}

type Tri = 'true' | 'false' | 'unknown';
const and = (xs: Tri[]): Tri => (xs.includes('false') ? 'false' : xs.includes('unknown') ? 'unknown' : 'true');
const or = (xs: Tri[]): Tri => (xs.includes('true') ? 'true' : xs.includes('unknown') ? 'unknown' : 'false');
const neg = (x: Tri, n?: boolean): Tri => (!n || x === 'unknown' ? x : x === 'true' ? 'false' : 'true');

export interface ConfigOutcome {
  readonly state: 'match' | 'review' | 'no';
  readonly hits: readonly EntryHit[]; // vulnerable entries that matched (or need review), with their asset CPE
  readonly notes: readonly string[];
  readonly configIndex: number;
}

/**
 * Evaluates all configurations of one CVE over the asset's CPEs. Returns per configuration that holds (or
 * might) the vulnerable hits; the caller attributes them to components. The array may have holes (configurations
 * the caller knows cannot concern the asset): positions stay those of the CVE's array.
 */
export function evaluateConfigurations(configs: readonly Configuration[], asset: readonly AssetCpe[]): ConfigOutcome[] {
  let parts: Set<string | undefined> | undefined; // the kinds of CPE the asset has, needed only for platform nodes
  const out: ConfigOutcome[] = [];
  configs.forEach((cfg, configIndex) => {
    // A configuration yields an outcome only through its vulnerable entries: when none of them concerns this
    // asset, the rest of the tree cannot change the answer and is not evaluated.
    if (!cfg.nodes.some((node) => node.cpeMatch.some((e) => e.vulnerable && targetsOf(e, asset).some((j) => evaluateEntry(e, asset[j]!).state !== 'no')))) return;
    const hits: EntryHit[] = [];
    const notes: string[] = [];
    const nodeValues = cfg.nodes.map((node) => {
      // verdicts[i][k]: entry i against its k-th candidate CPE (equal criteria have the same candidates).
      const targets = node.cpeMatch.map((e) => targetsOf(e, asset));
      const verdicts = node.cpeMatch.map((e, i) => targets[i]!.map((j) => evaluateEntry(e, asset[j]!)));
      const values: Tri[] = node.cpeMatch.map((e, i) => {
        let state: Tri = 'false';
        for (const [k, j] of targets[i]!.entries()) {
          const v = verdicts[i]![k]!;
          if (v.state === 'no') continue;
          // Two ranges for one product in two version schemes (2.5–3.11 and 2018-1–2021-1, CVE-2021-32966): the
          // range the version can be ordered against decides; the other scheme's range says nothing about it.
          if (v.state === 'review' && v.unorderable && node.cpeMatch.some((o, i2) => i2 !== i && o.criteria === e.criteria
            && !(verdicts[i2]![k]!.state === 'review' && (verdicts[i2]![k] as { unorderable?: boolean }).unorderable))) continue;
          if (e.vulnerable) hits.push({ entry: e, target: asset[j]!, verdict: v });
          if (v.state === 'match') state = 'true';
          else if (state === 'false') {
            state = 'unknown';
            if (!e.vulnerable) notes.push(...v.notes);
          }
        }
        return state;
      });
      let value = neg(node.operator === 'AND' ? and(values) : or(values), node.negate);
      // A platform node (only vulnerable:false entries) fails because the asset has no CPE of that kind at all:
      // the hardware model or OS is simply not known, which is not the same as "known to be something else".
      if (value === 'false' && !node.negate && node.cpeMatch.length > 0 && node.cpeMatch.every((e) => !e.vulnerable)) {
        const needed = platformKinds(node);
        parts ??= new Set(asset.map((a) => textOf(a.parsed[0]!)));
        if ([...needed].every((p) => !parts!.has(p))) {
          value = 'unknown';
          notes.push(`requires ${node.cpeMatch.length === 1 ? node.cpeMatch[0]!.criteria : `one of ${node.cpeMatch.length} platforms (e.g. ${node.cpeMatch[0]!.criteria})`}, not known for this asset`);
        }
      }
      return value;
    });
    let value: Tri = cfg.operator === 'AND' ? and(nodeValues) : or(nodeValues);
    value = neg(value, cfg.negate);
    const matched = hits.filter((h) => h.verdict.state === 'match');
    if (value === 'true' && matched.length) out.push({ state: 'match', hits: matched, notes, configIndex });
    else if ((value === 'true' || value === 'unknown') && hits.length) out.push({ state: 'review', hits, notes, configIndex });
  });
  return out;
}
