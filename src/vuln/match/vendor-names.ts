/**
 * The keys a company's name is looked up by when advisories name products by vendor *name* (CISA's medical CSAF
 * advisories carry no CPE). Inventories and maintenance systems spell one manufacturer several ways ("GE
 * Healthcare", "Philips Medical Systems Nederland B.V.", "Becton Dickinson"), and CISA spells it its own way per
 * advisory ("Becton, Dickinson and Company (BD)"). Both sides are reduced the same way, and a vendor matches when
 * a key is shared. The product name must match as well, so a loose vendor key costs no false match by itself.
 */

/** Letters without their accents: `Dräger` → `Drager`. */
const unaccented = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** A name folded to lowercase letters and digits: `Vue PACS` and `vue-pacs` are one name, `Dräger` is `drager`. */
export const foldName = (s: string): string =>
  unaccented(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** German umlauts as written without them: `Dräger` is also `Draeger`. */
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' };

/** Legal forms, and the words a medical company's trading name adds to its own (only taken off the end). */
const TRAILING = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'nv',
  'bv',
  'kg',
  'se',
  'spa',
  'oy',
  'ab',
  'kk',
  'and',
  'medical',
  'systems',
  'system',
  'healthcare',
  'health',
  'healthineers',
  'solutions',
  'technology',
  'technologies',
  'laboratories',
  'labs',
  'diagnostics',
  'international',
  'group',
  'holdings',
  'usa',
  'us',
  'nederland',
  'deutschland',
]);

/**
 * `Becton, Dickinson and Company (BD)` → `bectondickinsonandcompanybd`, `bd`, `bectondickinsonandcompany`,
 * `bectondickinson`; `GE Healthcare` → `gehealthcare`, `ge`; `Philips Medical Systems Nederland B.V.` →
 * `philipsmedicalsystemsnederlandbv`, `philips`.
 */
export function vendorKeys(name: string): readonly string[] {
  // A fleet and its advisories name the same few companies over and over.
  let keys = memo.get(name);
  if (!keys) {
    if (memo.size >= 10_000) memo.clear();
    memo.set(name, (keys = keysOf(name)));
  }
  return keys;
}
const memo = new Map<string, readonly string[]>();

function keysOf(name: string): string[] {
  const keys = new Set<string>(companyKeys(name));
  if (/[äöüßÄÖÜ]/.test(name)) for (const k of companyKeys(name.replace(/[äöüßÄÖÜ]/g, (c) => GERMAN[c]!))) keys.add(k);
  // Several companies in one name, as CISA writes joint advisories: "Hillrom and ELI, Baxter International Inc.",
  // "ENEA, Green Hills Software, ITRON, IP Infusion, and Wind River". Not when a part is only a legal form or trading
  // word: "Becton, Dickinson and Company" is one company, and so is "SOOIL Developments Co, Ltd.".
  const parts = name.length > 256 ? [] : name.split(/\s*,\s*(?:and\s+)?|\s+and\s+/i).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => wordsOf(p).some((w) => !TRAILING.has(w))))
    for (const p of parts) for (const k of companyKeys(p)) keys.add(k);
  keys.delete('');
  return [...keys];
}

/** The keys of the name as one company's (no parts of a joint name, no written-out umlauts). */
export function companyKeys(name: string): string[] {
  const keys = [foldName(name)];
  for (const [, inner] of name.matchAll(/\(([^()]*)\)/g)) {
    const k = foldName(inner!);
    if (k.length >= 2) keys.push(k);
  }
  keys.push(foldName(name.replace(/\([^()]*\)/g, ' ')), vendorCore(name));
  return keys;
}

/** The words of a company's name outside brackets, with dotted abbreviations joined (`B.V.` is `bv`). */
function wordsOf(name: string): string[] {
  return unaccented(name)
    .replace(/\([^()]*\)/g, ' ')
    .toLowerCase()
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * A product name folded, without the company's name in front where it is written there (`Philips Vue PACS` of
 * "Philips Healthcare" → `vuepacs`): one per name key that prefixes it, none when none does.
 */
export function withoutVendor(product: string, vendor: string, keys: readonly string[] = vendorKeys(vendor)): string[] {
  const p = foldName(product);
  return keys.flatMap((k) => (k.length >= 2 && p.startsWith(k) && p.length - k.length >= 2 ? [p.slice(k.length)] : []));
}

/** The company's name without brackets, legal form and trading words: `Philips Medical Systems Nederland B.V.` → `philips`. */
export function vendorCore(name: string): string {
  const words = wordsOf(name);
  while (words.length > 1 && TRAILING.has(words[words.length - 1]!)) words.pop();
  return words.join('');
}
