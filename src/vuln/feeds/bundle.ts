/**
 * Air-gap feed bundles. `feeds bundle` copies feed files into a directory with a manifest of per-file SHA-256
 * hashes and signs the manifest with Ed25519 (node:crypto). Import verifies the signature against keys the site
 * pinned beforehand with `feeds trust add` — never a key carried in the bundle — and refuses a tampered, missing
 * or extra file, an unknown key, a bad signature, and an older bundle replayed over a newer one.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import type { TrustStore } from '../../store/sqlite/vuln-trust-store.js';

export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

export interface BundleManifest {
  readonly format: 'radguard-feed-bundle';
  readonly version: 1;
  readonly created: string; // ISO time, signed: orders bundles of one key
  readonly keyId: string;
  readonly files: readonly { path: string; sha256: string; bytes: number }[];
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' }) as { x?: string };
  return Buffer.from(jwk.x!, 'base64url');
}
export const keyIdOf = (raw: Buffer): string => sha256(raw).slice(0, 16);

export function publicKeyFromBase64(b64: string): { key: KeyObject; raw: Buffer; keyId: string } {
  const raw = Buffer.from(b64.trim(), 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== b64.trim())
    throw new AppError('ERR_BUNDLE_KEY', 'a public key is the 32-byte raw Ed25519 key in base64 (as printed by radguard feeds keygen)');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  return { key, raw, keyId: keyIdOf(raw) };
}

export function generateSigningKey(): { privatePem: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return { privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey: raw.toString('base64'), keyId: keyIdOf(raw) };
}

function filesUnder(p: string): string[] {
  return statSync(p).isDirectory() ? readdirSync(p).sort().flatMap((n) => filesUnder(join(p, n))) : [p];
}

export function createBundle(paths: readonly string[], outDir: string, privatePem: string, clock: Clock): BundleManifest {
  let key: KeyObject;
  try {
    key = createPrivateKey(privatePem);
  } catch (e) {
    throw new AppError('ERR_BUNDLE_KEY', `the signing key is not a PEM private key: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AppError('ERR_BUNDLE_KEY', 'the signing key must be an Ed25519 key from radguard feeds keygen');
  if (existsSync(join(outDir, MANIFEST))) throw new AppError('ERR_BUNDLE_EXISTS', `${outDir} already holds a bundle; choose an empty directory`);
  const files: { path: string; sha256: string; bytes: number }[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (!existsSync(p)) throw new AppError('ERR_BUNDLE_MISSING', `${p}: no such file or directory`);
    const base = statSync(p).isDirectory() ? resolve(p, '..') : dirname(resolve(p));
    for (const f of filesUnder(p)) {
      const rel = join('files', relative(base, resolve(f))).split(sep).join('/');
      if (seen.has(rel)) throw new AppError('ERR_BUNDLE_DUPLICATE', `${f}: two inputs map to ${rel}`);
      seen.add(rel);
      mkdirSync(dirname(join(outDir, rel)), { recursive: true });
      copyFileSync(f, join(outDir, rel));
      const bytes = readFileSync(join(outDir, rel));
      files.push({ path: rel, sha256: sha256(bytes), bytes: bytes.length });
    }
  }
  const manifest: BundleManifest = { format: 'radguard-feed-bundle', version: 1, created: clock.now().toISOString(), keyId: keyIdOf(rawPublicKey(createPublicKey(key))), files };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(outDir, MANIFEST), text);
  writeFileSync(join(outDir, SIGNATURE), `${sign(null, Buffer.from(text), key).toString('base64')}\n`);
  return manifest;
}

export const isBundle = (dir: string): boolean => existsSync(join(dir, MANIFEST)) && statSync(dir).isDirectory();

export interface VerifiedBundle {
  readonly manifest: BundleManifest;
  readonly manifestSha256: string;
  readonly files: string[]; // absolute paths, in manifest order
}

/** Verifies signature, key pinning, every file hash, no extra files, and no replay. Throws on any failure. */
export function verifyBundle(dir: string, trust: TrustStore): VerifiedBundle {
  const fail = (code: string, why: string): never => {
    throw new AppError(`ERR_BUNDLE_${code}`, `bundle ${dir} refused: ${why}; nothing imported`);
  };
  const text = readFileSync(join(dir, MANIFEST));
  if (!existsSync(join(dir, SIGNATURE))) fail('UNSIGNED', `${SIGNATURE} is missing`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(text.toString('utf8')) as BundleManifest;
  } catch {
    return fail('MANIFEST', `${MANIFEST} is not valid JSON`);
  }
  if (manifest.format !== 'radguard-feed-bundle' || manifest.version !== 1 || !Array.isArray(manifest.files) || typeof manifest.keyId !== 'string' || typeof manifest.created !== 'string')
    fail('MANIFEST', `${MANIFEST} is not a version-1 Radguard feed bundle manifest`);
  const pinned = trust.get(manifest.keyId);
  if (!pinned) fail('UNKNOWN_KEY', `it is signed with key ${manifest.keyId}, which this site has not pinned (radguard feeds trust add PUBKEY)`);
  const { key } = publicKeyFromBase64(pinned!.publicKey);
  const sig = Buffer.from(readFileSync(join(dir, SIGNATURE), 'utf8').trim(), 'base64');
  if (sig.length !== 64 || !verify(null, text, key, sig)) fail('SIGNATURE', `the manifest signature does not verify with pinned key ${manifest.keyId}${pinned!.name ? ` (${pinned!.name})` : ''}`);
  const listed = new Set<string>();
  const files: string[] = [];
  for (const f of manifest.files) {
    if (typeof f.path !== 'string' || !/^files\//.test(f.path) || f.path.split('/').includes('..')) fail('MANIFEST', `bad file path ${JSON.stringify(f.path)}`);
    const abs = join(dir, f.path);
    if (!existsSync(abs)) fail('TAMPERED', `${f.path} is missing`);
    if (sha256(readFileSync(abs)) !== f.sha256) fail('TAMPERED', `${f.path} does not match its SHA-256 in the manifest`);
    listed.add(f.path);
    files.push(abs);
  }
  const present = existsSync(join(dir, 'files')) ? filesUnder(join(dir, 'files')).map((p) => relative(dir, p).split(sep).join('/')) : [];
  const extra = present.filter((p) => !listed.has(p));
  if (extra.length) fail('TAMPERED', `files not in the signed manifest: ${extra.slice(0, 5).join(', ')}`);
  const manifestSha256 = sha256(text);
  const newest = trust.newestBundle(manifest.keyId);
  if (newest && newest.manifestSha256 !== manifestSha256 && manifest.created <= newest.created)
    fail('REPLAY', `it was created ${manifest.created}, not after the bundle already imported with this key (${newest.created})`);
  return { manifest, manifestSha256, files };
}

export const bundleName = (dir: string): string => basename(resolve(dir));
