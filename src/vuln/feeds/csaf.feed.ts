/**
 * CSAF 2.0 advisories (OASIS): resolves the product tree — nested branches (vendor → product_name →
 * product_version | product_version_range), full_product_names, relationships ("A installed on B") and
 * product_groups — into flat products, and reads per vulnerability the product_status groups, remediations
 * (with "fixed in" text) and CVSS vectors. CISA's medical advisories carry no CPE or purl, so the vendor,
 * product and version-range names are kept for name matching. A `.sha512` file beside the advisory is checked.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { root, type At } from './json-path.js';

export type CsafStatus = 'known_affected' | 'first_affected' | 'last_affected' | 'known_not_affected' | 'fixed' | 'first_fixed' | 'under_investigation' | 'recommended';
const STATUSES: readonly CsafStatus[] = ['known_affected', 'first_affected', 'last_affected', 'known_not_affected', 'fixed', 'first_fixed', 'under_investigation', 'recommended'];

export interface CsafProduct {
  readonly productId: string;
  readonly name: string;
  readonly vendor?: string;
  readonly product?: string; // product_name / product_family branch
  readonly version?: string; // product_version branch
  readonly versionRange?: string; // product_version_range branch (vers or vls text)
  readonly cpe?: string;
  readonly purl?: string;
  readonly modelNumbers?: readonly string[];
  readonly platform?: string; // for relationships: the product it is part of / installed on
}

export interface CsafVulnerability {
  readonly cve?: string;
  readonly title?: string;
  readonly status: Readonly<Record<string, CsafStatus>>; // product id → status (recommended listed separately)
  readonly remediations: readonly { category: string; details: string; url?: string; productIds: readonly string[] }[];
  readonly cvss: readonly { vector: string; baseScore?: number; productIds: readonly string[] }[];
  readonly flags: readonly { label: string; productIds: readonly string[] }[];
  readonly threats: readonly { category: string; details: string; productIds: readonly string[] }[];
}

export interface CsafAdvisory {
  readonly key: string; // publisher namespace + tracking id: identifies the document across versions
  readonly trackingId: string;
  readonly version: string;
  readonly currentReleaseDate: string;
  readonly title: string;
  readonly category: string;
  readonly publisher: string;
  readonly products: readonly CsafProduct[];
  readonly vulnerabilities: readonly CsafVulnerability[];
}

export const isCsafDocument = (doc: unknown): boolean =>
  typeof doc === 'object' && doc !== null && typeof (doc as { document?: { csaf_version?: unknown } }).document?.csaf_version === 'string';

/** Checks `<file>.sha512` (`<hex>  <name>`) against the bytes; returns false when absent, throws on mismatch. */
export function verifySha512(file: string, bytes: Buffer, sha512Text: string | undefined): boolean {
  if (sha512Text === undefined) return false;
  const want = /^([0-9a-fA-F]{128})\b/.exec(sha512Text.trim())?.[1]?.toLowerCase();
  if (!want) throw new AppError('ERR_FEED_HASH', `${file}.sha512 is not a SHA-512 hash file`);
  const got = createHash('sha512').update(bytes).digest('hex');
  if (got !== want) throw new AppError('ERR_FEED_HASH', `${file}: SHA-512 does not match ${file}.sha512 — the file was altered or damaged; nothing imported`);
  return true;
}

export function readCsaf(file: string, doc: unknown): CsafAdvisory {
  const at = root(file, doc);
  const d = at.get('document');
  const version = d.get('csaf_version').str();
  if (version !== '2.0') d.get('csaf_version').fail(`unsupported CSAF version ${JSON.stringify(version)}`);
  const tracking = d.get('tracking');
  const publisher = d.get('publisher');
  const products = new Map<string, CsafProduct>();
  const groups = new Map<string, string[]>();
  if (at.has('product_tree')) {
    const tree = at.get('product_tree');
    const walk = (b: At, ctx: Partial<CsafProduct>) => {
      const category = b.get('category').str();
      const name = b.get('name').str();
      const next: { -readonly [K in keyof CsafProduct]?: CsafProduct[K] } = { ...ctx };
      if (category === 'vendor') next.vendor = name;
      else if (category === 'product_name' || category === 'product_family') next.product = ctx.product && category === 'product_name' ? name : (ctx.product ?? name);
      else if (category === 'product_version') next.version = name;
      else if (category === 'product_version_range') next.versionRange = name;
      if (b.has('product')) addFull(b.get('product'), next);
      for (const c of b.get('branches').optItems()) walk(c, next);
    };
    const addFull = (p: At, ctx: Partial<CsafProduct>) => {
      const helper = p.has('product_identification_helper') ? p.get('product_identification_helper') : undefined;
      const id = p.get('product_id').str();
      products.set(id, {
        ...ctx,
        productId: id,
        name: p.get('name').str(),
        cpe: helper?.get('cpe').optStr(),
        purl: helper?.get('purl').optStr(),
        modelNumbers: helper?.get('model_numbers').optItems().map((m) => m.str()),
      });
    };
    for (const b of tree.get('branches').optItems()) walk(b, {});
    for (const p of tree.get('full_product_names').optItems()) addFull(p, {});
    for (const r of tree.get('relationships').optItems()) {
      const comp = products.get(r.get('product_reference').str());
      const plat = products.get(r.get('relates_to_product_reference').str());
      const fp = r.get('full_product_name');
      products.set(fp.get('product_id').str(), {
        ...(comp ?? {}),
        productId: fp.get('product_id').str(),
        name: fp.get('name').str(),
        platform: plat?.name ?? r.get('relates_to_product_reference').str(),
      });
    }
    for (const g of tree.get('product_groups').optItems()) groups.set(g.get('group_id').str(), g.get('product_ids').items().map((x) => x.str()));
  }
  const ids = (x: At): string[] => [
    ...x.get('product_ids').optItems().map((p) => p.str()),
    ...x.get('group_ids').optItems().flatMap((g) => groups.get(g.str()) ?? []),
  ];
  const vulnerabilities = at.get('vulnerabilities').optItems().map((v): CsafVulnerability => {
    const status: Record<string, CsafStatus> = {};
    if (v.has('product_status')) {
      const ps = v.get('product_status');
      for (const s of STATUSES) if (s !== 'recommended') for (const p of ps.get(s).optItems()) status[p.str()] = s;
    }
    return {
      cve: v.get('cve').optStr(),
      title: v.get('title').optStr(),
      status,
      remediations: v.get('remediations').optItems().map((r) => ({ category: r.get('category').str(), details: r.get('details').str(), url: r.get('url').optStr(), productIds: ids(r) })),
      cvss: v.get('scores').optItems().flatMap((s) => {
        const productIds = s.get('products').items().map((p) => p.str());
        return (['cvss_v3', 'cvss_v2'] as const).filter((k) => s.has(k)).map((k) => ({
          vector: s.get(k).get('vectorString').str(),
          baseScore: s.get(k).get('baseScore').optNum(),
          productIds,
        }));
      }),
      flags: v.get('flags').optItems().map((f) => ({ label: f.get('label').str(), productIds: ids(f) })),
      threats: v.get('threats').optItems().map((t) => ({ category: t.get('category').str(), details: t.get('details').str(), productIds: ids(t) })),
    };
  });
  return {
    key: `${publisher.get('namespace').str()}#${tracking.get('id').str()}`,
    trackingId: tracking.get('id').str(),
    version: tracking.get('version').str(),
    currentReleaseDate: tracking.get('current_release_date').str(),
    title: d.get('title').str(),
    category: d.get('category').str(),
    publisher: publisher.get('name').str(),
    products: [...products.values()],
    vulnerabilities,
  };
}
