/**
 * fast-check arbitraries for parser fuzzing: random bytes, and captured messages with bytes flipped, cut short,
 * duplicated or given huge length fields — the shapes hostile or broken peers actually send.
 */
import fc from 'fast-check';

export function mutated(seed: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });
  return fc
    .record({ edits: fc.array(edit, { maxLength: 8 }), cut: fc.option(fc.nat(), { nil: undefined }), repeat: fc.boolean() })
    .map(({ edits, cut, repeat }) => {
      const b = Buffer.from(seed);
      for (const e of edits) if (b.length) b[e.at % b.length] = e.value;
      const cutAt = cut === undefined ? b.length : cut % (b.length + 1);
      const out = b.subarray(0, cutAt);
      return repeat ? Buffer.concat([out, out]) : Buffer.from(out);
    });
}

/** Random bytes, or one of the seeds mutated. */
export const hostileBytes = (...seeds: Buffer[]): fc.Arbitrary<Buffer> =>
  fc.oneof(fc.uint8Array({ maxLength: 1024 }).map((a) => Buffer.from(a)), ...seeds.map(mutated));

export const FUZZ_RUNS = 100_000;
