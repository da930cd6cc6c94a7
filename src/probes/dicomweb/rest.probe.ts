/**
 * PACS REST/DICOMweb exposure probe. On Orthanc's 8042 and dcm4chee's 8080 (and on HTTPS ports of hosts already
 * seen speaking DICOM) it sends, one connection each, `GET /system` (Orthanc status: name and version, no patient
 * data) and zero-match QIDO-RS searches `…/studies?StudyInstanceUID=2.25.<random>&limit=1` under `/dicom-web/`,
 * `/` and dcm4chee's `/dcm4chee-arc/aets/DCM4CHEE/rs/`. Never a universal query. Only the status line, the Server
 * header and, for /system, the Version field are kept; QIDO bodies are never read. Emits dicomweb.rest.
 */
import type { Endpoint } from '../../core/endpoint.js';
import type { Conn } from '../../net/conn.js';
import { NetError } from '../../net/errors.js';
import type { Net } from '../../net/net.js';
import { random225Uid } from '../dicom/random.js';
import { defineProbe } from '../probe.js';
import { dicomwebRest, type RestCheck } from './observations.js';

export interface RestOptions {
  readonly deadlineMs: number;
  /** HTTPS ports tried on hosts already seen speaking DICOM. */
  readonly tlsPorts: readonly number[];
  readonly qidoBases: readonly string[];
}

const MAX_HEAD = 16 * 1024;
const MAX_SYSTEM_BODY = 64 * 1024;

interface Head {
  readonly status: number;
  readonly headers: Map<string, string>;
}

function parseHead(raw: Buffer): Head | null {
  const lines = raw.toString('latin1').split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim().slice(0, 200));
  }
  return { status: Number(m[1]), headers };
}

async function get(net: Net, target: Endpoint, tls: boolean, path: string, deadlineMs: number, readBody: boolean) {
  const conn: Conn = tls ? await net.connectTls(target) : await net.connect(target);
  try {
    await conn.write(`GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\nUser-Agent: Radguard\r\nAccept: application/json\r\nConnection: close\r\n\r\n`);
    const raw = await conn.read((b) => {
      const i = b.indexOf('\r\n\r\n');
      return i < 0 ? undefined : i + 4;
    }, { deadlineMs, maxBytes: MAX_HEAD });
    const head = parseHead(raw);
    if (!head) return null;
    let body: Buffer | null = null;
    const len = Number(head.headers.get('content-length') ?? NaN);
    if (readBody && head.status === 200 && Number.isInteger(len) && len > 0 && len <= MAX_SYSTEM_BODY)
      body = await conn.readExactly(len, deadlineMs);
    return { head, body };
  } finally {
    conn.destroy();
  }
}

function orthancVersion(body: Buffer | null): string | null {
  if (!body) return null;
  try {
    const v = (JSON.parse(body.toString('utf8')) as { Version?: unknown }).Version;
    return typeof v === 'string' && /^[\w.\-+]{1,32}$/.test(v) ? v : null;
  } catch {
    return null;
  }
}

export default defineProbe<RestOptions>({
  id: 'dicomweb.rest',
  summary: 'Orthanc /system and zero-match QIDO-RS: is the PACS REST/DICOMweb API open without credentials?',
  safety: 'safe',
  transport: 'tcp',
  ports: [8042, 8080],
  phase: 35,
  emits: [dicomwebRest],
  defaults: { deadlineMs: 3000, tlsPorts: [443, 8443], qidoBases: ['/dicom-web', '', '/dcm4chee-arc/aets/DCM4CHEE/rs'] },
  selects: (port, ctx) => ctx.options.tlsPorts.includes(port) && ctx.host.observations.some((o) => o.kind.startsWith('dicom.')),
  async run(target, { net, options }) {
    const tls = options.tlsPorts.includes(target.port);
    const checks: RestCheck[] = [];
    let server: string | null = null;
    let version: string | null = null;
    const paths = [
      { path: '/system', kind: 'orthanc-system' as const },
      ...options.qidoBases.map((b) => ({ path: `${b}/studies?StudyInstanceUID=${random225Uid()}&limit=1`, kind: 'qido' as const })),
    ];
    for (const p of paths) {
      const shown = p.path.replace(/StudyInstanceUID=[\d.]+/, 'StudyInstanceUID=<random>');
      try {
        const r = await get(net, target, tls, p.path, options.deadlineMs, p.kind === 'orthanc-system');
        if (!r) return { status: 'not-applicable', observations: [], detail: 'not HTTP' };
        server ??= r.head.headers.get('server') ?? null;
        if (p.kind === 'orthanc-system') version = orthancVersion(r.body);
        checks.push({ kind: p.kind, path: shown, status: r.head.status });
      } catch (e) {
        if (!(e instanceof NetError) || e.code === 'blocked') throw e;
        if (checks.length === 0) throw e; // nothing answered at all: the status says why
        checks.push({ kind: p.kind, path: shown, status: null });
      }
    }
    return { status: 'success', observations: [dicomwebRest.of({ tls, server, orthancVersion: version, checks })] };
  },
});
