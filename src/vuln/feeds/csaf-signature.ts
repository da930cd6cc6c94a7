/**
 * OpenPGP signatures of CSAF advisories (CSAF 2.0 §7.1.19: a `.asc` detached signature beside each file). A site
 * pins a publisher's key for its namespace (`radguard feeds trust add-pgp`); from then on an advisory of that
 * publisher is imported only with a valid signature by one of its pinned keys: a missing, altered or foreign
 * signature fails the import with the file's name. Publishers without a pinned key are imported as before, and
 * the report says their signature was not checked.
 */
import { createMessage, readKey, readSignature, verify } from 'openpgp';
import { AppError, errorMessage } from '../../core/errors.js';
import type { PgpKey } from '../../store/sqlite/vuln-trust-store.js';

/** Reads an armored OpenPGP public key; refuses a private key, so a secret is never stored by mistake. */
export async function readPublicKey(armored: string): Promise<{ fingerprint: string; userIds: string[] }> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) throw new AppError('ERR_PGP_KEY', 'this is a private key: pin the publisher\'s public key');
  try {
    const key = await readKey({ armoredKey: armored });
    return { fingerprint: key.getFingerprint().toLowerCase(), userIds: key.getUserIDs() };
  } catch (e) {
    throw new AppError('ERR_PGP_KEY', `not an armored OpenPGP public key (${errorMessage(e)})`);
  }
}

const namespace = (p: string) => p.trim().toLowerCase().replace(/\/+$/, '');

export interface SignatureCheck {
  readonly verified: boolean;
  readonly note: string;
}

export async function checkCsafSignature(file: string, bytes: Buffer, asc: string | undefined, publisher: string, keys: readonly PgpKey[]): Promise<SignatureCheck> {
  const pinned = keys.filter((k) => namespace(k.publisher) === namespace(publisher));
  if (!pinned.length)
    return { verified: false, note: asc === undefined ? 'no .asc beside it' : `signature not checked: no OpenPGP key pinned for ${publisher}` };
  const refuse = (why: string) => new AppError('ERR_FEED_SIGNATURE', `${file}: ${why}; nothing imported`);
  if (asc === undefined) throw refuse(`${publisher} has a pinned OpenPGP key, but no ${file}.asc signature is beside the file`);
  let signature;
  try {
    signature = await readSignature({ armoredSignature: asc });
  } catch (e) {
    throw refuse(`${file}.asc is not an OpenPGP signature (${errorMessage(e)})`);
  }
  const verificationKeys = await Promise.all(pinned.map((k) => readKey({ armoredKey: k.armored })));
  const message = await createMessage({ binary: bytes });
  const { signatures } = await verify({ message, signature, verificationKeys });
  const failures: string[] = [];
  for (const s of signatures) {
    try {
      await s.verified;
      const key = verificationKeys.find((k) => k.getKeys(s.keyID).length > 0)!;
      return { verified: true, note: `signature verified (key ${key.getFingerprint().toLowerCase()})` };
    } catch (e) {
      const msg = errorMessage(e);
      failures.push(/could not find signing key/i.test(msg) ? `signed by key ${s.keyID.toHex()}, which is not pinned for ${publisher}` : /digest did not match|signature.*invalid|verification failed/i.test(msg) ? 'the signature does not match the file: it was altered or damaged' : msg);
    }
  }
  throw refuse(failures.join('; ') || 'the .asc holds no signature');
}
