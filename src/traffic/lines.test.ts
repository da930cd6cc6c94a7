import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE } from './lines.js';

const split = (text: Buffer, cuts: number[]) => {
  const out: string[] = [];
  const s = new LineSplitter((b, start, end) => out.push(b.toString('latin1', start, end)));
  let at = 0;
  for (const c of [...cuts.map((x) => x % (text.length + 1))].sort((a, b) => a - b)) (s.push(text.subarray(at, c)), (at = c));
  s.push(text.subarray(at));
  s.end();
  return { out, overlong: s.overlong };
};

describe('line splitter', () => {
  it('gives the same lines (CRLF or LF, last line without newline) whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z\t ]{0,20}$/), { maxLength: 20 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 10 }), (lines, crlf, cuts) => {
        const text = Buffer.from(lines.join(crlf ? '\r\n' : '\n'), 'latin1');
        const expected = lines.length === 0 || (lines.length === 1 && lines[0] === '') ? [] : lines.slice(0, lines[lines.length - 1] === '' ? -1 : undefined);
        expect(split(text, cuts).out).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('drops a line longer than the cap, in one chunk or many, and keeps the next', () => {
    const big = Buffer.concat([Buffer.from('a\n'), Buffer.alloc(MAX_LINE + 10, 0x78), Buffer.from('\nb\n')]);
    for (const cuts of [[], [100], [5, MAX_LINE / 2, MAX_LINE + 3]]) expect(split(big, cuts)).toEqual({ out: ['a', 'b'], overlong: 1 });
  });
});
