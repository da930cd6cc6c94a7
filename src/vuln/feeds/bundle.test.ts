import { memDb } from '../testdata/mem-db.js';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { TrustStore } from '../../store/sqlite/vuln-trust-store.js';
import { VulnStore } from '../../store/sqlite/vuln-store.js';
import { createBundle, generateSigningKey, publicKeyFromBase64 } from './bundle.js';
import { importFeeds } from './import.js';
import { SHARED_DATA } from '../../../test/shared-data.js';

const D = `${SHARED_DATA}/vuln`;
const tmp = mkdtempSync(join(tmpdir(), 'radguard-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const clock = fixedClock('2026-11-30T00:00:00Z');
const site = generateSigningKey();
const other = generateSigningKey();
let n = 0;

function bundle(key = site, when = '2026-11-29T00:00:00Z', files = [`${D}/kev/known_exploited_vulnerabilities.json`, `${D}/nvd/records/CVE-2022-2119.json`]) {
  const dir = join(tmp, `b${++n}`);
  createBundle(files, dir, key.privatePem, fixedClock(when));
  return dir;
}
function siteDb(...keys: (typeof site)[]) {
  const db = memDb();
  for (const k of keys) new TrustStore(db).add({ keyId: publicKeyFromBase64(k.publicKey).keyId, publicKey: k.publicKey, addedAt: clock.now().toISOString() });
  return db;
}

describe('air-gap feed bundles', () => {
  it('imports a bundle signed with a pinned key', async () => {
    const db = siteDb(site);
    const r = await importFeeds(db, [bundle()], { clock });
    expect(r.bundles).toHaveLength(1);
    expect(r.newKev.length).toBe(1404);
    expect(new VulnStore(db).cve('CVE-2022-2119')).toBeDefined();
  });

  it('refuses an unknown key (nothing pinned, or another key)', async () => {
    await expect(importFeeds(siteDb(), [bundle()], { clock })).rejects.toThrow(/has not pinned/);
    await expect(importFeeds(siteDb(site), [bundle(other)], { clock })).rejects.toThrow(/ERR_BUNDLE_UNKNOWN_KEY|has not pinned/);
  });

  it('refuses a tampered file, an extra file, and an edited manifest — and imports nothing', async () => {
    const db = siteDb(site);
    const a = bundle();
    appendFileSync(join(a, 'files/CVE-2022-2119.json'), ' ');
    await expect(importFeeds(db, [a], { clock })).rejects.toThrow(/does not match its SHA-256/);
    const b = bundle();
    writeFileSync(join(b, 'files/evil.json'), readFileSync(`${D}/nvd/records/CVE-2022-2120.json`));
    await expect(importFeeds(db, [b], { clock })).rejects.toThrow(/not in the signed manifest/);
    const c = bundle();
    const m = JSON.parse(readFileSync(join(c, 'manifest.json'), 'utf8'));
    m.created = '2030-01-01T00:00:00.000Z';
    writeFileSync(join(c, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
    await expect(importFeeds(db, [c], { clock })).rejects.toThrow(/signature does not verify/);
    expect(new VulnStore(db).kev('CVE-2017-0144')).toBeUndefined();
  });

  it('refuses an older bundle replayed over a newer one, allows re-importing the same one', async () => {
    const db = siteDb(site);
    const older = bundle(site, '2026-11-01T00:00:00Z');
    const newer = bundle(site, '2026-11-20T00:00:00Z');
    await importFeeds(db, [newer], { clock });
    await expect(importFeeds(db, [older], { clock })).rejects.toThrow(/ERR_BUNDLE_REPLAY|not after the bundle already imported/);
    await expect(importFeeds(db, [newer], { clock })).resolves.toMatchObject({ newKev: [] });
  });

  it('carries CSAF advisories with their .sha512 files, which are checked on import', async () => {
    const db = siteDb(site);
    const r = await importFeeds(db, [bundle(site, '2026-11-29T00:00:00Z', [`${D}/csaf/cisa-icsma/2017`])], { clock });
    expect(r.files.length).toBeGreaterThan(3);
    expect(r.files.every((f) => f.feed === 'csaf' && /sha512 verified/.test(f.note ?? ''))).toBe(true);
  });

  it('rejects malformed public keys', () => {
    expect(() => publicKeyFromBase64('abc')).toThrow(/32-byte raw Ed25519/);
  });
});
