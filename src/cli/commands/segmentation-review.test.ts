/**
 * `radguard segmentation review` as a user meets it: text output with the violating rule and the exit code, and
 * clear errors for a bad interface map, an unknown format, a text nft ruleset and a file that is no ruleset.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-review-'));
const policy = join(dir, 'zones.yaml');
writeFileSync(
  policy,
  `version: 1
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow: []
`,
);
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const review = (...args: string[]) => runCli(['segmentation', 'review', '--policy', policy, ...args]);

describe('radguard segmentation review', () => {
  it('prints the path, the rule that allows it and exits 1; a clean ruleset exits 0', async () => {
    const bad = file('fw.csv', 'name,action,src,dst,proto,dst_port\nvendor,allow,office,10.1.0.7,tcp,104\n');
    const r = await review('--ruleset', bad);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('office → imaging             VIOLATION  ruleset: tcp/104 udp/-  policy: nothing');
    expect(r.out).toContain('[high] segmentation-ruleset-violation: office (10.3.0.0/24) → imaging 10.1.0.7 tcp/104 is allowed by row 2 "vendor: vendor,allow,office,10.1.0.7,tcp,104"');
    const ok = await review('--ruleset', file('ok.csv', 'action,src,dst\ndeny,any,any\n'));
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('The ruleset allows nothing the policy does not.');
  });

  it('explains bad input', async () => {
    const csv = file('x.csv', 'action,src,dst\nallow,any,any\n');
    expect((await review('--ruleset', csv, '--interface', 'eth0')).err).toMatch(/--interface eth0: expected IFACE=ZONE/);
    expect((await review('--ruleset', csv, '--interface', 'eth0=lab')).err).toMatch(/no zone "lab" in the policy/);
    expect((await review('--ruleset', csv, '--format', 'pf')).err).toMatch(/--format pf: one of iptables-save, nft, csv/);
    expect((await review('--ruleset', file('r.nft', 'table inet filter {\n}\n'))).err).toMatch(/nft -j list ruleset/);
    const none = await review('--ruleset', file('notes.txt', 'hello world\n'));
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/not recognised as iptables-save output, nft -j JSON or a CSV rule table/);
  });
});
