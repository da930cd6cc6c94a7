/**
 * One explained priority per finding, 0–100, built from what is known and saying what is not: severity (CVSS),
 * exploitation in the wild (CISA KEV, ransomware use), likelihood of exploitation (EPSS), exposure of the
 * vulnerable service and the clinical criticality of the asset. Unknown inputs are named "unknown" in the
 * explanation — never replaced by an invented default.
 */
import type { KevEntry } from '../feeds/kev.feed.js';
import type { CvssScore } from './cvss.js';

export interface PriorityInput {
  readonly cvss: CvssScore | 'unscored';
  readonly kev?: KevEntry;
  readonly epss?: { epss: number; percentile: number; modelVersion?: string };
  readonly confidence: 'high' | 'medium' | 'low' | 'review';
  readonly exposure?: { reachable: boolean; vantage: string };
  readonly criticality?: 'life-critical' | 'high' | 'medium' | 'low';
}

export interface Priority {
  readonly score: number;
  readonly why: readonly string[];
}

export function prioritise(p: PriorityInput): Priority {
  const why: string[] = [];
  let score = 0;
  if (p.cvss === 'unscored') {
    score += 25;
    why.push('+25 unscored: no CVSS in any feed, counted at mid-scale so it is not hidden');
  } else {
    const pts = Math.round(p.cvss.score * 5);
    score += pts;
    why.push(`+${pts} CVSS ${p.cvss.version} ${p.cvss.score} (${p.cvss.severity})${p.cvss.source ? ` from ${p.cvss.source}` : ''}`);
  }
  if (p.kev) {
    const pts = p.kev.ransomware === 'Known' ? 35 : 30;
    score += pts;
    why.push(`+${pts} exploited in the wild: CISA KEV since ${p.kev.dateAdded}${p.kev.dueDate ? `, federal due date ${p.kev.dueDate}` : ''}${p.kev.ransomware === 'Known' ? ', used by ransomware' : ''}`);
  } else why.push('+0 not in CISA KEV');
  if (p.epss) {
    const pts = Math.round(p.epss.percentile * 15);
    score += pts;
    why.push(`+${pts} EPSS ${p.epss.epss} (percentile ${p.epss.percentile}${p.epss.modelVersion ? `, model ${p.epss.modelVersion}` : ''})`);
  } else why.push('+0 no EPSS score (not scored by FIRST, or EPSS not imported)');
  if (p.exposure) {
    const pts = p.exposure.reachable ? 10 : -10;
    score += pts;
    why.push(`${pts > 0 ? '+' : ''}${pts} service ${p.exposure.reachable ? 'reachable' : 'not reachable'} from ${p.exposure.vantage}`);
  } else why.push('exposure: unknown');
  if (p.criticality) {
    const pts = p.criticality === 'life-critical' ? 15 : p.criticality === 'high' ? 10 : p.criticality === 'medium' ? 5 : 0;
    score += pts;
    why.push(`+${pts} clinical criticality ${p.criticality}`);
  } else why.push('clinical criticality: unknown');
  if (p.confidence === 'low' || p.confidence === 'review') {
    score = Math.round(score * 0.6);
    why.push(`×0.6 match confidence ${p.confidence}: verify before acting`);
  }
  return { score: Math.max(0, Math.min(100, score)), why };
}
