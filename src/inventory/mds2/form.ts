/**
 * MDS2 (ANSI/NEMA HN 1-2019, Manufacturer Disclosure Statement for Medical Device Security) read by question ID,
 * never by row position: vendors reflow rows, merge cells, insert blank lines and continue notes on the next
 * row. Input is rows of cell texts (from xlsx, or from a text PDF split into columns); output is every answered
 * question (ID, yes/no/N-A, note), the device description (manufacturer, model, document id and date, found
 * among the DOC- questions by their wording), and ports found in notes written as prose ("DICOM on TCP port
 * 104 and 2762") with the question each came from. Pure; bounded by the caller's size limits.
 */
import type { DeclaredPort } from '../device-model.js';

/** The 23 security-capability sections of HN 1-2019 plus the device-description block. */
export const MDS2_SECTIONS = [
  'DOC',
  'MPII',
  'ALOF',
  'AUDT',
  'AUTH',
  'CSUP',
  'DIDT',
  'DTBK',
  'EMRG',
  'IGAU',
  'MLDP',
  'NAUT',
  'CONN',
  'PAUT',
  'PLOK',
  'RDMP',
  'SBOM',
  'SAHD',
  'SGUD',
  'STCF',
  'TXCF',
  'TXIG',
  'RMOT',
  'OTHR',
] as const;

export type Mds2Answer = 'yes' | 'no' | 'n/a' | 'see-note' | null;

export interface Mds2Question {
  readonly id: string; // 'RMOT-1', 'CONN-4.1'
  readonly question: string;
  readonly answer: Mds2Answer;
  readonly note: string;
}

export interface Mds2Form {
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly documentId: string | null;
  readonly releaseDate: string | null;
  readonly questions: readonly Mds2Question[];
  readonly ports: ReadonlyArray<DeclaredPort & { readonly from: string }>;
  readonly remoteService: boolean | null; // RMOT-1
  readonly os: string | null;
  readonly counts: Readonly<Record<'yes' | 'no' | 'n/a' | 'see-note' | 'unanswered', number>>;
  readonly warnings: readonly string[];
}

const ID = new RegExp(`^\\s*(${MDS2_SECTIONS.join('|')})\\s*[-–]\\s*(\\d{1,2}(?:\\.\\d{1,2}){0,2})\\b\\s*(.*)$`, 's');
const ANSWER = /^\s*(yes|no|n\s*\/\s*a|na|not applicable|see notes?)\s*(?:[-–:.,]\s*(.*))?$/is;

function answerOf(cell: string): { answer: Mds2Answer; rest: string } | null {
  const m = ANSWER.exec(cell);
  if (!m) return null;
  const w = m[1]!.toLowerCase().replace(/\s+/g, '');
  const answer: Mds2Answer = w === 'yes' ? 'yes' : w === 'no' ? 'no' : w.startsWith('see') ? 'see-note' : 'n/a';
  return { answer, rest: (m[2] ?? '').trim() };
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Ports written in prose: only numbers in a port context ("port 104", "TCP 2762", "104/tcp"), never "USB port 2". */
export function portsInProse(text: string): DeclaredPort[] {
  const out: DeclaredPort[] = [];
  const seen = new Set<string>();
  const add = (port: number, protocol: 'tcp' | 'udp') => {
    const key = `${port}/${protocol}`;
    if (port >= 1 && port <= 65535 && !seen.has(key)) {
      seen.add(key);
      out.push({ port, protocol });
    }
  };
  const t = text.slice(0, 64 * 1024);
  // "104/tcp", "161/UDP"
  for (const m of t.matchAll(/\b(\d{1,5})\s*\/\s*(tcp|udp)\b/gi)) add(Number(m[1]), m[2]!.toLowerCase() as 'tcp' | 'udp');
  // "TCP port(s) 104, 2762 and 11112", "port 443", "UDP 161", "ports 8080-8082"
  const list =
    /\b((?:(tcp|udp)(?:\s*\/\s*(?:tcp|udp))?\s+)?ports?(?:\s+(?:numbers?|no\.?))?|tcp|udp)\s*[:#=]?\s*((?:\d{1,5}(?:\s*-\s*\d{1,5})?(?:\s*\/\s*(?:tcp|udp))?(?:\s*\([^)]{0,40}\))?(?:\s*(?:,|;|and|or|&)\s*|\s+)?)+)/gi;
  for (const m of t.matchAll(list)) {
    const before = t.slice(Math.max(0, m.index! - 24), m.index!).toLowerCase();
    if (/(usb|serial|ethernet|network|hdmi|display|com|rs-?232|video|audio|\d)\s*$/.test(before) && !/^(tcp|udp)/i.test(m[1]!)) continue;
    const proto = (m[2] ?? (/^(tcp|udp)$/i.test(m[1]!) ? m[1] : null) ?? 'tcp').toLowerCase() as 'tcp' | 'udp';
    for (const n of m[3]!.matchAll(/(\d{1,5})(?:\s*-\s*(\d{1,5}))?(?:\s*\/\s*(tcp|udp))?/gi)) {
      const from = Number(n[1]);
      const to = n[2] ? Number(n[2]) : from;
      const p = (n[3]?.toLowerCase() as 'tcp' | 'udp' | undefined) ?? proto;
      if (to >= from && to - from < 64) for (let x = from; x <= to; x++) add(x, p);
    }
  }
  return out;
}

const OS =
  /\b(windows(?:\s+(?:server|embedded|iot|enterprise|ltsc|ltsb|standard|pro|professional|xp|vista|7|8\.1|8|10|11|sp\d|\d{4}|r2|[12]\d[hH][12]))+|debian\s+\d+|ubuntu\s+\d+\.\d+|(?:rhel|red hat enterprise linux)\s+\d+|centos\s+\d+)/i;

/** Reads the form from rows of cells; `continuation` joins ID-less rows to the previous note (reflowed text). */
export function readMds2(rows: ReadonlyArray<readonly string[]>): Mds2Form {
  const questions = new Map<string, { id: string; question: string; answer: Mds2Answer; note: string }>();
  const warnings: string[] = [];
  let last: { id: string; question: string; answer: Mds2Answer; note: string } | null = null;
  for (const raw of rows) {
    const cells = raw.map((c) => (c ?? '').replace(/\u00a0/g, ' ').trim()).filter((c, i, all) => c !== '' && all.indexOf(c) === i); // merged cells repeat their text
    if (cells.length === 0) continue;
    const idAt = cells.findIndex((c) => ID.test(c));
    if (idAt < 0) {
      // a reflowed line: more of the previous question's note (or its answer, when the answer wrapped)
      if (last && cells.join(' ').length < 4000) {
        const a = last.answer === null ? answerOf(cells[0]!) : null;
        if (a) {
          last.answer = a.answer;
          last.note = clean([last.note, a.rest, ...cells.slice(1)].join(' '));
        } else last.note = clean(`${last.note} ${cells.join(' ')}`);
      }
      continue;
    }
    const m = ID.exec(cells[idAt]!)!;
    const id = `${m[1]}-${m[2]}`;
    const rest = [m[3]!.trim(), ...cells.slice(idAt + 1)].filter(Boolean);
    const ai = rest.findIndex((c, i) => i > 0 && answerOf(c) !== null);
    // no answer column found: the question may hold the answer at its end ("... ? Yes")
    let question = ai > 0 ? rest.slice(0, ai).join(' ') : (rest[0] ?? '');
    let answer: Mds2Answer = null;
    let note = '';
    if (ai > 0) {
      const a = answerOf(rest[ai]!)!;
      answer = a.answer;
      note = [a.rest, ...rest.slice(ai + 1)].join(' ');
    } else {
      const tail = /^(.*?)\s+(yes|no|n\/a)\s*(?:[-–:]\s*(.*))?$/is.exec(question);
      if (tail && /\?\s*$/.test(tail[1]!)) [question, answer, note] = [tail[1]!, answerOf(tail[2]!)!.answer, tail[3] ?? ''];
      else note = rest.slice(1).join(' ');
    }
    // DOC rows carry values, not yes/no: the value is whatever follows the label
    if (id.startsWith('DOC-') && answer === null && !note && rest.length > 1) note = rest.slice(1).join(' ');
    if (questions.has(id)) warnings.push(`${id} appears more than once; the last one is used`);
    last = { id, question: clean(question), answer, note: clean(note) };
    questions.set(id, last);
  }
  const list = [...questions.values()];
  const doc = (re: RegExp) => list.find((q) => q.id.startsWith('DOC-') && re.test(q.question))?.note || null;
  const ports: Array<DeclaredPort & { from: string }> = [];
  for (const q of list)
    for (const p of portsInProse(`${q.note}`))
      if (!ports.some((x) => x.port === p.port && x.protocol === p.protocol)) ports.push({ ...p, from: q.id });
  const rmot = questions.get('RMOT-1');
  const osText = list.map((q) => OS.exec(q.note)?.[1]).find(Boolean) ?? null;
  const counts = { yes: 0, no: 0, 'n/a': 0, 'see-note': 0, unanswered: 0 };
  for (const q of list) if (!q.id.startsWith('DOC-')) counts[q.answer ?? 'unanswered']++;
  const manufacturer = doc(/manufacturer\s*name|^manufacturer\b/i);
  const model = doc(/device\s*model|model\s*(number|name)?\b/i);
  if (!manufacturer || !model)
    warnings.push('the device description (DOC) does not name the manufacturer and model: give them on the command line');
  return {
    manufacturer,
    model,
    documentId: doc(/document\s*id/i),
    releaseDate: doc(/release\s*date|document\s*date/i),
    questions: list,
    ports,
    remoteService: rmot?.answer === 'yes' ? true : rmot?.answer === 'no' ? false : null,
    os: osText ? clean(osText) : null,
    counts,
    warnings,
  };
}
