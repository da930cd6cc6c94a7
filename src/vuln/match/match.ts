/** What a match says: the component searched, the vulnerability found, the source that said so and why. */
import type { KevEntry } from '../feeds/kev.feed.js';
import type { CvssScore } from '../score/cvss.js';
import type { Priority } from '../score/priority.js';
import type { DistributionVerdict } from './distro-verdict.js';
import type { Confidence } from './nvd-config.js';

export interface Evidence {
  readonly searched: string; // the component's CPE or purl, or "vendor product version" for name matching
  readonly matched: string; // the criteria, OSV package or CSAF product that matched
  readonly range?: string;
  readonly matchCriteriaId?: string;
  readonly configuration?: number;
  readonly advisory?: string; // CSAF tracking id / OSV id
  readonly fixedIn?: string; // OSV: the nearest fixed version above the one judged, in the ecosystem's ordering
  readonly notes: readonly string[];
}

export interface Match {
  readonly component: { readonly id: string; readonly name: string; readonly version?: string };
  readonly cve: string; // CVE id, or the advisory id when the advisory names none
  readonly source: 'nvd' | 'csaf' | 'osv';
  /** 'review': a human must decide (version not orderable, platform unknown, range text not parsed). */
  readonly confidence: Confidence | 'review';
  readonly evidence: readonly Evidence[];
  readonly remediation?: readonly string[]; // advisory remediation text and "fixed in" versions
  /** The versions past what the feeds list as affected by this CVE (patch-list.ts), set for findings' remediation. */
  upgradeTo?: readonly string[];
  cvss?: CvssScore | 'unscored';
  kev?: KevEntry;
  epss?: { epss: number; percentile: number; modelVersion?: string; scoreDate?: string };
  priority?: Priority;
  description?: string;
  rejected?: boolean;
  /** What the distribution's own advisory says of this build, for an NVD match on a distribution build. */
  distribution?: DistributionVerdict;
}
