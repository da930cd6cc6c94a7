/**
 * Picks the CVSS to score a CVE by: the newest version present (4.0 → 3.1 → 3.0 → 2.0, saying which), within a
 * version NVD's Primary entry before a CNA's Secondary one, and recomputes the base score from the vector with
 * ae-cvss-calculator (the FIRST MacroVector tables for v4). No metrics at all is "unscored", never 0.
 */
import cvssLib from 'ae-cvss-calculator';
import type { CvssMetric, CvssVersion } from '../feeds/nvd.feed.js';

export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  readonly version: CvssVersion;
  readonly vector: string;
  readonly score: number;
  readonly severity: Severity;
  readonly source?: string;
  readonly type?: string;
  readonly computed: boolean; // recomputed from the vector (false: the feed's number, the vector did not parse)
  readonly alternatives: number; // other entries (other sources/versions) that were not chosen
}

const ORDER: readonly CvssVersion[] = ['4.0', '3.1', '3.0', '2.0'];

export function severityOf(score: number, version: CvssVersion): Severity {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  return score === 0 ? 'none' : score < 4 ? 'low' : score < 7 ? 'medium' : score < 9 ? 'high' : 'critical';
}

export function computeBase(version: CvssVersion, vector: string): number | undefined {
  try {
    const v = version === '4.0' ? new cvssLib.Cvss4P0(vector) : version === '3.1' ? new cvssLib.Cvss3P1(vector) : version === '3.0' ? new cvssLib.Cvss3P0(vector) : new cvssLib.Cvss2(vector);
    const s = v.calculateScores() as { base?: number };
    return typeof s.base === 'number' && Number.isFinite(s.base) ? s.base : undefined;
  } catch {
    return undefined;
  }
}

const rank = (m: CvssMetric): number => (m.type === 'Primary' && m.source === 'nvd@nist.gov' ? 0 : m.type === 'Primary' ? 1 : 2);

export function pickCvss(metrics: readonly CvssMetric[]): CvssScore | 'unscored' {
  for (const version of ORDER) {
    const of = metrics.filter((m) => m.version === version).sort((a, b) => rank(a) - rank(b));
    for (const m of of) {
      const computed = computeBase(version, m.vector);
      const score = computed ?? m.baseScore;
      if (score === undefined) continue;
      return { version, vector: m.vector, score, severity: severityOf(score, version), source: m.source, type: m.type, computed: computed !== undefined, alternatives: metrics.length - 1 };
    }
  }
  return 'unscored';
}
