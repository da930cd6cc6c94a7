/**
 * A scan of a real OpenSSH (Debian 12's openssh-server, in a namespace at 10.77.23.0/24) whose banner names its
 * Debian build: NVD's records match the upstream 9.2p1, and Debian's own records decide whether the build on the
 * wire carries the fix. The feeds are made up (src/vuln/testdata/openssh-backport.ts): CVE-2099-1000 fixed in
 * bookworm by 1:9.2p1-2+deb12u3, CVE-2099-1001 still open there.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteScanStore } from '../../src/store/sqlite/scan-store.js';
import { makeHostKeys, startSshd } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';
import { debianRecord, writeOpenSshFeeds } from '../../src/vuln/testdata/openssh-backport.js';

const run = promisify(execFile);
const cli = new URL('../../bin/radguard.js', import.meta.url).pathname;
const ok = netnsAvailable() && commandsAvailable('/usr/sbin/sshd', 'ssh-keygen');

describe.skipIf(!ok)("a Debian build on the wire, judged by Debian's records", () => {
  let net: TestNet;
  const dir = mkdtempSync(join(tmpdir(), 'rg-backport-'));
  const db = join(dir, 'r.db');

  beforeAll(async () => {
    makeHostKeys(dir);
    net = createTestNet(23, [{ name: 'workstation' }]);
    await startSshd(net.host('workstation'), dir);
    const feeds = join(dir, 'feeds');
    mkdirSync(feeds);
    writeOpenSshFeeds(feeds, writeFileSync);
    await run(process.execPath, [cli, '--db', db, 'feeds', 'import', feeds]);
  });
  afterAll(() => {
    net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the backported fix makes the NVD match a false positive, with the reason; the open one stays open', async () => {
    const host = net.host('workstation').address;
    const scan = await run(process.execPath, [cli, '--db', db, 'scan', host, '-p', '22', '--fast', '--json']).catch(
      (e: { stdout: string }) => e,
    );
    const scanId = JSON.parse(scan.stdout).scan.id as string;
    const store = SqliteScanStore.open(db, { readonly: true });
    try {
      const found = store.findings({ host }).filter((f) => f.cve?.startsWith('CVE-2099-'));
      const banner = /openssh (?:1:)?9\.2p1-2\+deb12u(\d+)/.exec(found[0]?.evidence ?? '');
      expect(Number(banner?.[1])).toBeGreaterThanOrEqual(3); // Debian 12's openssh-server is past the made-up fix
      const fixed = found.find((f) => f.cve === 'CVE-2099-1000')!;
      expect(fixed).toMatchObject({ state: 'false-positive', justification: 'fixed in the distribution build' });
      expect(fixed.evidence).toContain('Debian:12 fixes it in 1:9.2p1-2+deb12u3 (DEBIAN-CVE-2099-1000)');
      expect(store.findingHistory(fixed.key).at(-1)).toMatchObject({ to: 'false-positive', actor: 'vex', scanId });
      const open = found.find((f) => f.cve === 'CVE-2099-1001')!;
      expect(open.state).toBe('open');
      expect(open.remediation).toBe(
        'Debian:12 has no fixed openssh package yet (DEBIAN-CVE-2099-1001): follow its tracker, and limit who can reach the service until it has.',
      );
      expect(open.evidence).toMatch(
        /Debian:12 has not fixed it yet \(DEBIAN-CVE-2099-1001\); this build, openssh 9\.2p1-2\+deb12u\d+, is affected/,
      );
    } finally {
      store.close();
    }
  });

  it('a revised record that no longer counts the build as fixed reopens the finding at the next re-assessment', async () => {
    const host = net.host('workstation').address;
    // Debian withdraws the bookworm fix (it moves to a later build): the decision it made is taken back.
    const revised = { ...debianRecord('CVE-2099-1000', 'openssh', { '12': '1:9.2p1-2+deb12u999' }), modified: '2099-02-01T00:00:00Z' };
    const feeds = join(dir, 'revised');
    mkdirSync(feeds);
    writeFileSync(join(feeds, `${revised.id}.json`), JSON.stringify(revised));
    await run(process.execPath, [cli, '--db', db, 'feeds', 'import', feeds, '--reassess']).catch((e: { code?: number }) => {
      if (e.code !== 1) throw e; // 1: something new affects a device
    });
    const store = SqliteScanStore.open(db, { readonly: true });
    try {
      const f = store.findings({ host }).find((x) => x.cve === 'CVE-2099-1000')!;
      expect(f.state).toBe('open');
      expect(f.evidence).toContain('Debian:12 has fixed it only in 1:9.2p1-2+deb12u999 (DEBIAN-CVE-2099-1000)');
      expect(f.remediation).toBe('Update the openssh package to 1:9.2p1-2+deb12u999 or later (Debian:12, DEBIAN-CVE-2099-1000).');
      expect(store.findingHistory(f.key).at(-1)).toMatchObject({ from: 'false-positive', to: 'open', actor: 'vex' });
    } finally {
      store.close();
    }
  });
});
