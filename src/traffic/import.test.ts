import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FlowSet } from './flow.js';
import { importTrafficFile } from './import.js';
import { pcapngFile } from './testing/build.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-traffic-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

// Zeek's own header layout (conn.log, TSV), with one ICMP row that has no port to judge and one broken row.
const ZEEK_TSV = `#separator \\x09
#set_separator\t,
#empty_field\t(empty)
#unset_field\t-
#path\tconn
#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents
#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]
1740816000.123456\tCAbc\t10.1.0.5\t40001\t10.2.0.10\t104\ttcp\tdicom\t2.5\t1000\t200\tSF\t-\t-\t0\tShADadFf\t10\t1520\t8\t620\t-
1740816001.000000\tCdef\t10.1.0.5\t50000\t192.0.2.25\t25\ttcp\tsmtp\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t60\t0\t0\t-
1740816002.000000\tCghi\t10.1.0.5\t8\t10.2.0.10\t0\ticmp\t-\t-\t-\t-\tOTH\t-\t-\t0\t-\t1\t84\t0\t0\t-
1740816003.000000\tCjkl\t10.1.0.5\t40002\t10.2.0.10\tnotaport\ttcp
#close\t2026-03-01-08-00-05
`;

describe('traffic import', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('Zeek conn.log TSV: originator is the client; IP bytes and packets summed; bad rows reported', async () => {
    const set = new FlowSet();
    const s = await importTrafficFile(file('conn.log', ZEEK_TSV), set);
    expect(s).toMatchObject({ format: 'zeek-conn', rows: 2, skippedRows: 1, flows: 2 });
    expect(s.problems[0]).toMatch(/conn\.log:11: bad responder port "notaport"/);
    expect([...set]).toEqual([
      expect.objectContaining({ src: '10.1.0.5', dst: '10.2.0.10', dstPort: 104, bytes: 2140, packets: 18, firstSeen: '2025-03-01T08:00:00.123Z', lastSeen: '2025-03-01T08:00:02.623Z' }),
      expect.objectContaining({ src: '10.1.0.5', dst: '192.0.2.25', dstPort: 25, bytes: 60, packets: 1 }),
    ]);
  });

  it('Zeek conn.log JSON lines, gzip-compressed', async () => {
    const json = [
      { ts: 1740816000.5, 'id.orig_h': '10.1.0.5', 'id.orig_p': 1, 'id.resp_h': '198.51.100.7', 'id.resp_p': 443, proto: 'tcp', orig_bytes: 10, resp_bytes: 20, orig_pkts: 1, resp_pkts: 1 },
      { ts: '2025-03-01T08:00:01Z', 'id.orig_h': 'fd00::5', 'id.orig_p': 1, 'id.resp_h': 'fd00::9', 'id.resp_p': 2575, proto: 'tcp' },
    ];
    const set = new FlowSet();
    const s = await importTrafficFile(file('conn.json.gz', gzipSync(json.map((o) => JSON.stringify(o)).join('\n') + '\n{broken\n')), set);
    expect(s).toMatchObject({ format: 'zeek-conn', gzip: true, rows: 2, skippedRows: 1 });
    expect([...set].map((f) => `${f.src}>${f.dst}:${f.dstPort} ${f.bytes}`)).toEqual(['10.1.0.5>198.51.100.7:443 30', 'fd00::5>fd00::9:2575 0']);
  });

  it('CSV flows with aliases, quotes, numeric protocols; rows without the needed columns are refused', async () => {
    const set = new FlowSet();
    const s = await importTrafficFile(
      file('fw.csv', 'srcaddr,dstaddr,dport,protocol,bytes,packets,start,end\n10.1.0.5,"192.0.2.25",25,6,500,5,1740816000,1740816009\n10.1.0.5,10.9.9.9,53,17,80,1,2025-03-01T08:00:00Z,\n10.1.0.5,10.9.9.9,x,6\n10.1.0.5,10.9.9.9,0,1\n'),
      set,
    );
    expect(s).toMatchObject({ format: 'csv-flows', rows: 2, skippedRows: 2 });
    expect([...set]).toEqual([
      expect.objectContaining({ src: '10.1.0.5', dst: '192.0.2.25', protocol: 'tcp', dstPort: 25, bytes: 500, packets: 5, lastSeen: '2025-03-01T08:00:09.000Z' }),
      expect.objectContaining({ dst: '10.9.9.9', protocol: 'udp', dstPort: 53 }),
    ]);
    const bad = await importTrafficFile(file('nohead.csv', 'a,b,c\n1,2,3\n'), new FlowSet());
    expect(bad.problems[0]).toMatch(/header row must name src, dst and dst_port \(missing: src, dst, dst_port\)/);
  });

  it('gzip pcapng; a gzip stream cut short keeps what was decoded and says so', async () => {
    const cap = pcapngFile(Array.from({ length: 2000 }, (_, i) => ({ src: '10.1.0.5', dst: '192.0.2.25', sport: 40000 + (i % 50), dport: 25, payload: Buffer.alloc(200, i), tsMs: 1740816000000 + i })));
    const gz = gzipSync(cap);
    const set = new FlowSet();
    expect(await importTrafficFile(file('a.pcapng.gz', gz), set)).toMatchObject({ format: 'pcapng', gzip: true, packets: 2000, flows: 50, problems: [] });
    expect([...set]).toEqual([expect.objectContaining({ src: '10.1.0.5', dst: '192.0.2.25', dstPort: 25, packets: 2000 })]); // 50 connections, one service pair
    const cut = await importTrafficFile(file('cut.pcapng.gz', gz.subarray(0, gz.length >> 1)), new FlowSet());
    expect(cut.packets).toBeGreaterThan(0);
    expect(cut.packets).toBeLessThan(2000);
    expect(cut.problems.join()).toMatch(/gzip error/);
    expect(await importTrafficFile(file('empty', ''), new FlowSet())).toMatchObject({ format: 'unknown', problems: ['empty file'] });
  });
});
