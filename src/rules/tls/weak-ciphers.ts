/** Which cipher suites count as weak, for both IANA names (legacy hello) and OpenSSL names (Node handshakes). */
export type CipherWeakness = 'null' | 'export' | 'anonymous' | 'rc4' | 'des' | '3des' | 'md5' | 'idea' | 'rc2';

export function cipherWeakness(name: string): CipherWeakness | null {
  const n = name.toUpperCase();
  if (/NULL/.test(n)) return 'null';
  if (/EXP(ORT)?[-_]/.test(n) || /_EXPORT_/.test(n)) return 'export';
  if (/(^|_|-)ANON|^ADH-|^AECDH-/.test(n)) return 'anonymous';
  if (/RC4/.test(n)) return 'rc4';
  if (/3DES|DES-CBC3|DES_EDE/.test(n)) return '3des';
  if (/(^|[-_])DES[-_]/.test(n)) return 'des';
  if (/RC2/.test(n)) return 'rc2';
  if (/IDEA/.test(n)) return 'idea';
  if (/[-_]MD5$/.test(n)) return 'md5';
  return null;
}

/** Broken outright (no or trivially breakable encryption) versus merely weak (RC4 biases, Sweet32 …). */
export const isBroken = (w: CipherWeakness): boolean => w === 'null' || w === 'export' || w === 'anonymous' || w === 'des';
