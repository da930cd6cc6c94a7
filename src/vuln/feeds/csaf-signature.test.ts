/**
 * CSAF OpenPGP signatures: once a publisher's key is pinned, its advisories need a valid `.asc` by that key.
 * Keys are made here (the CISA key is not in shared/data); the real CISA signatures beside the real advisories are
 * read too, to show that a genuine signature by an unpinned key is refused for a pinned publisher.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { createMessage, generateKey, readPrivateKey, sign } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { TrustStore } from '../../store/sqlite/vuln-trust-store.js';
import { SHARED_DATA } from '../../../test/shared-data.js';
import { memDb } from '../testdata/mem-db.js';
import { readPublicKey } from './csaf-signature.js';
import { importFeeds } from './import.js';

const REAL = `${SHARED_DATA}/vuln/csaf/cisa-icsma/2022/icsma-22-174-01.json`;
const clock = fixedClock('2026-11-30T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'radguard-csaf-sig-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let publisher: { publicKey: string; privateKey: string };
let stranger: { publicKey: string; privateKey: string };
beforeAll(async () => {
  const make = (name: string) => generateKey({ type: 'ecc', userIDs: [{ name }], format: 'armored' });
  [publisher, stranger] = await Promise.all([make('CISA (test)'), make('Someone else')]);
});

/** A copy of the real advisory in its own directory, signed with `key` (or with no .asc). */
async function advisory(name: string, key?: string): Promise<string> {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'icsma-22-174-01.json');
  const bytes = readFileSync(REAL);
  writeFileSync(file, bytes);
  if (key) writeFileSync(`${file}.asc`, await sign({ message: await createMessage({ binary: bytes }), signingKeys: await readPrivateKey({ armoredKey: key }), detached: true, format: 'armored' }));
  return file;
}

async function pin(db: Db, armored: string, ns = 'https://www.cisa.gov/') {
  const { fingerprint } = await readPublicKey(armored);
  new TrustStore(db).addPgp({ fingerprint, publisher: ns, armored, addedAt: clock.now().toISOString() });
  return fingerprint;
}
const csafCount = (db: Db) => db.prepare('SELECT count(*) FROM vuln_csaf').pluck().get();

describe('CSAF OpenPGP signatures', () => {
  it('without a pinned key: imported, and the report says the real CISA signature was not checked', async () => {
    const db = memDb();
    const r = await importFeeds(db, [REAL], { clock });
    expect(r.files[0]!.note).toMatch(/sha512 verified, signature not checked: no OpenPGP key pinned for https:\/\/www\.cisa\.gov\//);
  });

  it('with the publisher key pinned: a good signature is verified; altered, foreign or missing ones are refused', async () => {
    const db = memDb();
    const fingerprint = await pin(db, publisher.publicKey, 'https://www.cisa.gov'); // trailing slash or not
    const good = await advisory('good', publisher.privateKey);
    const ok = await importFeeds(db, [good], { clock });
    expect(ok.files[0]!.note).toContain(`signature verified (key ${fingerprint})`);

    const altered = await advisory('altered', publisher.privateKey);
    writeFileSync(altered, readFileSync(altered, 'utf8').replace('OFFIS', 'OFF1S'));
    await expect(importFeeds(db, [altered], { clock })).rejects.toThrow(/icsma-22-174-01\.json: the signature does not match the file: it was altered or damaged; nothing imported/);

    const foreign = await advisory('foreign', stranger.privateKey);
    await expect(importFeeds(db, [foreign], { clock })).rejects.toThrow(/signed by key [0-9a-f]{16}, which is not pinned for https:\/\/www\.cisa\.gov\//);

    const unsigned = await advisory('unsigned');
    await expect(importFeeds(db, [unsigned], { clock })).rejects.toThrow(/has a pinned OpenPGP key, but no .*\.asc signature is beside the file/);

    // The genuine CISA signature is by CISA's key, which this site did not pin: refused too.
    await expect(importFeeds(db, [REAL], { clock })).rejects.toThrow(/signed by key [0-9a-f]{16}, which is not pinned/);
    expect(csafCount(db)).toBe(1); // only the good one; each failed import changed nothing
  });

  it('in a zip: the .asc and .sha512 members beside an advisory are checked like files beside it', async () => {
    const db = memDb();
    const fingerprint = await pin(db, publisher.publicKey);
    const good = await advisory('zipped', publisher.privateKey);
    const member = (f: string) => new Uint8Array(readFileSync(f));
    const zip = (name: string, files: Record<string, Uint8Array>) => {
      const z = join(tmp, name);
      writeFileSync(z, zipSync(files));
      return z;
    };
    const sha = new TextEncoder().encode(readFileSync(`${REAL}.sha512`, 'utf8'));
    const signed = zip('signed.zip', { 'csaf/icsma-22-174-01.json': member(good), 'csaf/icsma-22-174-01.json.asc': member(`${good}.asc`), 'csaf/icsma-22-174-01.json.sha512': sha });
    const ok = await importFeeds(db, [signed], { clock });
    expect(ok.files[0]!.path).toMatch(/signed\.zip!csaf\/icsma-22-174-01\.json$/);
    expect(ok.files[0]!.note).toContain(`sha512 verified, signature verified (key ${fingerprint})`);

    const altered = new TextEncoder().encode(readFileSync(good, 'utf8').replace('OFFIS', 'OFF1S'));
    await expect(importFeeds(db, [zip('altered.zip', { 'a.json': altered, 'a.json.asc': member(`${good}.asc`) })], { clock })).rejects.toThrow(/altered\.zip!a\.json: the signature does not match the file/);
    await expect(importFeeds(db, [zip('unsigned.zip', { 'a.json': member(good) })], { clock })).rejects.toThrow(/has a pinned OpenPGP key, but no .*unsigned\.zip!a\.json\.asc signature/);
    // A member's .sha512 is checked too: a damaged member fails even where no key is pinned.
    await expect(importFeeds(memDb(), [zip('bad-hash.zip', { 'a.json': altered, 'a.json.sha512': sha })], { clock })).rejects.toThrow(/bad-hash\.zip!a\.json/);
    expect(csafCount(db)).toBe(1);
  });

  it('a key pinned for another publisher does not apply; a private key is never pinned', async () => {
    const db = memDb();
    await pin(db, publisher.publicKey, 'https://example.org/');
    const r = await importFeeds(db, [await advisory('other', stranger.privateKey)], { clock });
    expect(r.files[0]!.note).toMatch(/signature not checked: no OpenPGP key pinned for https:\/\/www\.cisa\.gov\//);
    await expect(readPublicKey(publisher.privateKey)).rejects.toThrow(/private key/);
    await expect(readPublicKey('hello')).rejects.toThrow(/not an armored OpenPGP public key/);
  });
});
