import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowSet } from './flow.js';
import { ipv4Value, ipv4ValueAt } from './flow-table-v4.js';

describe('FlowSet', () => {
  it('merges per (src, dst, protocol, port) exactly like a plain map, for IPv4 (typed table, through growth) and IPv6', () => {
    const addr = fc.oneof(fc.constantFrom('10.1.0.5', '10.1.0.6', '192.0.2.25', '255.255.255.255', '0.0.0.0'), fc.ipV4(), fc.constantFrom('fd00::1', '2001:db8::7'));
    const row = fc.record({ src: addr, dst: addr, udp: fc.boolean(), port: fc.integer({ min: 0, max: 65535 }), bytes: fc.nat(1e6), packets: fc.nat(1000), first: fc.integer({ min: 0, max: 1e12 }), len: fc.nat(1e6) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 3000 }), (rows) => {
        const set = new FlowSet();
        const ref = new Map<string, { bytes: number; packets: number; first: number; last: number }>();
        for (const r of rows) {
          set.add(r.src, r.dst, r.udp ? 'udp' : 'tcp', r.port, r.bytes, r.packets, r.first, r.first + r.len, 'f');
          const k = `${r.src}|${r.dst}|${r.udp ? 'udp' : 'tcp'}|${r.port}`;
          const e = ref.get(k);
          if (!e) ref.set(k, { bytes: r.bytes, packets: r.packets, first: r.first, last: r.first + r.len });
          else (e.bytes += r.bytes), (e.packets += r.packets), (e.first = Math.min(e.first, r.first)), (e.last = Math.max(e.last, r.first + r.len));
        }
        const got = new Map([...set].map((f) => [`${f.src}|${f.dst}|${f.protocol}|${f.dstPort}`, { bytes: f.bytes, packets: f.packets, first: Date.parse(f.firstSeen), last: Date.parse(f.lastSeen) }]));
        expect(set.size).toBe(ref.size);
        expect(got).toEqual(ref);
      }),
      { numRuns: 200 },
    );
  });

  it('reads dotted quads and nothing else as IPv4, from text and from bytes', () => {
    for (const [t, v] of [['10.1.0.5', 0x0a010005], ['255.255.255.255', 0xffffffff], ['0.0.0.0', 0], ['256.0.0.1', -1], ['1.2.3', -1], ['1.2.3.4.5', -1], ['1..2.3', -1], ['fd00::1', -1], ['', -1], ['-', -1], ['1.2.3.4 ', -1]] as const) {
      expect(ipv4Value(t)).toBe(v);
      const b = Buffer.from(`x${t}y`);
      expect(ipv4ValueAt(b, 1, b.length - 1)).toBe(v);
    }
  });
});
