/**
 * Advisory product names that name more than one device model. CISA writes product lines with exclusions ("LOGIQ,
 * not including LOGIQ 100 Pro", "Venue, not including Venue 40 R1-3 and Venue 50 R4-5") and lists of models in one
 * name ("Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50", "IntelliVue MP monitors MX800/700/600"). A maintenance
 * system names one model ("Avalon FM30", "LOGIQ E10"), which neither the whole name nor a prefix of it matches.
 * `memberOf` says whether a device is one the name covers: a member of the product line and none of its exclusions,
 * or a device whose every word (a model code among them) the name has, its lists spelled out.
 */
import { foldName } from './vendor-names.js';

/** A device as `memberOf` reads it: its model name folded, and its words (the company's own taken out). */
export interface DeviceName {
  readonly fold: string;
  readonly words: readonly string[];
  /** Its first word with a digit (a model code): the word least likely in another name, so asked first. */
  readonly code?: string;
}

export type Membership = 'member of the product line' | 'named in the list' | 'its words in the name' | 'its model number in the name';

interface Reading {
  readonly line?: { readonly fold: string; readonly excluded: readonly string[] };
  /** Every word of the name, lists spelled out; and the items of its lists (`EPIQ/Affiniti`: epiq, affiniti). */
  readonly words?: ReadonlySet<string>;
  readonly listed?: ReadonlySet<string>;
  /** Ranges of models: `MP20-MP90`, `MX400-550`. */
  readonly ranges?: readonly ModelRange[];
}

interface ModelRange {
  readonly prefix: string;
  readonly from: number;
  readonly to: number;
}

/** `MP20-MP90`, `MX400-550`: letters, a number, and a higher number after a dash (with the same letters, or none). */
const MODEL_RANGE = /^([a-z]+)(\d+)-(?:([a-z]+))?(\d+)$/;

function modelRange(token: string): ModelRange | undefined {
  const m = MODEL_RANGE.exec(token);
  if (!m || (m[3] !== undefined && m[3] !== m[1])) return undefined;
  const [from, to] = [Number(m[2]), Number(m[4])];
  return from < to ? { prefix: m[1]!, from, to } : undefined;
}

const withinRange = (word: string, r: ModelRange): boolean => {
  const digits = word.slice(r.prefix.length);
  return word.startsWith(r.prefix) && /^\d+$/.test(digits) && Number(digits) >= r.from && Number(digits) <= r.to;
};

const EXCLUSION = /^(.+?),?\s+(?:not including|excluding|except(?: for)?)\s+(.+)$/i;
/** Words that say "a line of products" after its name: "Vivid products", "VScan product line". */
const LINE_WORDS = /\s+(?:products?(?: line)?|product family|family|series)$/i;
/** A revision qualifier after an excluded model ("Venue 40 R1-3"): the model is excluded whatever its revision. */
const REVISIONS = /\s+R\d+(?:-\d+)?$/i;

/**
 * The words of a name, with lists of models spelled out: `MX800/700/600` is mx800, mx700 and mx600 (an item that
 * begins with a digit and is shorter than the one before it replaces that one's end), `865240/41/42` is 865240,
 * 865241 and 865242, `Fetal/Maternal` is fetal and maternal. The items of lists go into `listed`, and ranges of
 * models (`MX400-550`) into `ranges`.
 */
export function nameWords(name: string, listed?: Set<string>, ranges?: ModelRange[]): string[] {
  const out: string[] = [];
  for (const chunk of name.toLowerCase().split(/[\s,()]+/)) {
    const range = ranges && modelRange(chunk);
    if (range) ranges.push(range);
    const items = chunk.split('/');
    let previous = '';
    for (const raw of items) {
      let item = foldName(raw);
      if (!item) continue;
      if (previous && /^\d/.test(item) && item.length < previous.length) item = previous.slice(0, previous.length - item.length) + item;
      // "(includingMP2/X2/…)": CISA's missing space
      if (item.startsWith('including') && item.length > 'including'.length) item = item.slice('including'.length);
      out.push(item);
      if (items.length > 1) listed?.add(item);
      previous = item;
    }
  }
  return out;
}

const readings = new Map<string, Reading>();

/** Longer than any product name in CISA's advisories (109 characters): read as a name only, never as a family. */
const LONGEST = 256;

function reading(name: string): Reading {
  let r = readings.get(name);
  if (r) return r;
  // The exclusion pattern backtracks over runs of spaces: a feed's garbage name of 20,000 took a second.
  if (name.length > LONGEST) return {};
  const ex = EXCLUSION.exec(name.trim());
  if (ex) {
    const line = foldName(ex[1]!.replace(LINE_WORDS, ''));
    const excluded = ex[2]!
      .split(/\s*(?:,|\/|\band\b)\s*/i)
      .map((x) => foldName(x.replace(LINE_WORDS, '').replace(REVISIONS, '')))
      .filter((x) => x.length >= 2);
    // A product line's name must say something on its own: four letters or more.
    r = line.length >= 4 ? { line: { fold: line, excluded } } : {};
  } else {
    const listed = new Set<string>();
    const ranges: ModelRange[] = [];
    const words = new Set(nameWords(name, listed, ranges));
    r = { words, listed, ranges };
  }
  if (readings.size > 10_000) readings.clear();
  readings.set(name, r);
  return r;
}

/** Whether an advisory's product name covers the device, and how (undefined: it does not, in either of these ways). */
export function memberOf(productName: string, device: DeviceName): Membership | undefined {
  const r = reading(productName);
  if (r.line) {
    const { fold, excluded } = r.line;
    if (!device.fold.startsWith(fold) || device.fold === fold) return undefined; // the line's own name: matched as a name
    return excluded.some((x) => device.fold.startsWith(x)) ? undefined : 'member of the product line';
  }
  if (!r.words || !device.words.length) return undefined;
  // Every word of the device in the name (or in a range of models it gives), two words at least and a model code
  // among them: "Avalon FM30" in "Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50", "IntelliVue MX700" in
  // "IntelliVue MP monitors MX800/700/600", "IntelliVue MX450" in "IntelliVue Patient Monitors MX (MX400-550)"; and in
  // any name, in another order or after a brand: "ELI 380" in "Welch Allyn ELI 380 Resting Electrocardiograph".
  if (device.code !== undefined && named(r, device.code)) {
    if (device.words.length >= 2 && device.words.every((w) => named(r, w)))
      return r.listed!.size || r.ranges!.length ? 'named in the list' : 'its words in the name';
    // A device the inventory names by its model number alone: "8015" of "Alaris PC Unit Model 8015", "865241" of
    // "IntelliVue MP monitors MX800/700/600 ((865240/41/42) WLAN". Three digits at least: "E10" says too little.
    if (device.words.length === 1 && device.code.length >= 4 && (device.code.match(/\d/g) ?? []).length >= 3)
      return 'its model number in the name';
  }
  // Or led by an item of a list, four characters or more with a letter: "EPIQ 7" of "Ultrasound EPIQ/Affiniti",
  // "Allure" of "Assurity/Allure", "FM30".
  const first = device.words[0]!;
  return first.length >= 4 && /[a-z]/.test(first) && r.listed!.has(first) ? 'named in the list' : undefined;
}

const named = (r: Reading, w: string): boolean => r.words!.has(w) || (r.ranges!.length > 0 && r.ranges!.some((x) => withinRange(w, x)));

/** The device's model as `memberOf` reads it, without the words of its company's name. */
export function deviceName(model: string, vendor: string): DeviceName {
  const own = new Set(nameWords(vendor));
  const words = nameWords(model).filter((w) => !own.has(w));
  const code = words.find((w) => /\d/.test(w));
  return { fold: words.join(''), words, ...(code !== undefined ? { code } : {}) };
}
