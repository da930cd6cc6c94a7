/**
 * Legacy TLS probe. Sends up to four hand-built ClientHellos, one per connection (SSLv3; TLS 1.0 with only RC4;
 * only DES/3DES/IDEA; only EXPORT/NULL/anonymous suites), reads the ServerHello or Alert, and closes without ever
 * finishing a handshake. Well-formed, tiny, no key exchange: safe. Stops after the first answer that is not TLS.
 * Emits tls.legacy when the port answered TLS at all; "no answer" leaves the question open, never "clean".
 */
import { NetError } from '../../net/errors.js';
import type { Net } from '../../net/net.js';
import type { Endpoint } from '../../core/endpoint.js';
import { defineProbe } from '../probe.js';
import {
  LEGACY_OFFERS, alertName, buildClientHello, parseServerReply, suiteName, versionName, type LegacyOfferSpec,
  type ServerReply,
} from './legacy-hello.js';
import { tlsLegacy, tlsVersions, type TlsLegacyOffer } from './observations.js';
import { TLS_PORTS, selectsTls } from './ports.js';

type Attempt = TlsLegacyOffer | { readonly notTls: string };

async function offer(net: Net, target: Endpoint, spec: LegacyOfferSpec, deadlineMs: number): Promise<Attempt> {
  const conn = await net.connect(target);
  try {
    await conn.write(buildClientHello(spec));
    let reply: ServerReply;
    try {
      const buf = await conn.read((b) => (parseServerReply(b).kind === 'incomplete' ? undefined : b.length), {
        deadlineMs,
        maxBytes: 70 * 1024,
      });
      reply = parseServerReply(buf);
    } catch (e) {
      if (!(e instanceof NetError)) throw e;
      if (e.code === 'closed') return { offer: spec.name, outcome: 'closed', version: null, cipher: null, alert: null };
      if (e.code === 'timeout') return { offer: spec.name, outcome: 'no-answer', version: null, cipher: null, alert: null };
      throw e;
    }
    switch (reply.kind) {
      case 'server-hello':
        return { offer: spec.name, outcome: 'server-hello', version: versionName(reply.version), cipher: suiteName(reply.cipherSuite), alert: null };
      case 'alert':
        return { offer: spec.name, outcome: 'alert', version: null, cipher: null, alert: alertName(reply.description) };
      default:
        return { notTls: reply.kind === 'not-tls' ? reply.why : 'incomplete' };
    }
  } finally {
    conn.destroy();
  }
}

export default defineProbe<{ deadlineMs: number }>({
  id: 'tls.legacy-hello',
  summary: 'Offers SSLv3 and TLS 1.0 with RC4/DES/EXPORT/NULL suites by hand; reads only the ServerHello or Alert',
  safety: 'safe',
  transport: 'tcp',
  ports: TLS_PORTS,
  emits: [tlsLegacy],
  defaults: { deadlineMs: 4000 },
  phase: 21, // after tls.versions, whose answer tells a TLS port that silently drops legacy hellos from a non-TLS one
  selects: selectsTls,
  async run(target, { net, options, host }) {
    // A site may declare any port as DICOM; nothing but DICOM is ever sent there.
    if (net.isDicomPort(target.port)) return { status: 'skipped', observations: [], detail: `port ${target.port} is a DICOM port` };
    const knownTls = host.observations.some(
      (o) => tlsVersions.is(o) && o.endpoint.port === target.port && o.data.results.some((r) => r.accepted),
    );
    const offers: TlsLegacyOffer[] = [];
    const answered = () => offers.some((o) => o.outcome === 'server-hello' || o.outcome === 'alert');
    for (const spec of LEGACY_OFFERS) {
      const a = await offer(net, target, spec, options.deadlineMs);
      if ('notTls' in a) {
        if (offers.length === 0) return { status: 'not-applicable', observations: [], detail: `not TLS: ${a.notTls}` };
        return { status: 'protocol-error', observations: [tlsLegacy.of({ offers })], detail: `${spec.name}: ${a.notTls}` };
      }
      offers.push(a);
      // A port that let a ClientHello sit unanswered will not answer the next one either: stop waiting.
      if (a.outcome === 'no-answer' && !answered() && !knownTls)
        return { status: 'handshake-error', observations: [], detail: `no answer to the ${spec.name} hello within ${options.deadlineMs} ms` };
    }
    if (!answered() && !knownTls)
      return { status: 'handshake-error', observations: [], detail: 'no TLS answer (ServerHello or Alert) to any legacy hello' };
    return { status: 'success', observations: [tlsLegacy.of({ offers })] };
  },
});
