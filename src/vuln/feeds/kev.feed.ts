/**
 * CISA Known Exploited Vulnerabilities catalog, JSON or CSV. KEV carries no versions: it flags a CVE as
 * exploited in the wild, with the date CISA added it, the BOD 22-01 due date and whether ransomware campaigns
 * use it ("Unknown" means CISA lacks confirmation, not "no").
 */
import { AppError } from '../../core/errors.js';
import { parseCsv } from './csv.js';
import { root } from './json-path.js';

export interface KevEntry {
  readonly cve: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly name: string;
  readonly dateAdded: string;
  readonly dueDate?: string;
  readonly requiredAction?: string;
  readonly ransomware: 'Known' | 'Unknown';
  readonly notes?: string;
}

export interface KevFile {
  readonly entries: KevEntry[];
  readonly catalogVersion?: string;
  readonly feedDate?: string;
}

const CVE = /^CVE-\d{4}-\d{4,19}$/;
const DATE = /^\d{4}-\d\d-\d\d$/;

export const isKevDocument = (doc: unknown): boolean =>
  typeof doc === 'object' && doc !== null && 'catalogVersion' in doc && 'vulnerabilities' in doc;

export function readKevJson(file: string, doc: unknown): KevFile {
  const at = root(file, doc);
  const entries = at.get('vulnerabilities').items().map((v): KevEntry => {
    const cve = v.get('cveID').str();
    if (!CVE.test(cve)) v.get('cveID').fail(`not a CVE id: ${JSON.stringify(cve.slice(0, 40))}`);
    const dateAdded = v.get('dateAdded').str();
    if (!DATE.test(dateAdded)) v.get('dateAdded').fail('expected YYYY-MM-DD');
    const r = v.get('knownRansomwareCampaignUse').optStr();
    return {
      cve,
      vendorProject: v.get('vendorProject').str(),
      product: v.get('product').str(),
      name: v.get('vulnerabilityName').str(),
      dateAdded,
      dueDate: v.get('dueDate').optStr(),
      requiredAction: v.get('requiredAction').optStr(),
      ransomware: r === 'Known' ? 'Known' : 'Unknown',
      notes: v.get('notes').optStr() || undefined,
    };
  });
  const released = at.get('dateReleased').optStr();
  return { entries, catalogVersion: at.get('catalogVersion').optStr(), feedDate: released ?? maxDate(entries) };
}

export const isKevCsv = (header: string): boolean => /^\uFEFF?cveID,vendorProject,product/.test(header);

export function readKevCsv(file: string, text: string): KevFile {
  const csv = parseCsv(file, text);
  const col = (name: string) => {
    const i = csv.header.indexOf(name);
    if (i < 0) throw new AppError('ERR_FEED_PARSE', `${file}: KEV CSV lacks the ${name} column`);
    return i;
  };
  const [cveI, vpI, prI, nmI, daI, duI, raI, rwI, noI] = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'dueDate', 'requiredAction', 'knownRansomwareCampaignUse', 'notes'].map(col) as number[];
  const entries = csv.rows.map((r, n): KevEntry => {
    const line = `${file}: row ${n + 2}`;
    const cve = r[cveI!] ?? '';
    if (!CVE.test(cve)) throw new AppError('ERR_FEED_PARSE', `${line}: cveID ${JSON.stringify(cve.slice(0, 40))} is not a CVE id`);
    const dateAdded = r[daI!] ?? '';
    if (!DATE.test(dateAdded)) throw new AppError('ERR_FEED_PARSE', `${line}: dateAdded ${JSON.stringify(dateAdded.slice(0, 40))} is not YYYY-MM-DD`);
    return {
      cve,
      vendorProject: r[vpI!] ?? '',
      product: r[prI!] ?? '',
      name: r[nmI!] ?? '',
      dateAdded,
      dueDate: r[duI!] || undefined,
      requiredAction: r[raI!] || undefined,
      ransomware: r[rwI!] === 'Known' ? 'Known' : 'Unknown',
      notes: r[noI!] || undefined,
    };
  });
  return { entries, feedDate: maxDate(entries) };
}

const maxDate = (e: readonly KevEntry[]): string | undefined => e.reduce<string | undefined>((m, x) => (!m || x.dateAdded > m ? x.dateAdded : m), undefined);
