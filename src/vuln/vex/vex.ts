/**
 * One VEX status model for CycloneDX VEX, CSAF VEX and OpenVEX, and the identity a triage decision is keyed by:
 * (CVE, component identity, scope). The identity leaves the version out — a purl without version, or CPE
 * vendor:product — so a decision survives re-imports and upgrades while its justification still holds
 * (Dependency-Track #3268: suppressions keyed by version reappear after every upgrade).
 */
import { PackageURL } from 'packageurl-js';
import { ALIASES } from '../match/aliases.js';
import { companyKeys, foldName, vendorCore, withoutVendor } from '../match/vendor-names.js';
import type { Component } from '../component.js';
import { textOf, tryParseCpe } from '../match/cpe.js';

export type VexStatus = 'affected' | 'not_affected' | 'fixed' | 'under_investigation' | 'false_positive';

export interface VexProduct {
  readonly purl?: string;
  readonly cpe?: string;
  readonly vendor?: string;
  readonly name?: string;
  readonly ref?: string; // a bom-ref / CSAF product id when nothing better is known
}

export interface VexStatement {
  readonly cve: string;
  readonly product: VexProduct;
  readonly identity: string;
  readonly status: VexStatus;
  readonly justification?: string;
  readonly detail?: string;
  readonly response?: readonly string[];
  readonly source: string; // file / document id
}

/** purl without version/qualifiers, else CPE vendor:product, else the company's core name/product name, else the document ref. */
export function identityOf(p: VexProduct | Component): string {
  const purl = p.purl;
  if (purl) {
    try {
      const u = PackageURL.fromString(purl);
      return `pkg:${u.type}/${u.namespace ? `${u.namespace}/` : ''}${u.name}`.toLowerCase();
    } catch {
      /* not a purl: fall through to the next identity */
    }
  }
  const cpes = 'cpes' in p ? p.cpes : p.cpe ? [p.cpe] : [];
  for (const c of cpes) {
    const parsed = tryParseCpe(c);
    const v = parsed && textOf(parsed[1]!);
    const n = parsed && textOf(parsed[2]!);
    if (v && n) return `cpe:${v}:${n}`;
  }
  if (p.name) {
    // The company without legal form and trading words, the product without the company in front: a vendor's VEX
    // says "Philips" / "Vue PACS" where the inventory says "Philips Healthcare" / "Philips Vue PACS".
    const bare = p.vendor ? withoutVendor(p.name, p.vendor, companyKeys(p.vendor))[0] : undefined;
    return `name:${p.vendor ? canonicalVendor(p.vendor) : ''}/${bare ?? foldName(p.name)}`;
  }
  return `ref:${'ref' in p ? (p.ref ?? '') : ''}`;
}

/** The company's core name, or the first spelling of its alias group (`BD` and `Becton Dickinson` are both `bd`). */
function canonicalVendor(vendor: string): string {
  const core = vendorCore(vendor);
  // As one company: a joint advisory's vendor ("Silex Technology and GE Healthcare") is not one of its parts here.
  const keys = new Set(companyKeys(vendor));
  return ALIASES.find((a) => !a.products && a.vendors.some((v) => keys.has(foldName(v))))?.vendors[0] ?? core;
}

/**
 * The identity a name-only component had before name keys (decisions recorded then are still found by it), folded
 * as it was then: accents dropped with their letter (`Dräger` → `drger`), not with foldName's later rule.
 */
export function legacyIdentityOf(p: Component): string | undefined {
  if (p.purl || p.cpes.length || !p.name) return undefined;
  const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return `name:${fold(p.vendor ?? '')}/${fold(p.name)}`;
}

/** CycloneDX analysis.state → the common model (CycloneDX 1.6 §vulnerabilities.analysis). */
export const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected', exploitable: 'affected', resolved: 'fixed', resolved_with_pedigree: 'fixed',
  in_triage: 'under_investigation', false_positive: 'false_positive',
};
export const TO_CDX_STATE: Record<VexStatus, string> = {
  not_affected: 'not_affected', affected: 'exploitable', fixed: 'resolved', under_investigation: 'in_triage', false_positive: 'false_positive',
};
