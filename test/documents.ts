/** SBOM and VEX documents as the tests write them to files or upload them. */

/** A minimal CycloneDX 1.5 JSON SBOM of these components. */
export const cdxJson = (components: readonly { name: string; version: string; cpe?: string; purl?: string }[]): string =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    components: components.map((c, i) => ({ type: 'application', 'bom-ref': `c${i}`, ...c })),
  });

/** DCMTK 3.6.0 as NVD's record of CVE-2015-8979 names it (cpe dicom:dcmtk, up to 3.6.0). */
export const DCMTK_360 = { name: 'dcmtk', version: '3.6.0', cpe: 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*' };

/** One OpenVEX statement: a CVE, the one product it concerns (a CPE or purl), its status and justification. */
export interface VexLine {
  readonly cve: string;
  readonly product: string;
  readonly status: string;
  readonly justification?: string;
}

/** An OpenVEX 0.2.0 document of these statements, as `author` (a manufacturer's PSIRT, a security team) issues it. */
export const openVexJson = (statements: readonly VexLine[], author = 'Acme PSIRT'): string =>
  JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://vex.example/${encodeURIComponent(author)}/1`,
    author,
    timestamp: '2026-11-20T00:00:00Z',
    version: 1,
    statements: statements.map((s) => ({
      vulnerability: { name: s.cve },
      products: [{ '@id': s.product }],
      status: s.status,
      ...(s.justification ? { justification: s.justification } : {}),
    })),
  });

/**
 * A CSAF 2.0 document: the mandatory `document` header (a vendor publisher, one final revision) around the product
 * tree and vulnerabilities a test gives. `category` is `csaf_security_advisory` or `csaf_vex`.
 */
export const csafDocument = (
  head: { category: 'csaf_security_advisory' | 'csaf_vex'; id: string; title: string; publisher: string; namespace: string; date: string },
  productTree: object,
  vulnerabilities: readonly object[],
): object => ({
  document: {
    category: head.category,
    csaf_version: '2.0',
    publisher: { category: 'vendor', name: head.publisher, namespace: head.namespace },
    title: head.title,
    tracking: {
      id: head.id,
      status: 'final',
      version: '1',
      initial_release_date: head.date,
      current_release_date: head.date,
      revision_history: [{ date: head.date, number: '1', summary: 'Initial.' }],
    },
  },
  product_tree: productTree,
  vulnerabilities,
});
