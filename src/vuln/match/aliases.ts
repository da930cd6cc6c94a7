/**
 * Curated vendor/product synonyms seen in real NVD data. Curated, not fuzzy: a guessed vendor produces the
 * classic CPE false positives (Grype #892 `*:archiver`), so every entry names the records that justify it.
 * A match found through an alias is reported with medium confidence and says which alias was used.
 */
export interface Alias {
  readonly vendors: readonly string[]; // names for one company; the first is the preferred spelling
  readonly products?: readonly string[]; // when set, the alias holds only for these products
  readonly source: string;
}

export const ALIASES: readonly Alias[] = [
  { vendors: ['offis', 'dicom'], products: ['dcmtk'], source: 'NVD: CVE-2015-8979 uses dicom:dcmtk, CVE-2019-1010228 and later use offis:dcmtk' },
  { vendors: ['philips', 'phillips'], source: 'NVD: CVE-2021-27456 (Gemini PET/CT) spells the vendor phillips' },
  { vendors: ['gehealthcare', 'ge', 'ge_healthcare'], source: 'NVD: CVE-2017-14002/CVE-2020-6977 use ge, CVE-2020-25175/25179 gehealthcare' },
  { vendors: ['siemens', 'siemens-healthineers', 'siemens_healthineers'], source: 'NVD files Siemens Healthineers devices under siemens (CVE-2017-0143, CVE-2019-0708)' },
  { vendors: ['orthanc-server', 'osimis', 'orthanc'], products: ['orthanc'], source: 'NVD: CVE-2023-33466 orthanc-server:orthanc; Osimis maintained Orthanc builds' },
  { vendors: ['silextechnology', 'silex'], source: 'NVD: CVE-2018-6020 GE MobileLink modules under silextechnology' },
  { vendors: ['bd', 'bectondickinson'], source: 'NVD: CVE-2018-14786 bd:alaris_gs_firmware; CISA ICSMA-18-114-01 and later name "Becton, Dickinson and Company (BD)"' },
  { vendors: ['openbsd', 'openssh'], products: ['openssh'], source: 'NVD uses openbsd:openssh; scanners often emit openssh:openssh' },
  { vendors: ['beasts', 'vsftpd_project'], products: ['vsftpd'], source: 'NVD: CVE-2015-1419 uses beasts:vsftpd, CVE-2011-2523 (the 2.3.4 backdoor) vsftpd_project:vsftpd' },
];

/** Product spellings NVD kept for one product (a leading underscore typo, CVE-2018-8853/8857/8861). */
export const PRODUCT_ALIASES: readonly { vendor: string; products: readonly string[]; source: string }[] = [
  { vendor: 'philips', products: ['brilliance_ct_big_bore', '_brilliance_ct_big_bore'], source: 'NVD: CVE-2018-8853 product _brilliance_ct_big_bore' },
  { vendor: 'philips', products: ['brilliance_ct_big_bore_firmware', '_brilliance_ct_big_bore_firmware'], source: 'NVD: CVE-2018-8853 product _brilliance_ct_big_bore_firmware' },
];

export interface AliasName {
  readonly vendor: string;
  readonly product: string;
  readonly via?: string; // why this spelling is the same thing; absent for the name as given
}

/** Every (vendor, product) spelling that denotes the given one, starting with itself. */
export function aliasNames(vendor: string, product: string): AliasName[] {
  const out: AliasName[] = [{ vendor, product }];
  const seen = new Set([`${vendor}:${product}`]);
  const add = (v: string, p: string, via: string) => {
    const k = `${v}:${p}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ vendor: v, product: p, via });
    }
  };
  for (const a of PRODUCT_ALIASES)
    if (a.vendor === vendor && a.products.includes(product))
      for (const p of a.products) add(vendor, p, `product alias ${product}↔${p} (${a.source})`);
  for (const name of [...out])
    for (const a of ALIASES)
      if (a.vendors.includes(name.vendor) && (!a.products || a.products.includes(name.product)))
        for (const v of a.vendors) add(v, name.product, `vendor alias ${vendor}↔${v} (${a.source})`);
  return out;
}
