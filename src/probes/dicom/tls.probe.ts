/**
 * DICOM-TLS probe (PS3.15 Annex B). Runs on 2761/2762 and on any DICOM port where a plaintext A-ASSOCIATE-RQ was
 * reset without an answer. Opens TLS (any certificate accepted: we audit it, we do not trust it; optional client
 * certificate/key for sites that issue one) and sends the same AE-policy sequence as dicom.associate inside TLS, so
 * every connection writes its RQ at once and accepted associations are released. A TLS 1.3 server that demands a
 * client certificate alerts after the handshake: that is recorded as a good state (status
 * needs-client-certificate), not an error. One extra handshake capped at TLS 1.1 tells whether legacy versions are
 * accepted; it is closed right after the handshake. Emits dicom.tls plus the AE-policy observations (tls: true).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppError } from '../../core/errors.js';
import type { Endpoint } from '../../core/endpoint.js';
import type { Conn, TlsFacts } from '../../net/conn.js';
import { NetError } from '../../net/errors.js';
import type { Net, TlsOptions } from '../../net/net.js';
import { defineProbe } from '../probe.js';
import { assessAePolicy, type AssociateOptions, type Transport } from './associate.probe.js';
import { openAssociation } from './link.js';
import { dicomAePolicy, dicomAssociation, dicomServices, dicomTls, type DicomTlsFacts } from './observations.js';
import { AE_DEFAULTS, validateAeOptions } from './options.js';
import { requestFor, serviceMapContexts } from './services.js';

export interface DicomTlsOptions extends Omit<AssociateOptions, 'trustedCallingAe' | 'checkUserIdentity'> {
  readonly clientCertPath: string | null;
  readonly clientKeyPath: string | null;
  readonly checkLegacyVersions: boolean;
}

function clientCredentials(o: DicomTlsOptions): Pick<TlsOptions, 'cert' | 'key'> {
  if (o.clientCertPath === null && o.clientKeyPath === null) return {};
  if (o.clientCertPath === null || o.clientKeyPath === null)
    throw new AppError('ERR_DICOM_CLIENT_CERT', 'clientCertPath and clientKeyPath must be given together');
  try {
    return { cert: readFileSync(o.clientCertPath), key: readFileSync(o.clientKeyPath) };
  } catch (e) {
    throw new AppError('ERR_DICOM_CLIENT_CERT', `cannot read the DICOM-TLS client certificate or key: ${(e as Error).message}`, { cause: e });
  }
}

function certificateFacts(tls: TlsFacts, now: Date): DicomTlsFacts['certificate'] {
  const der = tls.peerCertificateDer[0];
  if (!der) return null;
  try {
    const c = new X509Certificate(der);
    return {
      subject: c.subject.replace(/\n/g, ', '),
      issuer: c.issuer.replace(/\n/g, ', '),
      notAfter: new Date(c.validTo).toISOString(),
      selfSigned: c.subject === c.issuer && c.verify(c.publicKey),
      expired: new Date(c.validTo).getTime() < now.getTime(),
    };
  } catch {
    return null;
  }
}

/** One handshake capped at TLS 1.1, closed at once: does the service still accept TLS 1.0/1.1? */
async function legacyVersions(net: Net, target: Endpoint, creds: Pick<TlsOptions, 'cert' | 'key'>): Promise<string[]> {
  try {
    const conn = await net.connectTls(target, { ...creds, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const protocol = conn.tls?.protocol ?? null;
    conn.destroy();
    return protocol ? [protocol] : [];
  } catch (e) {
    if (e instanceof NetError) return [];
    throw e;
  }
}

export default defineProbe<DicomTlsOptions>({
  id: 'dicom.tls',
  summary: 'DICOM over TLS: versions, certificate, client-certificate requirement, AE policy inside TLS',
  safety: 'safe',
  transport: 'tcp',
  ports: [2761, 2762],
  phase: 25,
  emits: [dicomTls, dicomAssociation, dicomAePolicy, dicomServices],
  defaults: { ...AE_DEFAULTS, echo: false, maxAttempts: 6, clientCertPath: null, clientKeyPath: null, checkLegacyVersions: true },
  selects: (port, ctx) =>
    ctx.host.observations.some((o) => dicomAssociation.is(o) && o.endpoint.port === port && !o.data.tls && o.data.outcome === 'reset'),
  async run(target, { net, options, clock }) {
    validateAeOptions(options);
    const creds = clientCredentials(options);
    let first: TlsFacts | null = null;
    const transport: Transport = {
      tls: true,
      open: (n, t, called, calling, deadlines) =>
        openAssociation(n, t, requestFor(called, calling, serviceMapContexts()), {
          deadlines,
          tls: { ...creds, handshakeTimeoutMs: deadlines.answerMs },
          onConnected: (c: Conn) => (first ??= c.tls),
        }),
    };
    let assessed: Awaited<ReturnType<typeof assessAePolicy>> | null = null;
    let handshakeError: NetError | null = null;
    try {
      assessed = await assessAePolicy(net, target, { ...options, trustedCallingAe: null, checkUserIdentity: false }, transport);
    } catch (e) {
      if (!(e instanceof NetError) || e.code === 'refused' || e.code === 'blocked' || e.code === 'unreachable') throw e;
      handshakeError = e;
    }
    const needsCert = handshakeError?.code === 'client-certificate' || assessed?.first.outcome === 'needs-client-certificate';
    if (handshakeError && !needsCert)
      return { status: handshakeError.code === 'timeout' ? 'timeout' : 'handshake-error', observations: [], detail: handshakeError.message };
    const legacy = options.checkLegacyVersions ? await legacyVersions(net, target, creds) : [];
    const tlsFacts = first as TlsFacts | null;
    const facts: DicomTlsFacts = {
      handshake: needsCert ? 'needs-client-certificate' : 'ok',
      protocol: tlsFacts?.protocol ?? null,
      cipher: tlsFacts?.cipher ?? null,
      legacyVersions: legacy,
      certificate: tlsFacts ? certificateFacts(tlsFacts, clock.now()) : null,
      clientCertificateRequired: needsCert,
      association: assessed?.first.outcome ?? 'not-tried',
      implementation: assessed?.policy?.implementation ?? null,
      detail: needsCert
        ? 'the server requires a client certificate: only holders of a site-issued certificate can associate'
        : `TLS ${tlsFacts?.protocol ?? '?'}; first association over TLS: ${assessed?.first.outcome ?? 'not tried'}`,
    };
    const observations = [dicomTls.of(facts), ...(assessed?.drafts ?? [])];
    return needsCert
      ? { status: 'needs-client-certificate', observations, detail: facts.detail }
      : { status: 'success', observations };
  },
});
