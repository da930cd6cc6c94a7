import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../core/errors.js';
import { readCsaf } from './csaf.feed.js';
import { readEpss } from './epss.feed.js';
import { streamArrayElements } from './json-stream.js';
import { readKevCsv, readKevJson } from './kev.feed.js';
import { readNvdDocument } from './nvd.feed.js';
import { readOsv } from './osv.feed.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const D = `${SHARED_DATA}/vuln`;
const json = (p: string) => JSON.parse(readFileSync(`${D}/${p}`, 'utf8'));

/** Replaces the value at a random path of a JSON document with an arbitrary JSON value. */
function mutate(doc: unknown, choices: number[], replacement: unknown): unknown {
  const copy = structuredClone(doc);
  let cur: unknown = copy;
  for (const c of choices) {
    if (typeof cur !== 'object' || cur === null) break;
    const keys = Object.keys(cur);
    if (!keys.length) break;
    const k = keys[c % keys.length]!;
    const next = (cur as Record<string, unknown>)[k];
    if (typeof next !== 'object' || next === null || c % 5 === 0) {
      (cur as Record<string, unknown>)[k] = replacement;
      return copy;
    }
    cur = next;
  }
  return copy;
}

const onlyAppErrors = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
  }
};

describe('feed parsers survive mutated documents (only AppError, never TypeError)', () => {
  const seeds: [string, unknown, (d: unknown) => unknown][] = [
    ['nvd 2.0', { format: 'NVD_CVE', vulnerabilities: [{ cve: json('nvd/records/CVE-2017-0143.json') }, { cve: json('nvd/records/CVE-2025-0896.json') }] }, (d) => readNvdDocument('f', d)],
    ['nvd 1.1', json('nvd/legacy-1.1/CVE-2014-0160.json'), (d) => readNvdDocument('f', d)],
    ['kev', { ...json('kev/known_exploited_vulnerabilities.json'), vulnerabilities: json('kev/known_exploited_vulnerabilities.json').vulnerabilities.slice(0, 5) }, (d) => readKevJson('f', d)],
    ['csaf', json('csaf/cisa-icsma/2018/icsma-18-058-02.json'), (d) => readCsaf('f', d)],
    ['osv', json('osv/ghsa/GHSA-jfh8-c2jp-5v3q.json'), (d) => readOsv('f', d)],
  ];
  for (const [name, seed, read] of seeds) {
    it(name, () => {
      read(seed); // the real document parses
      fc.assert(
        fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
          onlyAppErrors(() => read(mutate(seed, path, value)));
        }),
        { numRuns: name === 'csaf' ? 500 : 1500 },
      );
    });
  }
});

describe('text feed parsers survive truncation and garbage', () => {
  const kevCsv = readFileSync(`${D}/kev/known_exploited_vulnerabilities.csv`, 'utf8').slice(0, 20000);
  const epss = readFileSync(`${D}/epss/epss_scores-2026-09-29.head.csv`, 'utf8');
  it('KEV CSV and EPSS CSV', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 6 }), (cut, junk) => {
        for (const [text, read] of [[kevCsv, readKevCsv], [epss, readEpss]] as const) {
          const at = Math.floor(text.length * cut);
          onlyAppErrors(() => read('f', text.slice(0, at) + junk));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the NVD stream splitter returns each record exactly, whatever quotes, backslashes and chunk edges hold', async () => {
    // Strings full of \\ and \" put escaped and unescaped quotes on every chunk boundary the splitter skips over.
    const str = fc.string({ unit: fc.constantFrom('\\', '"', 'a', '{', '}', '[', ']', ',', 'é', ' '), maxLength: 40 });
    const rec = fc.record({ cve: fc.record({ id: str, descriptions: fc.array(fc.record({ value: str }), { maxLength: 3 }) }) });
    await fc.assert(
      fc.asyncProperty(fc.array(rec, { maxLength: 6 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), async (recs, chunk, envelope) => {
        const text = envelope ? JSON.stringify({ timestamp: 'x"\\', vulnerabilities: recs }) : JSON.stringify(recs);
        const buf = Buffer.from(text);
        async function* chunks() {
          for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
        }
        const got: unknown[] = [];
        for await (const el of streamArrayElements('f', chunks(), ['vulnerabilities'])) got.push(JSON.parse(el.text));
        expect(got).toEqual(recs);
      }),
      { numRuns: 3000 },
    );
  });

  it('the NVD stream splitter ends with an error or complete records, whatever the cut', async () => {
    const text = JSON.stringify({ format: 'NVD_CVE', vulnerabilities: [{ cve: json('nvd/records/CVE-2022-2119.json') }, { cve: json('nvd/records/CVE-2022-2120.json') }] });
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length), fc.integer({ min: 1, max: 4096 }), async (cut, chunk) => {
        const buf = Buffer.from(text.slice(0, cut));
        async function* chunks() {
          for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
        }
        try {
          for await (const el of streamArrayElements('f', chunks(), ['vulnerabilities'])) expect(() => JSON.parse(el.text)).not.toThrow();
          expect(cut).toBeGreaterThan(text.length - 3); // only an (almost) complete file ends without an error
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
