/**
 * A self-signed certificate for `radguard serve` when the site has none yet: ECDSA P-256, one year, the listen
 * address and localhost as subject alternative names. Made once and kept as `<db>.tls.crt`/`.tls.key` (key 0600) so
 * browsers that pinned its fingerprint keep trusting it; the SHA-256 fingerprint is printed for users to compare.
 */
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs the Reflect API before it loads
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function ensureSelfSigned(base: string, host: string, now: Date): Promise<{ cert: string; key: string; fingerprint: string; created: boolean }> {
  const cert = `${base}.tls.crt`;
  const key = `${base}.tls.key`;
  let created = false;
  if (!existsSync(cert) || !existsSync(key)) {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const names: x509.JsonGeneralName[] = [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }];
    if (isIP(host) && host !== '0.0.0.0' && host !== '::') names.push({ type: 'ip', value: host });
    else if (!isIP(host) && host !== 'localhost') names.push({ type: 'dns', value: host });
    const c = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: randomBytes(8).toString('hex'),
        name: 'CN=Radguard self-signed',
        notBefore: new Date(now.getTime() - 3600_000),
        notAfter: new Date(now.getTime() + 365 * 86_400_000),
        keys: keys as never,
        signingAlgorithm: ALG,
        extensions: [
          new x509.SubjectAlternativeNameExtension(names),
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        ],
      },
      webcrypto as never,
    );
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    writeFileSync(key, `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`, { mode: 0o600, flag: 'wx' });
    writeFileSync(cert, c.toString('pem'), { flag: 'wx' });
    created = true;
  }
  const pem = readFileSync(cert, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const fingerprint = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
  return { cert, key, fingerprint, created };
}
