/**
 * HTTP probe. Sends one `GET /` (HTTP/1.1, Connection: close) over plain TCP, or over TLS on HTTPS ports and on
 * any port where tls.versions found TLS, and reads at most 64 KB of the answer: status, Server, X-Powered-By,
 * WWW-Authenticate, Location, the page title and whether the page asks for a password. Follows no redirect,
 * submits nothing: safe. Emits http.response.
 */
import { NetError } from '../../net/errors.js';
import type { Conn } from '../../net/conn.js';
import { defineProbe } from '../probe.js';
import { tlsVersions } from '../tls/observations.js';
import { httpResponse } from './observations.js';
import { dechunk, hasPasswordField, header, headersNamed, pageTitle, parseResponse } from './response.js';

const PLAIN_PORTS = [80, 81, 3000, 5000, 8000, 8008, 8042, 8080, 8081, 8088, 8888, 9000];
const HTTPS_PORTS = [443, 4443, 8443, 9443, 10443];
const NOT_HTTP_TLS = new Set([465, 636, 993, 995, 3269, 5061]);
const MAX_BYTES = 64 * 1024;
const ADMIN_WORDS = ['login', 'log in', 'sign in', 'admin', 'administration', 'console', 'configuration', 'setup', 'management', 'password'];

async function readResponse(conn: Conn, deadlineMs: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  const deadline = performance.now() + deadlineMs;
  while (total < MAX_BYTES) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    try {
      const chunk = await conn.readSome({ deadlineMs: left, maxBytes: MAX_BYTES - total });
      parts.push(chunk);
      total += chunk.length;
    } catch (e) {
      // The server closing (Connection: close) or going quiet ends the response; what arrived is the answer.
      if (e instanceof NetError && (e.code === 'closed' || e.code === 'timeout') && total > 0) break;
      throw e;
    }
    if (parseResponse(Buffer.concat(parts, total))?.complete) break;
  }
  return Buffer.concat(parts, total);
}

export default defineProbe<{ path: string; deadlineMs: number }>({
  id: 'http.get',
  summary: 'GET / over HTTP or HTTPS: status, Server, authentication, title, login form',
  safety: 'safe',
  transport: 'tcp',
  ports: [...PLAIN_PORTS, ...HTTPS_PORTS],
  emits: [httpResponse],
  defaults: { path: '/', deadlineMs: 5000 },
  phase: 40,
  selects: (port, ctx) =>
    !ctx.net.isDicomPort(port) &&
    !NOT_HTTP_TLS.has(port) &&
    ctx.host.observations.some((o) => tlsVersions.is(o) && o.endpoint.port === port && o.data.results.some((r) => r.accepted)),
  async run(target, { net, options, host }) {
    // A site may declare any port as DICOM; nothing but DICOM is ever sent there.
    if (net.isDicomPort(target.port)) return { status: 'skipped', observations: [], detail: `port ${target.port} is a DICOM port` };
    const tls =
      HTTPS_PORTS.includes(target.port) ||
      host.observations.some((o) => tlsVersions.is(o) && o.endpoint.port === target.port && o.data.results.some((r) => r.accepted));
    const conn = tls ? await net.connectTls(target) : await net.connect(target);
    let raw: Buffer;
    try {
      const hostHeader = target.host.includes(':') ? `[${target.host}]` : target.host;
      const portPart = target.port === (tls ? 443 : 80) ? '' : `:${target.port}`;
      await conn.write(
        `GET ${options.path} HTTP/1.1\r\nHost: ${hostHeader}${portPart}\r\nUser-Agent: Radguard\r\nAccept: text/html,*/*\r\nConnection: close\r\n\r\n`,
      );
      raw = await readResponse(conn, options.deadlineMs);
    } finally {
      conn.destroy();
    }
    const r = parseResponse(raw);
    if (!r) return { status: 'protocol-error', observations: [], detail: 'answer is not an HTTP response' };
    const chunked = /chunked/i.test(header(r, 'transfer-encoding') ?? '');
    const html = (chunked ? dechunk(r.body) : r.body).toString('utf8');
    const title = pageTitle(html);
    const passwordForm = hasPasswordField(html);
    const text = `${title ?? ''} ${passwordForm ? html.slice(0, 8192) : ''}`.toLowerCase();
    return {
      status: 'success',
      observations: [
        httpResponse.of({
          tls,
          status: r.status,
          server: header(r, 'server'),
          poweredBy: header(r, 'x-powered-by'),
          title,
          wwwAuthenticate: headersNamed(r, 'www-authenticate').slice(0, 10),
          location: header(r, 'location'),
          contentType: header(r, 'content-type'),
          passwordForm,
          adminHints: ADMIN_WORDS.filter((w) => text.includes(w)),
        }),
      ],
    };
  },
});
