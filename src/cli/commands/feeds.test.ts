import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { runCli } from '../../../test/run-cli.js';

const D = `${SHARED_DATA}/vuln`;
const dir = mkdtempSync(join(tmpdir(), 'radguard-feeds-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (db: string, ...argv: string[]) => runCli(['--db', db, ...argv]);

describe('feeds keygen / trust / bundle / import', () => {
  it('moves a signed bundle to an air-gapped site that pinned the key, and refuses it where the key is not pinned', async () => {
    const keys = join(dir, 'keys');
    const kg = await run(join(dir, 'connected.db'), 'feeds', 'keygen', '--out', keys, '--json');
    expect(kg.code, kg.err).toBe(0);
    const { publicKey, keyId } = JSON.parse(kg.out);
    expect(statSync(join(keys, 'radguard-feed.key')).mode & 0o777).toBe(0o600);
    expect((await run(join(dir, 'connected.db'), 'feeds', 'keygen', '--out', keys)).code).toBe(2);

    const b = await run(join(dir, 'connected.db'), 'feeds', 'bundle', `${D}/kev/known_exploited_vulnerabilities.json`, '--out', join(dir, 'bundle'), '--key', join(keys, 'radguard-feed.key'));
    expect(b.code, b.err).toBe(0);

    const site = join(dir, 'site.db');
    const refused = await run(site, 'feeds', 'import', join(dir, 'bundle'));
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/has not pinned/);

    expect((await run(site, 'feeds', 'trust', 'add', 'not-a-key')).code).toBe(2);
    const t = await run(site, 'feeds', 'trust', 'add', publicKey, '--name', 'biomed vendor laptop');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(keyId);
    const ok = await run(site, 'feeds', 'import', join(dir, 'bundle'));
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(new RegExp(`verified bundle .* key ${keyId}`));
    expect(ok.out).toMatch(/New KEV entries: 1404/);
  });
});

describe('progress on a terminal', () => {
  it('feeds import draws a files bar on a terminal and clears it; nothing of it in a log or a pipe', async () => {
    const files = [`${D}/kev/known_exploited_vulnerabilities.json`, `${D}/nvd/records`];
    const tty = await runCli(['--db', join(dir, 'tty.db'), 'feeds', 'import', ...files], {}, { tty: true });
    expect(tty.code, tty.err).toBe(0);
    expect(tty.err).toMatch(/\r\[#*\.*\] 0\/\d+ files \d+:\d\d {2}\S*known_exploited_vulnerabilities\.json/);
    expect(tty.err).toMatch(/\] (\d+)\/\1 files .* sorting the index/);
    expect(tty.err).toMatch(/\r\x1b\[K$/m);
    const log = await runCli(['--db', join(dir, 'log.db'), 'feeds', 'import', ...files]);
    expect(log.code, log.err).toBe(0);
    expect(log.err).not.toMatch(/\r|files/);
  });
});

describe('feeds trust add-pgp', () => {
  it('pins a CSAF publisher key from its armored file, lists it, and refuses a private key or a bad namespace', async () => {
    const { generateKey } = await import('openpgp');
    const k = await generateKey({ type: 'ecc', userIDs: [{ name: 'CISA (test)', email: 'csaf@example.org' }], format: 'armored' });
    writeFileSync(join(dir, 'pub.asc'), k.publicKey);
    writeFileSync(join(dir, 'priv.asc'), k.privateKey);
    const db = join(dir, 'pgp.db');
    const ok = await run(db, 'feeds', 'trust', 'add-pgp', join(dir, 'pub.asc'), '--publisher', 'https://www.cisa.gov/', '--json');
    expect(ok.code, ok.err).toBe(0);
    const { fingerprint } = JSON.parse(ok.out);
    expect(fingerprint).toMatch(/^[0-9a-f]{40,64}$/);
    const list = JSON.parse((await run(db, 'feeds', 'trust', 'list', '--json')).out);
    expect(list.pgpKeys).toEqual([expect.objectContaining({ fingerprint, publisher: 'https://www.cisa.gov/', name: 'CISA (test) <csaf@example.org>' })]);
    const priv = await run(db, 'feeds', 'trust', 'add-pgp', join(dir, 'priv.asc'), '--publisher', 'https://www.cisa.gov/');
    expect(priv.code).toBe(2);
    expect(priv.err).toMatch(/private key/);
    expect((await run(db, 'feeds', 'trust', 'add-pgp', join(dir, 'pub.asc'), '--publisher', 'CISA')).code).toBe(2);
    // The pinned key now guards CISA's advisories: the real ones carry CISA's own signature, not this key's.
    const refused = await run(db, 'feeds', 'import', `${D}/csaf/cisa-icsma/2022/icsma-22-174-01.json`);
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/which is not pinned for https:\/\/www\.cisa\.gov\/; nothing imported/);
  });
});
