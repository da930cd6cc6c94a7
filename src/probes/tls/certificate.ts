/**
 * Certificate facts from DER: names, validity and signature algorithm with @peculiar/x509 (Node's TLS socket
 * does not expose the signature algorithm), key type/size and self-signature with Node's OpenSSL-backed
 * X509Certificate (which also verifies MD5/DSA signatures WebCrypto cannot). The DER is bounded by the net
 * layer's reply cap; a certificate that does not parse yields null, not an exception.
 */
import { X509Certificate as NodeX509 } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { createRequire } from 'node:module';

// Loaded on first use (it costs ~0.2 s at start-up); its dependency injection needs the Reflect API first.
const requireCjs = createRequire(import.meta.url);
let x509Module: typeof X509 | undefined;
function x509(): typeof X509 {
  if (!x509Module) {
    requireCjs('reflect-metadata');
    x509Module = requireCjs('@peculiar/x509') as typeof X509;
  }
  return x509Module;
}
import type { TlsCertificateData } from './observations.js';

const SIG_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
};

const CURVE_BITS: Record<string, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 521, prime256v1: 256, secp384r1: 384, secp521r1: 521 };

export function certificateFacts(chain: readonly Buffer[]): TlsCertificateData | null {
  const der = chain[0];
  if (!der) return null;
  try {
    const cert = new (x509().X509Certificate)(der);
    const node = new NodeX509(der);
    const sigOid = sigAlgOid(cert);
    const key = keyFacts(node);
    return {
      subject: cert.subject,
      issuer: cert.issuer,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      selfSigned: isSelfSigned(node),
      ...key,
      signatureAlgorithm: SIG_NAMES[sigOid] ?? sigOid,
      serial: cert.serialNumber,
      sha256: node.fingerprint256.replaceAll(':', '').toLowerCase(),
      dnsNames: dnsNames(node),
      chainLength: chain.length,
    };
  } catch {
    return null; // not a certificate both parsers accept: no facts rather than half-read ones
  }
}

/** Key type and size; a key OpenSSL cannot decode (corrupt, exotic) is reported as unknown, not as an error. */
function keyFacts(node: NodeX509): Pick<TlsCertificateData, 'keyType' | 'keyBits' | 'curve'> {
  try {
    const pk = node.publicKey;
    const details = pk.asymmetricKeyDetails ?? {};
    const keyType = keyTypeName(pk.asymmetricKeyType);
    const curve = details.namedCurve ?? null;
    const keyBits =
      details.modulusLength ?? (curve ? (CURVE_BITS[curve] ?? null) : keyType === 'Ed25519' ? 256 : keyType === 'Ed448' ? 456 : null);
    return { keyType, keyBits, curve };
  } catch {
    return { keyType: 'unknown', keyBits: null, curve: null };
  }
}

function sigAlgOid(cert: X509.X509Certificate): string {
  // The raw AlgorithmIdentifier keeps legacy algorithms (MD5, DSA) that WebCrypto-style names cannot express.
  const asn = (cert as unknown as { asn: { signatureAlgorithm: { algorithm: string } } }).asn;
  return asn?.signatureAlgorithm?.algorithm ?? 'unknown';
}

const keyTypeName = (t: string | undefined): string =>
  ({ rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC', dsa: 'DSA', ed25519: 'Ed25519', ed448: 'Ed448', dh: 'DH' })[t ?? ''] ??
  (t ?? 'unknown');

/** Issued by itself and signed by its own key (OpenSSL checks both, including MD5/DSA signatures WebCrypto lacks). */
function isSelfSigned(node: NodeX509): boolean {
  try {
    return node.checkIssued(node) && node.verify(node.publicKey);
  } catch {
    return false;
  }
}

function dnsNames(node: NodeX509): string[] {
  const san = node.subjectAltName ?? '';
  return san
    .split(/,\s*/)
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4))
    .slice(0, 50);
}
