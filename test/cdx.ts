/** A minimal CycloneDX 1.5 JSON SBOM of these components, as the tests write it to a file or upload it. */
export const cdxJson = (components: readonly { name: string; version: string; cpe?: string; purl?: string }[]): string =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    components: components.map((c, i) => ({ type: 'application', 'bom-ref': `c${i}`, ...c })),
  });

/** DCMTK 3.6.0 as NVD's record of CVE-2015-8979 names it (cpe dicom:dcmtk, up to 3.6.0). */
export const DCMTK_360 = { name: 'dcmtk', version: '3.6.0', cpe: 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*' };
