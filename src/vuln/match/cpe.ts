/**
 * CPE 2.3 names (NISTIR 7695) and name matching (NISTIR 7696). Parses the formatted-string binding
 * (`cpe:2.3:a:offis:dcmtk:3.6.7:*:*:*:*:*:*:*`, splitting only on unescaped colons) and the older URI binding
 * (`cpe:/a:gnu:libidn2:2.3.8`, percent-encoded, `~`-packed edition) into one well-formed name, formats it back,
 * and compares a match criterion (source) with an asset name (target) attribute by attribute: ANY `*`, NA `-`,
 * values case-insensitively, unquoted `*`/`?` wildcards only at a value's ends.
 */
import { AppError } from '../../core/errors.js';

export const CPE_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language',
  'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

/** One attribute: ANY, NA, or a literal value (unescaped, lower-case) possibly with wildcards at its ends. */
export type CpeValue =
  | { readonly kind: 'any' }
  | { readonly kind: 'na' }
  | { readonly kind: 'value'; readonly text: string; readonly pre: string; readonly post: string };

export type Cpe = readonly CpeValue[]; // always 11 attributes, in CPE_ATTRIBUTES order

export type Relation = 'equal' | 'superset' | 'subset' | 'disjoint';

const ANY: CpeValue = { kind: 'any' };
const NA: CpeValue = { kind: 'na' };

function bad(input: string, why: string): AppError {
  return new AppError('ERR_CPE_PARSE', `not a CPE name: ${JSON.stringify(input.slice(0, 200))} (${why})`);
}

/** Reads one formatted-string value: backslash quotes a character, unquoted `*`/`?` are wildcards at the ends. */
function fsValue(raw: string, input: string): CpeValue {
  if (raw === '*') return ANY;
  if (raw === '-') return NA;
  if (raw === '') throw bad(input, 'empty attribute');
  let i = 0;
  let pre = '';
  while (i < raw.length && (raw[i] === '*' || raw[i] === '?')) pre += raw[i++];
  let text = '';
  let post = '';
  for (; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      if (i + 1 >= raw.length) throw bad(input, 'dangling backslash');
      if (post) throw bad(input, 'wildcard inside a value');
      text += raw[++i]!;
    } else if (c === '*' || c === '?') {
      post += c;
    } else {
      if (post) throw bad(input, 'wildcard inside a value');
      if (!/[A-Za-z0-9._\-]/.test(c)) throw bad(input, `unquoted ${JSON.stringify(c)}`);
      text += c;
    }
  }
  if (text === '' && pre === '' && post === '') throw bad(input, 'empty attribute');
  return { kind: 'value', text: text.toLowerCase(), pre, post };
}

function splitUnescaped(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i]!;
    } else if (c === ':') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function uriValue(raw: string, input: string): CpeValue {
  if (raw === '') return ANY;
  if (raw === '-') return NA;
  let text = '';
  let pre = '';
  let post = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw bad(input, 'bad percent-encoding');
      i += 2;
      const code = parseInt(hex, 16);
      // %01 is the single-character wildcard, %02 the multi-character one (NISTIR 7695 §6.1.3.3).
      if (code === 1 || code === 2) {
        const w = code === 1 ? '?' : '*';
        if (text === '') pre += w;
        else post += w;
        continue;
      }
      if (post) throw bad(input, 'wildcard inside a value');
      text += String.fromCharCode(code);
    } else {
      if (post) throw bad(input, 'wildcard inside a value');
      if (!/[A-Za-z0-9._\-~]/.test(c)) throw bad(input, `unencoded ${JSON.stringify(c)}`);
      text += c;
    }
  }
  return text === '' && pre === '' && post === '' ? ANY : { kind: 'value', text: text.toLowerCase(), pre, post };
}

/** Parses a CPE 2.3 formatted string or a CPE 2.2 URI. Throws ERR_CPE_PARSE naming what is wrong. */
export function parseCpe(input: string): Cpe {
  const s = input.trim();
  if (s.startsWith('cpe:2.3:')) {
    const parts = splitUnescaped(s.slice(8));
    if (parts.length !== 11) throw bad(input, `${parts.length} attributes instead of 11`);
    const cpe = parts.map((p) => fsValue(p, input));
    const part = cpe[0]!;
    if (part.kind === 'value' && !/^[aho]$/.test(part.text)) throw bad(input, 'part must be a, o or h');
    return cpe;
  }
  if (/^cpe:\/[aho]?/i.test(s)) {
    const parts = s.slice(5).split(':');
    if (parts.length > 7) throw bad(input, 'more than 7 URI components');
    const v = parts.map((p) => p);
    while (v.length < 7) v.push('');
    const [part, vendor, product, version, update, edition, language] = v as [string, string, string, string, string, string, string];
    const base = [part, vendor, product, version, update].map((p) => uriValue(p, input));
    let ext: CpeValue[] = [uriValue(edition, input), ANY, ANY, ANY, ANY];
    // A packed edition `~ed~sw_ed~target_sw~target_hw~other` carries the five 2.3-only attributes.
    if (edition.startsWith('~')) {
      const packed = edition.split('~');
      if (packed.length !== 6) throw bad(input, 'packed edition needs 5 parts');
      const [, ed, swEd, tSw, tHw, other] = packed as [string, string, string, string, string, string];
      ext = [uriValue(ed, input), uriValue(swEd, input), uriValue(tSw, input), uriValue(tHw, input), uriValue(other, input)];
    }
    const [ed, swEd, tSw, tHw, other] = ext as [CpeValue, CpeValue, CpeValue, CpeValue, CpeValue];
    return [...base, ed, uriValue(language, input), swEd, tSw, tHw, other];
  }
  throw bad(input, 'must start with cpe:2.3: or cpe:/');
}

export function tryParseCpe(input: string): Cpe | undefined {
  try {
    return parseCpe(input);
  } catch {
    return undefined;
  }
}

/**
 * The vendor and product a CPE name gives as plain values (lower-case), undefined when it gives none. Kept per name:
 * a fleet's matches and components repeat the same few thousand.
 */
export function vendorProduct(cpe: string): readonly [vendor: string, product: string] | undefined {
  let got = vendorProducts.get(cpe);
  if (got === undefined) {
    const p = tryParseCpe(cpe);
    const [v, n] = p ? [textOf(p[1]!), textOf(p[2]!)] : [];
    if (vendorProducts.size >= 100_000) vendorProducts.clear();
    vendorProducts.set(cpe, (got = v && n ? [v, n] : null));
  }
  return got ?? undefined;
}
const vendorProducts = new Map<string, readonly [string, string] | null>();

const quote = (text: string): string => text.replace(/[^A-Za-z0-9._\-]/g, (c) => `\\${c}`);

/** Formats a name as a CPE 2.3 formatted string (lower-case, escaped per NISTIR 7695 §6.2). */
export function formatCpe(cpe: Cpe): string {
  return `cpe:2.3:${cpe.map((v) => (v.kind === 'any' ? '*' : v.kind === 'na' ? '-' : v.pre + quote(v.text) + v.post)).join(':')}`;
}

export const attr = (cpe: Cpe, name: (typeof CPE_ATTRIBUTES)[number]): CpeValue => cpe[CPE_ATTRIBUTES.indexOf(name)]!;
export const textOf = (v: CpeValue): string | undefined => (v.kind === 'value' && !v.pre && !v.post ? v.text : undefined);

function wildcardMatches(src: Extract<CpeValue, { kind: 'value' }>, target: string): boolean {
  if (!src.pre && !src.post) return src.text === target;
  const esc = (w: string) => w.replace(/\*/g, '.*').replace(/\?/g, '.');
  const body = src.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(src.pre)}${body}${esc(src.post)}$`, 's').test(target);
}

/** The NISTIR 7696 relation of one source attribute to one target attribute. */
export function compareAttribute(source: CpeValue, target: CpeValue): Relation {
  if (source.kind === 'any') return target.kind === 'any' ? 'equal' : 'superset';
  if (target.kind === 'any') return 'subset';
  if (source.kind === 'na') return target.kind === 'na' ? 'equal' : 'disjoint';
  if (target.kind === 'na') return 'disjoint';
  if (target.pre || target.post) return 'disjoint'; // a target with wildcards is not a name of one thing
  if (!source.pre && !source.post) return source.text === target.text ? 'equal' : 'disjoint';
  return wildcardMatches(source, target.text) ? 'superset' : 'disjoint';
}

/** The name-level relation: disjoint if any attribute is; equal/superset/subset when all agree; else undefined. */
export function compareCpe(source: Cpe, target: Cpe): Relation | undefined {
  let sup = true;
  let sub = true;
  let eq = true;
  for (let i = 0; i < 11; i++) {
    const r = compareAttribute(source[i]!, target[i]!);
    if (r === 'disjoint') return 'disjoint';
    if (r !== 'equal') eq = false;
    if (r === 'subset') sup = false;
    if (r === 'superset') sub = false;
  }
  return eq ? 'equal' : sup ? 'superset' : sub ? 'subset' : undefined;
}

/**
 * True when the criterion covers the asset name (source ⊇ target). The asset's part, vendor and product must be
 * concrete values: an asset CPE with ANY there would match every criterion of every vendor (Dependency-Track #3178).
 */
export function cpeCovers(criteria: Cpe, asset: Cpe): boolean {
  if (!isConcreteIdentity(asset)) return false;
  const r = compareCpe(criteria, asset);
  return r === 'equal' || r === 'superset';
}

export function isConcreteIdentity(cpe: Cpe): boolean {
  return [0, 1, 2].every((i) => textOf(cpe[i]!) !== undefined);
}
