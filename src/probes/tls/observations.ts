/**
 * What the TLS probes record: which protocol versions a port accepted (from Node's OpenSSL and from the
 * hand-built legacy ClientHello), and the facts of the certificate it presented. Facts only; rules judge.
 */
import { defineObservation } from '../../core/observation.js';

export type TlsVersionName = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface TlsVersionResult {
  readonly version: TlsVersionName;
  readonly accepted: boolean;
  readonly cipher: string | null; // negotiated suite when accepted
  readonly detail: string | null; // why not, when refused (alert, reset …)
}

export interface TlsVersionsData {
  readonly results: readonly TlsVersionResult[];
  readonly preferred: TlsVersionName | null; // what the server chose when offered everything TLSv1..TLSv1.3
}
export const tlsVersions = defineObservation<TlsVersionsData>()('tls.versions', 'TLS versions the port accepted');

export interface TlsCertificateData {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string; // ISO-8601
  readonly notAfter: string;
  readonly selfSigned: boolean;
  readonly keyType: string; // 'RSA', 'EC', 'Ed25519', 'DSA' …
  readonly keyBits: number | null; // RSA/DSA modulus bits, EC curve size
  readonly curve: string | null;
  readonly signatureAlgorithm: string; // 'sha256WithRSAEncryption'-style, or the OID when unknown
  readonly serial: string;
  readonly sha256: string;
  readonly dnsNames: readonly string[];
  readonly chainLength: number;
}
export const tlsCertificate = defineObservation<TlsCertificateData>()('tls.certificate', 'Certificate a TLS port presented');

export interface TlsLegacyOffer {
  readonly offer: 'SSLv3' | 'TLSv1-RC4' | 'TLSv1-DES' | 'TLSv1-EXPORT-NULL-ANON';
  readonly outcome: 'server-hello' | 'alert' | 'closed' | 'no-answer';
  readonly version: string | null; // protocol version the ServerHello chose
  readonly cipher: string | null; // suite the ServerHello chose (IANA name)
  readonly alert: string | null;
}
export interface TlsLegacyData {
  readonly offers: readonly TlsLegacyOffer[];
}
export const tlsLegacy = defineObservation<TlsLegacyData>()(
  'tls.legacy',
  'Answers to hand-built SSLv3/TLS 1.0 ClientHellos with legacy cipher suites',
);
