/**
 * A Component is anything that may carry known vulnerabilities: a product fingerprinted on a port, a package in
 * an SBOM, an entry typed in by hand. Matching reads only these fields, so every source feeds the same matcher.
 */
export interface Component {
  readonly id: string;
  readonly kind: 'os' | 'firmware' | 'application' | 'library' | 'device';
  readonly name: string;
  readonly vendor?: string;
  readonly version?: string; // as the source gave it, e.g. '9.2p1' or '1:9.2p1-2+deb12u3'
  readonly cpes: readonly string[]; // CPE 2.3 formatted strings (2.2 URIs are accepted and converted)
  readonly purl?: string;
  /**
   * The distribution source package a binary package was built from (`openssl` for `libssl3`), when the SBOM says
   * it apart from the purl (Trivy): distributions' advisories name source packages.
   */
  readonly sourcePackage?: SourcePackage;
  readonly source: 'fingerprint' | 'sbom' | 'inventory' | 'manual';
  /**
   * Components with the same asset key run together on one device: NVD's "firmware on hardware" and "application
   * on OS" configurations are evaluated over all of them. Without it a component stands alone.
   */
  readonly asset?: string;
  /** A distribution build (`Debian-2+deb12u3`): fixes may be backported without a new upstream version. */
  readonly distribution?: string;
}

/** A distribution source package; `version` when the SBOM gives it (a binNMU's `+b1` build differs from it). */
export interface SourcePackage {
  readonly name: string;
  readonly version?: string;
}
