import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureReader, MAX_PACKET } from './capture.js';
import { ConnectionTable } from './connections.js';
import { FlowSet } from './flow.js';
import { pcapFile, pcapngFile, type TestPacket } from './testing/build.js';

const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const session: TestPacket[] = [
  { src: '10.1.0.5', dst: '10.2.0.10', sport: 40001, dport: 104, flags: 0x02, tsMs: T0 },
  { src: '10.2.0.10', dst: '10.1.0.5', sport: 104, dport: 40001, flags: 0x12, tsMs: T0 + 1 },
  { src: '10.1.0.5', dst: '10.2.0.10', sport: 40001, dport: 104, payload: Buffer.from('hello'), tsMs: T0 + 2.5 },
  { src: '10.1.0.5', dst: '192.0.2.25', sport: 50000, dport: 25, payload: Buffer.from('EHLO x\r\n'), tsMs: T0 + 10 },
  { src: '10.1.0.5', dst: '10.9.9.9', sport: 5353, dport: 53, proto: 'udp', payload: Buffer.alloc(30), tsMs: T0 + 20 },
];

function read(file: Buffer, chunk = file.length) {
  const pkts: { link: number; ts: number; len: number }[] = [];
  const r = new CaptureReader((link, ts, _buf, start, end) => pkts.push({ link, ts, len: end - start }));
  for (let o = 0; o < file.length; o += chunk) r.push(file.subarray(o, o + chunk));
  return { pkts, summary: r.end() };
}

function flowsOf(file: Buffer) {
  const set = new FlowSet();
  const t = new ConnectionTable('test.pcap', set);
  const r = new CaptureReader((link, ts, buf, start, end) => t.packet(link, ts, buf, start, end));
  r.push(file);
  r.end();
  t.finish();
  return [...set].map((f) => `${f.src}>${f.dst}:${f.dstPort}/${f.protocol} ${f.packets}p ${f.firstSeen}`);
}

describe('capture reader', () => {
  const variants: [string, Buffer][] = [
    ['pcap LE µs', pcapFile(session)],
    ['pcap BE ns', pcapFile(session, { bigEndian: true, nano: true })],
    ['pcapng LE µs', pcapngFile(session)],
    ['pcapng BE ns', pcapngFile(session, { bigEndian: true, tsresol: 9 })],
  ];
  it.each(variants)('%s: every packet, with its time, in any chunking', (_n, file) => {
    const whole = read(file);
    expect(whole.summary).toMatchObject({ packets: 5, truncated: false, problem: null });
    expect(whole.pkts[2]!.ts).toBeCloseTo(T0 + 2.5, 3);
    for (const chunk of [1, 7, 64, 1000]) expect(read(file, chunk).pkts).toEqual(whole.pkts);
  });

  it('packets become client → server flows (SYN sender is the client; else the higher port)', () => {
    expect(flowsOf(pcapngFile(session))).toEqual([
      '10.1.0.5>10.2.0.10:104/tcp 3p 2026-03-01T08:00:00.000Z',
      '10.1.0.5>192.0.2.25:25/tcp 1p 2026-03-01T08:00:00.010Z',
      '10.1.0.5>10.9.9.9:53/udp 1p 2026-03-01T08:00:00.020Z',
    ]);
  });

  it('reports truncation, huge lengths, bad magic and an unknown link type', () => {
    const file = pcapFile(session);
    expect(read(file.subarray(0, file.length - 3)).summary).toMatchObject({ packets: 4, truncated: true, problem: null });
    const huge = Buffer.from(file);
    huge.writeUInt32LE(0x7fffffff, 24 + 8); // first record's captured length
    expect(read(huge).summary.problem).toMatch(/claims 2147483647 bytes \(limit 262144\)/);
    const ng = Buffer.from(pcapngFile(session));
    ng.writeUInt32LE(0xfffffff0, 28 + 4); // the IDB's block length
    expect(read(ng).summary.problem).toMatch(/claims 4294967280 bytes/);
    expect(read(Buffer.from('GIF89a....')).summary.problem).toMatch(/not a pcap or pcapng capture/);
    expect(read(Buffer.alloc(0)).summary.problem).toBe('empty file');
    const t = new ConnectionTable('x', new FlowSet());
    const r = new CaptureReader((link, ts, buf, start, end) => t.packet(link, ts, buf, start, end));
    r.push(pcapFile(session, { linkType: 147 }));
    r.end();
    expect(t.undecodable).toBe(5);
  });

  it('fuzz: garbage, mutations and truncations never throw nor yield a packet beyond the caps (100k runs)', () => {
    const seeds = [pcapFile(session), pcapngFile(session), pcapngFile(session, { bigEndian: true, tsresol: 9 }), pcapFile(session, { nano: true, bigEndian: true })];
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), fc.integer({ min: 1, max: 300 }))
      .map(([seed, edits, cut, chunk]) => {
        const b = Buffer.from(seed);
        for (const [at, v] of edits) b[at % b.length] = v;
        return { bytes: b.subarray(0, b.length - (cut % 40)), chunk };
      });
    const garbage = fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 64 })).map(([a, chunk]) => {
      const b = Buffer.from(a);
      if (b.length >= 4 && a[0]! % 2) b.writeUInt32BE(a[1]! % 2 ? 0x0a0d0d0a : 0xd4c3b2a1, 0); // often a valid magic
      return { bytes: b, chunk };
    });
    fc.assert(
      fc.property(fc.oneof(mutated, garbage), ({ bytes, chunk }) => {
        const set = new FlowSet();
        const t = new ConnectionTable('fuzz', set);
        let n = 0;
        const r = new CaptureReader((link, ts, buf, start, end) => {
          n++;
          if (end - start > MAX_PACKET || start < 0 || end > buf.length) expect({ start, end, length: buf.length }).toBe('a packet inside its chunk, within the cap');
          t.packet(link, ts, buf, start, end);
        });
        for (let o = 0; o < bytes.length; o += chunk) r.push(bytes.subarray(o, o + chunk));
        const s = r.end();
        expect(s.packets).toBe(n);
        t.finish();
        for (const f of set) expect(f.dstPort).toBeLessThanOrEqual(65535);
      }),
      { numRuns: 100_000 },
    );
  }, 60_000);
});
