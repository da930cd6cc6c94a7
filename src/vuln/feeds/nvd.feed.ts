/**
 * NVD CVE records, read offline from files: the CVE API 2.0 response / 2.0 year feed envelope
 * (`{vulnerabilities:[{cve}]}`), a bare array of `{cve}`, a single `cve` object (fkie-cad mirror), and the
 * retired 1.1 year feeds (`CVE_Items[]`), converted to the 2.0 shape. Rejected records are kept (and never
 * matched). CVSS vectors are kept as strings: v4 property names differ between records, the vector does not.
 */
import { AppError } from '../../core/errors.js';
import type { Configuration, ConfigNode, CpeMatchEntry } from '../match/nvd-config.js';
import { root, type At } from './json-path.js';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface CvssMetric {
  readonly version: CvssVersion;
  readonly vector: string;
  readonly baseScore?: number;
  readonly source?: string;
  readonly type?: string; // Primary | Secondary
}

export interface CveRecord {
  readonly id: string;
  readonly sourceIdentifier?: string;
  readonly status?: string;
  readonly published?: string;
  readonly lastModified?: string;
  readonly rejected: boolean;
  readonly description: string;
  readonly tags: readonly string[];
  readonly metrics: readonly CvssMetric[];
  readonly cwes: readonly string[];
  readonly references: readonly { url: string; tags: readonly string[] }[];
  readonly configurations: readonly Configuration[];
  readonly cnaAffected?: unknown; // the 2025+ `affected` array, kept verbatim for display
  readonly kev?: { dateAdded?: string; dueDate?: string; requiredAction?: string; name?: string };
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;

/** Reads the 2.0 `cve` object at `at`. */
export function readCve(at: At): CveRecord {
  const id = at.get('id').str();
  if (!CVE_ID.test(id)) at.get('id').fail(`not a CVE id: ${JSON.stringify(id.slice(0, 40))}`);
  const status = at.get('vulnStatus').optStr();
  const descriptions = at.get('descriptions').optItems();
  const en = descriptions.find((d) => d.get('lang').optStr() === 'en') ?? descriptions[0];
  const metrics: CvssMetric[] = [];
  if (at.has('metrics')) {
    const m = at.get('metrics');
    for (const [key, version] of [['cvssMetricV40', '4.0'], ['cvssMetricV31', '3.1'], ['cvssMetricV30', '3.0'], ['cvssMetricV2', '2.0']] as const) {
      for (const e of m.get(key).optItems()) {
        const data = e.get('cvssData');
        metrics.push({
          version,
          vector: data.get('vectorString').str(),
          baseScore: data.get('baseScore').optNum(),
          source: e.get('source').optStr(),
          type: e.get('type').optStr(),
        });
      }
    }
  }
  const cwes = new Set<string>();
  for (const w of at.get('weaknesses').optItems()) for (const d of w.get('description').optItems()) cwes.add(d.get('value').str());
  const refs = new Map<string, Set<string>>();
  for (const r of at.get('references').optItems()) {
    const url = r.get('url').str();
    const tags = refs.get(url) ?? new Set<string>();
    for (const t of r.get('tags').optItems()) tags.add(t.str());
    refs.set(url, tags);
  }
  const tags = new Set<string>();
  for (const t of at.get('cveTags').optItems()) for (const x of t.get('tags').optItems()) tags.add(x.str());
  const kev = at.has('cisaExploitAdd')
    ? {
        dateAdded: at.get('cisaExploitAdd').optStr(),
        dueDate: at.get('cisaActionDue').optStr(),
        requiredAction: at.get('cisaRequiredAction').optStr(),
        name: at.get('cisaVulnerabilityName').optStr(),
      }
    : undefined;
  return {
    id,
    sourceIdentifier: at.get('sourceIdentifier').optStr(),
    status,
    published: at.get('published').optStr(),
    lastModified: at.get('lastModified').optStr(),
    rejected: status === 'Rejected',
    description: (en?.get('value').optStr() ?? '').trim(),
    tags: [...tags],
    metrics,
    cwes: [...cwes],
    references: [...refs].map(([url, t]) => ({ url, tags: [...t] })),
    configurations: at.get('configurations').optItems().map(readConfiguration),
    cnaAffected: at.has('affected') ? at.get('affected').value : undefined,
    kev,
  };
}

function operator(at: At): 'AND' | 'OR' | undefined {
  const v = at.optStr();
  if (v === undefined) return undefined;
  if (v !== 'AND' && v !== 'OR') at.fail(`operator must be AND or OR, found ${JSON.stringify(v)}`);
  return v;
}

function readConfiguration(at: At): Configuration {
  return {
    operator: operator(at.get('operator')),
    negate: at.get('negate').optBool() || undefined,
    nodes: at.get('nodes').items().map(readNode),
  };
}

function readNode(at: At): ConfigNode {
  return {
    operator: operator(at.get('operator')) ?? 'OR',
    negate: at.get('negate').optBool() || undefined,
    cpeMatch: at.get('cpeMatch').optItems().map(readCpeMatch),
  };
}

const BOUND_KEYS = ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const;

function readCpeMatch(at: At): CpeMatchEntry {
  const e: Record<string, unknown> = {
    vulnerable: at.get('vulnerable').bool(),
    criteria: at.has('criteria') ? at.get('criteria').str() : at.get('cpe23Uri').str(),
  };
  const id = at.get('matchCriteriaId').optStr();
  if (id) e.matchCriteriaId = id;
  for (const k of BOUND_KEYS) {
    const v = at.get(k).optStr();
    if (v !== undefined) e[k] = v;
  }
  return e as unknown as CpeMatchEntry;
}

/** NVD 1.1 (`CVE_Items[]` element) → the 2.0 record, mapped as the 2.0 API documents the correspondence. */
export function readCve11(at: At): CveRecord {
  const cve = at.get('cve');
  const id = cve.get('CVE_data_meta').get('ID').str();
  if (!CVE_ID.test(id)) cve.get('CVE_data_meta').get('ID').fail(`not a CVE id: ${JSON.stringify(id.slice(0, 40))}`);
  const date = (s: string | undefined) => (s && /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/.test(s) ? `${s.slice(0, 16)}:00.000` : s);
  const descs = cve.get('description').get('description_data').optItems();
  const en = descs.find((d) => d.get('lang').optStr() === 'en') ?? descs[0];
  const cwes = new Set<string>();
  for (const p of cve.get('problemtype').get('problemtype_data').optItems()) for (const d of p.get('description').optItems()) cwes.add(d.get('value').str());
  const metrics: CvssMetric[] = [];
  if (at.has('impact')) {
    const impact = at.get('impact');
    if (impact.has('baseMetricV3')) {
      const d = impact.get('baseMetricV3').get('cvssV3');
      const vector = d.get('vectorString').str();
      metrics.push({ version: vector.startsWith('CVSS:3.0') ? '3.0' : '3.1', vector, baseScore: d.get('baseScore').optNum(), source: 'nvd@nist.gov', type: 'Primary' });
    }
    if (impact.has('baseMetricV2')) {
      const d = impact.get('baseMetricV2').get('cvssV2');
      metrics.push({ version: '2.0', vector: d.get('vectorString').str(), baseScore: d.get('baseScore').optNum(), source: 'nvd@nist.gov', type: 'Primary' });
    }
  }
  const configurations: Configuration[] = [];
  if (at.has('configurations')) {
    for (const node of at.get('configurations').get('nodes').optItems()) {
      const children = node.get('children').optItems();
      if (children.length) configurations.push({ operator: operator(node.get('operator')) ?? 'AND', nodes: children.map(readNode11) });
      else configurations.push({ nodes: [readNode11(node)] });
    }
  }
  const description = (en?.get('value').optStr() ?? '').trim();
  return {
    id,
    sourceIdentifier: cve.get('CVE_data_meta').get('ASSIGNER').optStr(),
    published: date(at.get('publishedDate').optStr()),
    lastModified: date(at.get('lastModifiedDate').optStr()),
    rejected: description.startsWith('** REJECT **'),
    description,
    tags: [],
    metrics,
    cwes: [...cwes],
    references: cve.get('references').get('reference_data').optItems().map((r) => ({ url: r.get('url').str(), tags: r.get('tags').optItems().map((t) => t.str()) })),
    configurations,
  };
}

function readNode11(at: At): ConfigNode {
  return { operator: operator(at.get('operator')) ?? 'OR', negate: at.get('negate').optBool() || undefined, cpeMatch: at.get('cpe_match').optItems().map(readCpeMatch) };
}

export interface NvdFile {
  readonly records: CveRecord[];
  readonly feedDate?: string; // the envelope timestamp, else the newest lastModified
  readonly shape: 'envelope' | 'array' | 'record' | 'nvd-1.1';
}

/** Recognises the shape of an already-parsed NVD JSON document and reads every record in it. */
export function readNvdDocument(file: string, doc: unknown): NvdFile {
  const at = root(file, doc);
  let records: CveRecord[];
  let shape: NvdFile['shape'];
  let feedDate: string | undefined;
  if (Array.isArray(doc)) {
    shape = 'array';
    records = at.items().map((x) => readCve(x.get('cve')));
  } else if (at.has('vulnerabilities')) {
    shape = 'envelope';
    feedDate = at.get('timestamp').optStr();
    records = at.get('vulnerabilities').items().map((x) => readCve(x.get('cve')));
  } else if (at.has('CVE_Items')) {
    shape = 'nvd-1.1';
    feedDate = at.get('CVE_data_timestamp').optStr();
    records = at.get('CVE_Items').items().map(readCve11);
  } else if (at.has('cve') && at.get('cve').has('CVE_data_meta')) {
    shape = 'nvd-1.1';
    records = [readCve11(at)];
  } else if (at.has('id')) {
    shape = 'record';
    records = [readCve(at)];
  } else throw new AppError('ERR_FEED_FORMAT', `${file}: not an NVD CVE document (no vulnerabilities, CVE_Items or id)`);
  feedDate ??= records.reduce<string | undefined>((m, r) => (r.lastModified && (!m || r.lastModified > m) ? r.lastModified : m), undefined);
  return { records, feedDate, shape };
}

export const isNvdDocument = (doc: unknown): boolean => {
  if (Array.isArray(doc)) return doc.length > 0 && typeof doc[0] === 'object' && doc[0] !== null && 'cve' in doc[0];
  if (typeof doc !== 'object' || doc === null) return false;
  const o = doc as Record<string, unknown>;
  if (o.format === 'NVD_CVE' || 'CVE_Items' in o) return true;
  if (typeof o.id === 'string' && /^CVE-/.test(o.id) && ('descriptions' in o || 'vulnStatus' in o || 'configurations' in o)) return true;
  return typeof o.cve === 'object' && o.cve !== null && 'CVE_data_meta' in (o.cve as object);
};
