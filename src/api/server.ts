/**
 * Serving the API on a socket: HTTPS with the given certificate, or with a generated self-signed one on a network
 * address; plain HTTP only on loopback (cookies then lose the Secure flag, which browsers would refuse over HTTP)
 * or behind a reverse proxy that terminates TLS, named explicitly so X-Forwarded-Proto/For are trusted from it
 * and no one else.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AuditKey } from '../auth/audit.js';
import type { OidcConfig } from '../auth/oidc-config.js';
import type { SecretsKeyring } from '../auth/secret-box.js';
import { UsageError } from '../core/errors.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { buildApp } from './app.js';
import { ensureSelfSigned } from './self-signed.js';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly cert?: string;
  readonly key?: string;
  readonly trustProxy?: string[];
  /** Requests per minute per client address (default 600). */
  readonly rateLimitPerMinute?: number;
  /** Key file of the secrets store and single sign-on settings, passed on to buildApp. */
  readonly secretsKey?: SecretsKeyring | null;
  readonly oidc?: OidcConfig | null;
}

export type Transport =
  | { kind: 'https'; cert: string; key: string }
  | { kind: 'https-self-signed' }
  | { kind: 'http-loopback' }
  | { kind: 'http-behind-proxy'; proxies: string[] };

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** Decides how to serve: never plain HTTP on a network interface unless a TLS-terminating proxy is named. */
export function transportFor(o: ServeOptions): Transport {
  if ((o.cert === undefined) !== (o.key === undefined)) throw new UsageError('give both --cert and --key, or neither');
  if (o.cert && o.key) return { kind: 'https', cert: o.cert, key: o.key };
  if (o.trustProxy && o.trustProxy.length > 0) {
    for (const p of o.trustProxy) if (!isIP(p.split('/')[0]!)) throw new UsageError(`--trust-proxy "${p}" is not an IP address or CIDR`);
    return { kind: 'http-behind-proxy', proxies: o.trustProxy };
  }
  return isLoopback(o.host) ? { kind: 'http-loopback' } : { kind: 'https-self-signed' };
}

/** pino settings for the request log: request line and status only; credentials redacted should a serializer add headers. */
export const REQUEST_LOG: { level: string; redact: string[] } = { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] };

/** List pages are read by this many worker threads (src/api/read-pool.ts), so one slow page stalls no other request. */
const LIST_READERS = 2;

/** `selfSignedBase`: where a generated certificate is kept (`<base>.tls.crt`/`.tls.key`). */
export async function startServer(
  store: SqliteScanStore,
  auditKey: AuditKey,
  o: ServeOptions & { selfSignedBase: string },
  logger: boolean,
): Promise<{ app: FastifyInstance; url: string; fingerprint: string | null }> {
  let t = transportFor(o);
  let fingerprint: string | null = null;
  if (t.kind === 'https-self-signed') {
    const made = await ensureSelfSigned(o.selfSignedBase, o.host, new Date());
    fingerprint = made.fingerprint;
    t = { kind: 'https', cert: made.cert, key: made.key };
  }
  const app = await buildApp({
    store,
    auditKey,
    secureCookies: t.kind !== 'http-loopback',
    trustProxy: t.kind === 'http-behind-proxy' ? t.proxies : false,
    rateLimitPerMinute: o.rateLimitPerMinute,
    readWorkers: LIST_READERS,
    secretsKey: o.secretsKey ?? null,
    oidc: o.oidc ?? null,
    https: t.kind === 'https' ? { cert: readFileSync(t.cert), key: readFileSync(t.key) } : null,
    logger: logger ? REQUEST_LOG : false,
  });
  const url = await app.listen({ host: o.host, port: o.port });
  return { app, url, fingerprint };
}
