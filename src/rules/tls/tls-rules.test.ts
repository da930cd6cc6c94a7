/** TLS rules on plain observation data: what fires, with which severity, and what stays quiet. */
import { describe, expect, it } from 'vitest';
import { hostFacts, obs } from '../../../test/fakes/hygiene-facts.js';
import { tlsCertificate, tlsLegacy, tlsVersions, type TlsCertificateData } from '../../probes/tls/observations.js';
import expired from './tls-cert-expired.rule.js';
import selfSigned from './tls-cert-self-signed.rule.js';
import legacyVersion from './tls-legacy-version.rule.js';
import weakCipher from './tls-weak-cipher.rule.js';
import weakKey from './tls-weak-key.rule.js';
import { cipherWeakness } from './weak-ciphers.js';

const cert = (over: Partial<TlsCertificateData>): TlsCertificateData => ({
  subject: 'CN=pacs', issuer: 'CN=Hospital CA', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z',
  selfSigned: false, keyType: 'RSA', keyBits: 2048, curve: null, signatureAlgorithm: 'sha256WithRSAEncryption', serial: '01',
  sha256: 'ab'.repeat(32), dnsNames: [], chainLength: 2, ...over,
});

describe('TLS rules', () => {
  it('a good certificate and TLS 1.2+ with AES-GCM: nothing', () => {
    const f = hostFacts([
      obs(tlsCertificate, cert({})),
      obs(tlsVersions, { preferred: 'TLSv1.3', results: [
        { version: 'TLSv1', accepted: false, cipher: null, detail: 'alert' },
        { version: 'TLSv1.2', accepted: true, cipher: 'ECDHE-RSA-AES128-GCM-SHA256', detail: null },
        { version: 'TLSv1.3', accepted: true, cipher: 'TLS_AES_256_GCM_SHA384', detail: null },
      ] }),
    ]);
    for (const r of [expired, selfSigned, legacyVersion, weakCipher, weakKey]) expect(r.check(f)).toEqual([]);
  });

  it('certificate problems: expired, not yet valid, self-signed, 1024-bit, SHA-1, MD5', () => {
    expect(expired.check(hostFacts([obs(tlsCertificate, cert({ notAfter: '2024-01-01T00:00:00.000Z' }))]))[0]?.evidence).toMatch(/expired on 2024-01-01, 1064 days/);
    expect(expired.check(hostFacts([obs(tlsCertificate, cert({ notBefore: '2027-06-01T00:00:00.000Z' }))]))[0]?.severity).toBe('low');
    expect(selfSigned.check(hostFacts([obs(tlsCertificate, cert({ selfSigned: true }))]))).toHaveLength(1);
    expect(weakKey.check(hostFacts([obs(tlsCertificate, cert({ keyBits: 1024 }))]))[0]?.evidence).toMatch(/1024-bit RSA key/);
    expect(weakKey.check(hostFacts([obs(tlsCertificate, cert({ signatureAlgorithm: 'sha1WithRSAEncryption' }))]))[0]?.severity).toBeUndefined();
    expect(weakKey.check(hostFacts([obs(tlsCertificate, cert({ signatureAlgorithm: 'md5WithRSAEncryption', keyBits: 512 }))]))[0]?.severity).toBe('high');
    expect(weakKey.check(hostFacts([obs(tlsCertificate, cert({ keyType: 'EC', keyBits: 256, curve: 'prime256v1' }))]))).toEqual([]);
  });

  it('legacy versions from both probes merge into one verdict per port', () => {
    const f = hostFacts([
      obs(tlsVersions, { preferred: 'TLSv1.2', results: [{ version: 'TLSv1.1', accepted: true, cipher: 'AES128-SHA', detail: null }] }),
      obs(tlsLegacy, { offers: [{ offer: 'SSLv3', outcome: 'server-hello', version: 'SSLv3', cipher: 'TLS_RSA_WITH_AES_128_CBC_SHA', alert: null }] }),
    ]);
    const v = legacyVersion.check(f);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ port: 443, severity: 'high', evidence: 'Port 443 completed a handshake (or sent a ServerHello) with SSLv3, TLSv1.1.' });
    expect(v[0]!.observationIds).toHaveLength(2);
  });

  it('classifies cipher names from both naming schemes', () => {
    expect(cipherWeakness('TLS_RSA_WITH_RC4_128_MD5')).toBe('rc4');
    expect(cipherWeakness('DES-CBC3-SHA')).toBe('3des');
    expect(cipherWeakness('TLS_RSA_EXPORT_WITH_DES40_CBC_SHA')).toBe('export');
    expect(cipherWeakness('TLS_DH_anon_WITH_AES_128_CBC_SHA')).toBe('anonymous');
    expect(cipherWeakness('ADH-AES256-SHA')).toBe('anonymous');
    expect(cipherWeakness('TLS_RSA_WITH_DES_CBC_SHA')).toBe('des');
    expect(cipherWeakness('ECDHE-RSA-AES256-GCM-SHA384')).toBeNull();
    expect(cipherWeakness('TLS_CHACHA20_POLY1305_SHA256')).toBeNull();
  });
});
