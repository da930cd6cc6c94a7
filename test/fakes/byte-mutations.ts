/**
 * Mutated network replies for parser fuzzing: a captured seed with a few byte edits (overwrite, delete, insert,
 * truncate, duplicate a run, or a length-like field forced to 0/0xff…), or plain random bytes. Parsers must return
 * a value or undefined for every one of them, fast, and never throw.
 */
import fc from 'fast-check';

type Edit = readonly [pos: number, value: number, op: 'set' | 'del' | 'ins' | 'trunc' | 'dup' | 'max' | 'zero'];

export function applyEdits(seed: Buffer, edits: readonly Edit[]): Buffer {
  let b = Buffer.from(seed);
  for (const [pos, value, op] of edits) {
    const at = b.length ? pos % b.length : 0;
    switch (op) {
      case 'set':
        if (b.length) b[at] = value;
        break;
      case 'del':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + (value % 8))]);
        break;
      case 'ins':
        b = Buffer.concat([b.subarray(0, at), Buffer.from([value, value ^ 0xff]), b.subarray(at)]);
        break;
      case 'trunc':
        b = b.subarray(0, at);
        break;
      case 'dup':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + 1 + (value % 32)), b.subarray(at)]);
        break;
      case 'max':
        for (let i = at; i < Math.min(b.length, at + 1 + (value % 4)); i++) b[i] = 0xff;
        break;
      case 'zero':
        for (let i = at; i < Math.min(b.length, at + 1 + (value % 4)); i++) b[i] = 0;
        break;
    }
  }
  return b;
}

/** An arbitrary over mutations of the given seeds (90%) and random byte strings (10%). */
export function mutatedReplies(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const edit = fc.tuple(
    fc.nat(),
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom('set', 'del', 'ins', 'trunc', 'dup', 'max', 'zero' as const),
  ) as fc.Arbitrary<Edit>;
  return fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([i, e]) => applyEdits(seeds[i]!, e)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)) },
  );
}
