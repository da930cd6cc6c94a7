/**
 * TLS version sweep with Node's OpenSSL. First handshake offers TLS 1.0–1.3 at security level 0 (so OpenSSL 3 may
 * still speak 1.0/1.1) and keeps the server's choice and certificate; then one handshake per older version pinned
 * with min = max, to learn which of them are still accepted. Each connection closes right after the handshake,
 * without application data: safe. Emits tls.versions and tls.certificate. When no handshake succeeds the status
 * is a handshake error ("not assessed"), never a clean result; tls.legacy-hello then tries SSLv3-era hellos.
 */
import { NetError } from '../../net/errors.js';
import type { Net } from '../../net/net.js';
import type { Endpoint } from '../../core/endpoint.js';
import type { TlsFacts } from '../../net/conn.js';
import { defineProbe } from '../probe.js';
import { certificateFacts } from './certificate.js';
import { tlsCertificate, tlsVersions, type TlsVersionName, type TlsVersionResult } from './observations.js';
import { TLS_PORTS, selectsTls } from './ports.js';

const VERSIONS: readonly Exclude<TlsVersionName, 'SSLv3'>[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';
const NOT_TLS = /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|UNKNOWN_PROTOCOL/;

type Handshake = { ok: true; tls: TlsFacts } | { ok: false; error: NetError };

async function handshake(net: Net, target: Endpoint, min: TlsVersionName, max: TlsVersionName, timeoutMs: number): Promise<Handshake> {
  try {
    const conn = await net.connectTls(target, {
      minVersion: min as 'TLSv1',
      maxVersion: max as 'TLSv1',
      ciphers: LEGACY_CIPHERS,
      handshakeTimeoutMs: timeoutMs,
    });
    conn.destroy();
    return { ok: true, tls: conn.tls! };
  } catch (e) {
    if (e instanceof NetError && (e.code === 'tls' || e.code === 'closed' || e.code === 'client-certificate'))
      return { ok: false, error: e };
    throw e; // refused, timeout, blocked: the whole probe's status
  }
}

/** Node names the negotiated protocol 'TLSv1', 'TLSv1.1' …; anything else we cannot place is dropped. */
const asVersion = (p: string | null): Exclude<TlsVersionName, 'SSLv3'> | null =>
  (VERSIONS as readonly string[]).includes(p ?? '') ? (p as Exclude<TlsVersionName, 'SSLv3'>) : null;

export default defineProbe<{ handshakeTimeoutMs: number }>({
  id: 'tls.versions',
  summary: 'Which of TLS 1.0/1.1/1.2/1.3 a port accepts, and the certificate it presents',
  safety: 'safe',
  transport: 'tcp',
  ports: TLS_PORTS,
  emits: [tlsVersions, tlsCertificate],
  defaults: { handshakeTimeoutMs: 4000 },
  phase: 20,
  selects: selectsTls,
  async run(target, { net, options }) {
    // A site may declare any port as DICOM; nothing but DICOM is ever sent there.
    if (net.isDicomPort(target.port)) return { status: 'skipped', observations: [], detail: `port ${target.port} is a DICOM port` };
    const first = await handshake(net, target, 'TLSv1', 'TLSv1.3', options.handshakeTimeoutMs);
    if (!first.ok) {
      if (first.error.code === 'client-certificate')
        return { status: 'needs-client-certificate', observations: [], detail: first.error.message };
      // OpenSSL's record layer names a peer that answered in plain text (HTTP 400, a banner): not TLS at all.
      if (NOT_TLS.test(first.error.message))
        return { status: 'not-applicable', observations: [], detail: `not TLS: ${first.error.message}` };
      return { status: 'handshake-error', observations: [], detail: `no TLS 1.0–1.3 handshake: ${first.error.message}` };
    }
    const preferred = asVersion(first.tls.protocol);
    const results: TlsVersionResult[] = [];
    for (const v of VERSIONS) {
      if (v === preferred) {
        results.push({ version: v, accepted: true, cipher: first.tls.cipher, detail: null });
        continue;
      }
      if (preferred && VERSIONS.indexOf(v) > VERSIONS.indexOf(preferred)) {
        // Offered and passed over: a server picks the highest version it supports.
        results.push({ version: v, accepted: false, cipher: null, detail: `server chose ${preferred} when ${v} was offered` });
        continue;
      }
      const h = await handshake(net, target, v, v, options.handshakeTimeoutMs);
      results.push(
        h.ok
          ? { version: v, accepted: true, cipher: h.tls.cipher, detail: null }
          : { version: v, accepted: false, cipher: null, detail: h.error.message },
      );
    }
    const cert = certificateFacts(first.tls.peerCertificateDer);
    return {
      status: 'success',
      observations: [tlsVersions.of({ results, preferred }), ...(cert ? [tlsCertificate.of(cert)] : [])],
    };
  },
});
