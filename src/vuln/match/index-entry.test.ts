import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachPassing, groupEntries, mayMatch, type IndexEntry } from './index-entry.js';
import { assetCpe, evaluateEntry, type CpeMatchEntry } from './nvd-config.js';

const VERSIONS = ['1.0', '1.0.0', '2.3.4', '3.6.6', '3.6.7', '4.0', '4.0e', '9.2p1', '2018-1', '2021-1', 'r4.1l1', 'va10', '-', '*', 'x.y'];

/** The index row the store would write for this criterion (mirrors vuln-store indexRow). */
function rowOf(m: CpeMatchEntry): IndexEntry {
  const p = m.criteria.split(':');
  const constrained = p.slice(6, 13).some((v) => v !== '*');
  const raw = p[5]!;
  return { cve: 'CVE-1', part: p[2]!, version: constrained ? '?' : raw === '*' || raw === '-' ? raw : raw.toLowerCase(),
    startIncl: m.versionStartIncluding, startExcl: m.versionStartExcluding, endIncl: m.versionEndIncluding, endExcl: m.versionEndExcluding };
}

describe('index pre-filter', () => {
  it('never rules out what the full evaluator would match or send to review', () => {
    const v = fc.constantFrom(...VERSIONS);
    const bound = fc.option(fc.constantFrom(...VERSIONS.filter((x) => x !== '*' && x !== '-')), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom('a', 'o', '*'), v, fc.constantFrom('*', 'p1', '-'), bound, bound, bound, bound, fc.constantFrom('a', 'o'), v, fc.constantFrom('*', 'p1'),
        (part, cv, upd, si, se, ei, ee, tpart, tv, tupd) => {
          const entry: CpeMatchEntry = { vulnerable: true, criteria: `cpe:2.3:${part}:v:p:${cv}:${upd}:*:*:*:*:*:*`,
            ...(si ? { versionStartIncluding: si } : {}), ...(se ? { versionStartExcluding: se } : {}), ...(ei ? { versionEndIncluding: ei } : {}), ...(ee ? { versionEndExcluding: ee } : {}) };
          const t = assetCpe('c', `cpe:2.3:${tpart}:v:p:${tv}:${tupd}:*:*:*:*:*:*`)!;
          if (!mayMatch(rowOf(entry), t)) expect(evaluateEntry(entry, t).state).toBe('no');
        }),
      { numRuns: 20000 },
    );
  });

  it('grouped by kind of version, lets through exactly the entries mayMatch lets through', () => {
    const v = fc.constantFrom(...VERSIONS);
    // Half the bounds absent, so entries without any bound (exact versions, ANY, NA) are common too.
    const bound = fc.option(fc.constantFrom(...VERSIONS.filter((x) => x !== '*' && x !== '-')), { nil: undefined, freq: 2 });
    const entry = fc.record({ cve: fc.constant('CVE-1'), part: fc.constantFrom('a', 'o', '*'), version: fc.constantFrom(...VERSIONS, '?', '4.0E'),
      startIncl: bound, startExcl: bound, endIncl: bound, endExcl: bound });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.constantFrom('a', 'o'), v, fc.constantFrom('*', 'p1'), (list, tpart, tv, tupd) => {
        const t = assetCpe('c', `cpe:2.3:${tpart}:v:p:${tv}:${tupd}:*:*:*:*:*:*`)!;
        const passed: number[] = [];
        forEachPassing(groupEntries(list), list, t, (i) => passed.push(i));
        expect(passed.sort((a, b) => a - b)).toEqual(list.flatMap((e, i) => (mayMatch(e, t) ? [i] : [])));
      }),
      { numRuns: 20000 },
    );
  });
});
