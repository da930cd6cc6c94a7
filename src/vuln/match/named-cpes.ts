/**
 * CPEs for a component that has none, from NVD's own vocabulary. A maintenance system names a device by
 * manufacturer, model and software version ("Siemens Healthineers", "ACUSON SC2000", "4.0c"); NVD names it by vendor
 * and product (firmware siemens:acuson_sc2000_firmware on hardware siemens:acuson_sc2000). Only exact names count:
 * an NVD vendor that shares a name key with the manufacturer (vendor-names.ts, and the alias table), and a product
 * whose name, folded, is the model's — or the model's with "firmware", which brings the model's hardware with it,
 * as NVD's "firmware on hardware" configurations need. Guessing further (Grype's
 * --add-cpes-if-none) is where false positives come from. Matches through these CPEs say so and are at most
 * medium confidence.
 */
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import { ALIASES } from './aliases.js';
import { formatCpe, type CpeValue } from './cpe.js';
import { foldName, vendorKeys, withoutVendor } from './vendor-names.js';

export interface NamedCpes {
  readonly cpes: readonly string[];
  /** Why these CPEs stand for the component: carried into every match's evidence. */
  readonly note: string;
}

interface VendorProducts {
  readonly byName: ReadonlyMap<string, readonly string[]>; // folded product name → products
  readonly firmware: ReadonlyMap<string, readonly string[]>; // folded name without "firmware" → firmware products
}

export class NvdNames {
  private vendors?: Map<string, string[]>; // name key → NVD vendors
  private readonly products = new Map<string, VendorProducts>();
  private readonly memo = new Map<string, NamedCpes | null>();

  constructor(private readonly store: VulnStore) {}

  /** Undefined when NVD names no product so, or without a version: every range would go to review. */
  of(manufacturer: string, model: string, version: string): NamedCpes | undefined {
    const key = `${manufacturer}\u0000${model}\u0000${version}`;
    let got = this.memo.get(key);
    if (got === undefined) {
      if (this.memo.size >= 10_000) this.memo.clear();
      this.memo.set(key, (got = this.lookUp(manufacturer, model, version) ?? null));
    }
    return got ?? undefined;
  }

  private lookUp(manufacturer: string, model: string, version: string): NamedCpes | undefined {
    const keys = vendorKeys(manufacturer);
    const names = [model, ...modelWithoutRelease(model, version)];
    const models = new Set(
      names.flatMap((n) => [foldName(n), ...withoutVendor(n, manufacturer, keys), ...keys.map((k) => k + foldName(n))]),
    );
    models.delete('');
    const cpes = new Set<string>();
    const named: string[] = [];
    for (const vendor of this.vendorsOf(keys)) {
      const { byName, firmware } = this.productsOf(vendor);
      for (const m of models) {
        for (const product of byName.get(m) ?? [])
          for (const part of this.store.nvdParts(vendor, product))
            if (part === 'a' || part === 'o' || part === 'h') {
              cpes.add(cpe(part, vendor, product, part === 'h' ? undefined : version));
              named.push(`${vendor}:${product}`);
            }
        for (const product of firmware.get(m) ?? []) {
          // The index keeps vulnerable criteria only, and the hardware is context (vulnerable: false): NVD names it
          // as the firmware without "firmware" (acuson_sc2000 for acuson_sc2000_firmware, brilliance_64 for
          // brilliance_firmware_64). A wrong guess can only lose a match: no configuration asks for it then.
          const hardware = product.replace(/_firmware$|firmware_/, '');
          cpes.add(cpe('o', vendor, product, version)).add(cpe('h', vendor, hardware, undefined));
          named.push(`${vendor}:${product} on ${vendor}:${hardware}`);
        }
      }
    }
    if (!cpes.size) return undefined;
    return {
      cpes: [...cpes],
      note: `CPE from the names: "${manufacturer}" "${model}" is NVD's ${[...new Set(named)].join(', ')} (no source gave a CPE)`,
    };
  }

  private vendorsOf(keys: readonly string[]): Set<string> {
    if (!this.vendors) {
      this.vendors = new Map();
      const add = (k: string, v: string) => {
        const l = this.vendors!.get(k);
        if (!l) this.vendors!.set(k, [v]);
        else if (!l.includes(v)) l.push(v);
      };
      const known = new Set(this.store.nvdVendors());
      for (const v of known) add(foldName(v), v);
      // A company NVD files under several vendor names (gehealthcare and ge): any of them is a key to all.
      for (const a of ALIASES) if (!a.products) for (const v of a.vendors) if (known.has(v)) for (const w of a.vendors) add(foldName(w), v);
    }
    return new Set(keys.flatMap((k) => this.vendors!.get(k) ?? []));
  }

  private productsOf(vendor: string): VendorProducts {
    let p = this.products.get(vendor);
    if (!p) {
      const byName = new Map<string, string[]>();
      const firmware = new Map<string, string[]>();
      const add = (m: Map<string, string[]>, k: string, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
      for (const product of this.store.nvdProducts(vendor)) {
        const f = foldName(product);
        add(byName, f, product);
        // acuson_sc2000_firmware, and brilliance_firmware_64 (for brilliance_64)
        if (f.includes('firmware') && f !== 'firmware') add(firmware, f.replace('firmware', ''), product);
      }
      this.products.set(vendor, (p = { byName, firmware }));
    }
    return p;
  }
}

/**
 * A model named with its release, as maintenance systems often write it ("IntelliSpace Portal 8" running 8.0): the
 * name without that release, when the software version begins with it.
 */
function modelWithoutRelease(model: string, version: string): string[] {
  const m = model.length > 256 ? null : /^(.*\S)\s+v?(\d+(?:\.\d+)*)$/i.exec(model.trim());
  return m && (version === m[2] || version.startsWith(`${m[2]}.`)) ? [m[1]!] : [];
}

const value = (text: string): CpeValue => ({ kind: 'value', text, pre: '', post: '' });
const ANY: CpeValue = { kind: 'any' };

/** A CPE 2.3 name: hardware without a version is NA (`-`), as NVD writes a model's hardware. */
function cpe(part: string, vendor: string, product: string, version: string | undefined): string {
  const v: CpeValue = version === undefined ? { kind: 'na' } : value(version.toLowerCase());
  return formatCpe([value(part), value(vendor), value(product), v, ANY, ANY, ANY, ANY, ANY, ANY, ANY]);
}
