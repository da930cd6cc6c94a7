/**
 * Matches components against CSAF advisories. CISA's medical advisories carry no CPE or purl, so products are
 * matched by vendor and product *names* (folded to letters and digits; vendors by name keys and the alias table,
 * vendor-names.ts; a device of a product line or model list the name gives, product-family.ts) and versions by the
 * advisory's version text, a list or a range. A name match is never "high"
 * confidence; a range that does not parse, an unknown component version or an "under investigation" status goes to
 * the review queue. The advisory's remediation text comes along for the patch list.
 */
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import { foldName, vendorKeys as nameKeys, withoutVendor } from './vendor-names.js';
import type { Component } from '../component.js';
import type { CsafAdvisory, CsafProduct } from '../feeds/csaf.feed.js';
import { compareVersions } from '../version/compare.js';
import { ALIASES } from './aliases.js';
import { textOf, tryParseCpe, vendorProduct } from './cpe.js';
import type { Match } from './match.js';
import type { Confidence } from './nvd-config.js';
import { deviceName, memberOf, type DeviceName, type Membership } from './product-family.js';
import { inRange, parseVersionRange } from './version-range.js';
import { pickCvss } from '../score/cvss.js';
import type { CvssVersion } from '../feeds/nvd.feed.js';

const cvssVersionOf = (vector: string): CvssVersion => (/^CVSS:4\.0\//.test(vector) ? '4.0' : /^CVSS:3\.1\//.test(vector) ? '3.1' : /^CVSS:3\.0\//.test(vector) ? '3.0' : '2.0');

const AFFECTED = new Set(['known_affected', 'first_affected', 'last_affected']);

const ALIAS_FOLDS = ALIASES.map((a) => a.vendors.map(foldName));

/** The vendor's name keys (vendor-names.ts), and those of its other spellings in the alias table. */
function vendorKeys(vendor: string): Set<string> {
  const keys = new Set(nameKeys(vendor));
  ALIASES.forEach((a, i) => {
    if (ALIAS_FOLDS[i]!.some((v) => keys.has(v))) for (const v of a.vendors) for (const k of nameKeys(v)) keys.add(k);
  });
  return keys;
}

/** The product's names, and without the vendor's name in front ("Philips Vue PACS" of Philips is also "Vue PACS"). */
function productNames(ids: readonly { vendor: string; product: string }[]): string[] {
  return [...new Set(ids.flatMap(({ vendor, product }) => [foldName(product), ...withoutVendor(product, vendor)]))];
}

/** The names a component is known by: its own fields and the vendor/product of its CPEs. */
function identities(c: Component): { vendor: string; product: string }[] {
  const out: { vendor: string; product: string }[] = [];
  if (c.vendor) out.push({ vendor: c.vendor, product: c.name });
  for (const s of c.cpes) {
    const vp = vendorProduct(s);
    if (vp) out.push({ vendor: vp[0], product: vp[1].replace(/_firmware$/, '') });
  }
  return out;
}

/** Folded once per advisory product: a fleet asks the same advisories again and again. */
const productFolds = new WeakMap<CsafProduct, readonly string[]>();

function nameMatch(product: CsafProduct, names: readonly string[], devices: readonly DeviceName[]): 'exact' | 'contains' | Membership | undefined {
  let candidates = productFolds.get(product);
  if (!candidates) {
    candidates = [product.product, product.name].filter((x): x is string => !!x).map(foldName).filter((x) => x.length >= 2);
    productFolds.set(product, candidates);
  }
  for (const n of names) if (candidates.includes(n)) return 'exact'; // B. Braun's "AP" is a product of two letters
  // "IntelliSpace Portal" vs a component named "IntelliSpace Portal Server": only whole-name containment counts, and
  // only of names long enough to say something.
  for (const n of names) if (n.length >= 4 && candidates.some((c) => c.length >= 4 && (c.startsWith(n) || n.startsWith(c)))) return 'contains';
  // "LOGIQ E10" of "LOGIQ, not including LOGIQ 100 Pro"; "Avalon FM30" of "Avalon Fetal/Maternal Monitors FM20/FM30/…"
  const line = product.product ?? product.name;
  for (const d of devices) {
    const how = memberOf(line, d);
    if (how) return how;
  }
  return undefined;
}

function versionFromCpes(c: Component): string | undefined {
  for (const s of c.cpes) {
    const v = tryParseCpe(s)?.[3];
    const t = v && textOf(v);
    if (t) return t;
  }
  return undefined;
}

/** A product version as CISA writes several in one (`9.13 | 9.19 | 9.33 | 12.1`, `HD 16 | HD23`). */
const exactVersions = (v: string): string[] =>
  v
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

export class CsafMatcher {
  /** Advisories per folded vendor, read once: a fleet repeats the same few vendors. */
  private readonly byVendor = new Map<string, CsafAdvisory[]>();
  /** The vendors any advisory names: most components' vendors (libraries, OS packages) are not among them. */
  private filedUnder?: Set<string>;
  constructor(private readonly store: VulnStore) {}

  private advisories(vendorKey: string): readonly CsafAdvisory[] {
    if (!(this.filedUnder ??= this.store.csafVendorKeys()).has(vendorKey)) return [];
    let a = this.byVendor.get(vendorKey);
    if (!a) {
      if (this.byVendor.size > 10_000) this.byVendor.clear();
      this.byVendor.set(vendorKey, (a = this.store.csafByVendor(vendorKey)));
    }
    return a;
  }

  match(c: Component): Match[] {
    const ids = identities(c);
    if (!ids.length) return [];
    const names = productNames(ids);
    const devices = ids.map((i) => deviceName(i.product, i.vendor));
    const docs = new Map<string, CsafAdvisory>();
    const vendorFold = new Set(ids.flatMap((i) => [...vendorKeys(i.vendor)]));
    for (const k of vendorFold) for (const d of this.advisories(k)) docs.set(d.key, d);
    const out: Match[] = [];
    const version = c.version ?? versionFromCpes(c);
    for (const adv of docs.values()) {
      for (const p of adv.products) {
        if (!p.vendor || !nameKeys(p.vendor).some((k) => vendorFold.has(k))) continue;
        const how = nameMatch(p, names, devices);
        if (!how) continue;
        const notes = [`matched by name: advisory product "${p.product ?? p.name}" of vendor "${p.vendor}" (${how})`];
        let conf: Confidence | 'review' = how === 'exact' ? 'medium' : 'low';
        let range: string | undefined;
        // CISA writes ranges and lists into product_version too (`vers:all/*`, `2.3.6 and below`, `9.13 | 9.19`):
        // one equal to the component's version matches, any other is read as range text.
        const text = p.version ?? p.versionRange;
        // Outside a pinned version: which side, for statuses that speak of a release train (below).
        let side: -1 | 1 | undefined;
        if (text && !(p.version && version && exactVersions(p.version).some((v) => compareVersions(version, v) === 0 || foldName(version) === foldName(v)))) {
          const r = parseVersionRange(text);
          range = r.kind === 'constraints' && r.constraints.every((x) => x.op === '=') ? `= ${text}` : text;
          if (r.kind === 'unparsed') {
            conf = 'review';
            notes.push(`version text not understood: "${text}"`);
          } else if (r.kind !== 'all') {
            if (!version) {
              conf = 'review';
              notes.push('component version unknown');
            } else {
              const inside = inRange(version, r);
              if (inside === false) {
                const o = p.version && r.kind === 'constraints' && r.constraints.length === 1 && r.constraints[0]!.op === '=' ? compareVersions(version, r.constraints[0]!.version) : undefined;
                if (o === undefined || o === 0) continue;
                side = o < 0 ? -1 : 1;
              }
              if (inside === undefined) {
                conf = 'review';
                notes.push(`cannot order ${version} against "${text}"`);
              } else if (r.confidence !== 'high') conf = 'low';
            }
          } else notes.push('advisory says all versions');
        } else if (text) range = `= ${text}`;
        else notes.push('advisory gives no version: all versions assumed');
        for (const v of adv.vulnerabilities) {
          const status = v.status[p.productId];
          if (!status || !(AFFECTED.has(status) || status === 'under_investigation')) continue;
          // Another version than the one named: only "last_affected" (the last of its release train: earlier ones
          // are affected too) and "first_affected" (later ones too, until a fix) can reach it, and the train is not
          // named, so a person decides.
          const train = side === -1 ? status === 'last_affected' : side === 1 ? status === 'first_affected' : undefined;
          if (train === false) continue;
          const remediation = v.remediations
            .filter((r) => r.productIds.includes(p.productId))
            .map((r) => `${r.category}: ${r.details}${r.url ? ` (${r.url})` : ''}`);
          const scored = pickCvss(v.cvss.filter((x) => x.productIds.includes(p.productId)).map((x) => ({
            version: cvssVersionOf(x.vector), vector: x.vector, baseScore: x.baseScore, source: `CSAF ${adv.trackingId}`, type: 'Secondary' })));
          out.push({
            component: { id: c.id, name: c.name, version },
            cve: v.cve ?? adv.trackingId,
            source: 'csaf',
            // The advisory's own score for this product; used when NVD has none for the CVE (enrichment decides).
            ...(scored === 'unscored' ? {} : { cvss: scored }),
            confidence: status === 'under_investigation' || train ? 'review' : conf,
            evidence: [{ searched: `${c.vendor ?? ids[0]!.vendor} ${c.name}${version ? ` ${version}` : ''}`, matched: `${p.vendor} ${p.name}`, range, advisory: `${adv.trackingId} v${adv.version}`,
              notes: status === 'under_investigation' ? [...notes, 'vendor status: under investigation']
                : train ? [...notes, `advisory says ${status} ${p.version}: ${side === -1 ? 'earlier' : 'later'} versions of its release train are affected too`]
                : notes }],
            remediation,
          });
        }
      }
    }
    return out;
  }
}
