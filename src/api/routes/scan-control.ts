/**
 * Scan control: POST /api/scans starts the CLI's scan in the server process, GET /api/scans/{id}/events streams
 * it (Server-Sent Events), POST /api/scans/{id}/cancel stops it. Starting follows `radguard scan`'s refusals: more
 * than 65,536 addresses or a public address outside the site allow-list (`radguard scope`) is refused unless
 * confirmLarge/confirmPublic is set, and only an admin may set those; the do-not-probe list is honoured by the
 * engine itself. Scans from the API never run intrusive checks. Every start, refusal and cancel is audited.
 * A stream first replays what the scan has done so far (so a late subscriber catches up), then follows it live,
 * sends a comment line as heartbeat, and closes after the final event. A vendor-service reader gets only host and
 * finding events of its own devices and the final status, and 404 for a scan that has not touched them.
 * Every event has an id naming where the reader is in the scan's story (see eventId); a reconnecting EventSource
 * sends the last one back as Last-Event-ID and gets only what it missed, in its own scope.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isScoped } from '../../auth/roles.js';
import { randomIds } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { planScan, publicAllowList, type ScanSettings } from '../../scan/launch.js';
import { selectPorts } from '../../scan/ports.js';
import type { TargetPlan } from '../../scan/targets.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';
import {
  findingEvents,
  hostEvent,
  isCancelReason,
  ScanBusyError,
  ScanRunner,
  type EndEvent,
  type EndEventType,
  type FindingEvent,
  type HostEvent,
  type ScanEvent,
} from '../scan-runner.js';

export interface ScanControlOptions {
  /** Milliseconds between heartbeat comments on an event stream (default 15 s, under common proxy idle limits). */
  readonly heartbeatMs?: number;
  /** How often a stream of a scan run by another process (`radguard scan`) looks at the store (default 1 s). */
  readonly pollMs?: number;
}

const idParam = { type: 'string', minLength: 1, maxLength: 100 } as const;
const idOnly = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/** The CLI's refusal messages name its flags; the API names its own fields, and who may set them. */
const apiWording = (message: string): string =>
  message
    .replace('pass --allow-large', 'an admin may set confirmLarge')
    .replace('only with --allow-public', 'only when an admin sets confirmPublic');

const sse = (id: string, type: string, data: unknown): string => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Event ids. A stream sends hosts in commit order, each host's event followed by its findings, so "host A and its
 * first n findings" marks a place in the story: its id is `A/n` (n = 0 right after the host event). It names an
 * address the reader has been sent and nothing else, so it tells a vendor nothing about other devices, and an id
 * naming an address outside the reader's scope is simply not found. Progress events repeat the place they
 * fall at; `start` is the place before the first host, `end` the final event.
 */
const START_ID = 'start';
const END_ID = 'end';
const eventId = (address: string, findingsSent: number): string => `${address}/${findingsSent}`;
/** The place a Last-Event-ID names; null for anything else (never an error: the reader then starts over). */
function parseEventId(raw: unknown): { address: string; findings: number } | typeof END_ID | null {
  if (typeof raw !== 'string') return null;
  if (raw === END_ID) return END_ID;
  const m = /^([0-9A-Za-z.:%_-]{2,64})\/(\d{1,6})$/.exec(raw); // an address (IPv6 may carry a zone)
  return m ? { address: m[1]!, findings: Number(m[2]) } : null;
}

export function scanControlRoutes(app: FastifyInstance, ctx: ApiContext, opts: ScanControlOptions = {}): void {
  const runner = new ScanRunner(ctx.store, ctx.clock, randomIds);
  /** Open event streams: an open stream would otherwise keep the server from closing. */
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    await runner.close(); // its final event ends the streams following it
    for (const close of [...streams]) close();
  });
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const pollMs = opts.pollMs ?? 1000;

  const audit = (req: FastifyRequest, action: string, target: string | null, detail: Record<string, unknown>) =>
    ctx.audit.append({ at: ctx.clock.now().toISOString(), actor: principalOf(req).username, action, target, detail });
  const resolve = (ref: string): string | null => {
    try {
      return ctx.store.resolveScanId(ref);
    } catch (e) {
      if (e instanceof UsageError) return null;
      throw e;
    }
  };
  const notFound = (reply: FastifyReply, ref: string) => reply.code(404).send({ error: 'not-found', message: `no scan ${ref}` });

  app.post(
    '/api/scans',
    {
      schema: {
        tags: ['scans'],
        summary: "Start a scan (safe checks only) of targets inside the site's scope; one scan at a time per server",
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            targets: { type: 'array', minItems: 1, maxItems: 256, items: { type: 'string', minLength: 1, maxLength: 255 } },
            profile: { type: 'string', minLength: 1, maxLength: 40, description: 'port profile: imaging (default), top1000, all' },
            ports: { type: 'string', minLength: 1, maxLength: 2000, description: 'ports, e.g. 22,80,100-200 (overrides profile)' },
            confirmLarge: { type: 'boolean', default: false, description: 'admin only: more than 65,536 addresses' },
            confirmPublic: { type: 'boolean', default: false, description: 'admin only: public addresses outside the site allow-list' },
          },
          required: ['targets'],
        },
        response: { 202: idOnly, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as { targets: string[]; profile?: string; ports?: string; confirmLarge: boolean; confirmPublic: boolean };
      const asked = {
        targets: b.targets,
        profile: b.profile ?? null,
        ports: b.ports ?? null,
        confirmLarge: b.confirmLarge,
        confirmPublic: b.confirmPublic,
      };
      const refuse = (code: 400 | 403 | 409, error: string, message: string) => {
        audit(req, 'scan.refused', null, { ...asked, reason: message });
        return reply.code(code).send({ error, message });
      };
      if (isScoped(p.scope)) return refuse(403, 'forbidden', 'an account limited to some devices or one site cannot start scans');
      if ((b.confirmLarge || b.confirmPublic) && p.role !== 'admin')
        return refuse(403, 'forbidden', 'only an admin may confirm a scan of more than 65,536 addresses or of public addresses');
      let plan: TargetPlan;
      try {
        selectPorts({ profile: b.profile, ports: b.ports });
        plan = await planScan(
          { specs: b.targets, excludes: [], allowLarge: b.confirmLarge, allowPublic: b.confirmPublic },
          publicAllowList(ctx.store),
        );
      } catch (e) {
        if (e instanceof UsageError) return refuse(400, 'bad-request', apiWording(e.message));
        throw e;
      }
      const settings: ScanSettings = {
        profile: b.profile,
        ports: b.ports,
        fast: false, // production devices: the safe rates and timeouts, always
        extraDicomPorts: [],
        probeOptions: {},
        intrusive: false,
        probes: true,
        excludes: [],
      };
      try {
        const scan = await runner.start(plan, settings, p.username);
        audit(req, 'scan.started', scan.id, { ...asked, addresses: plan.count });
        return reply.code(202).send({ id: scan.id });
      } catch (e) {
        if (e instanceof ScanBusyError) return refuse(409, 'conflict', e.message);
        throw e;
      }
    },
  );

  app.post(
    '/api/scans/:id/cancel',
    {
      schema: {
        tags: ['scans'],
        summary: 'Stop the running scan; it ends as incomplete, keeping every host finished so far',
        params: { type: 'object', properties: { id: idParam }, required: ['id'] },
        response: { 202: idOnly, ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const ref = (req.params as { id: string }).id;
      const id = resolve(ref);
      if (!id) return notFound(reply, ref);
      if (!runner.cancel(id, principalOf(req).username)) {
        const s = ctx.store.getScan(id)!;
        return reply.code(409).send({
          error: 'conflict',
          message:
            s.status === 'running'
              ? `scan ${id} runs in another process (radguard scan); stop it there`
              : `scan ${id} has already ended (${s.status})`,
        });
      }
      audit(req, 'scan.cancelled', id, {});
      return reply.code(202).send({ id });
    },
  );

  app.get(
    '/api/scans/:id/events',
    {
      schema: {
        tags: ['scans'],
        summary:
          'Server-Sent Events of a scan: progress, host, finding, then done | cancelled | error; replayed for late subscribers, resumed after Last-Event-ID',
        headers: {
          type: 'object',
          properties: {
            'last-event-id': {
              type: 'string',
              description: "the id of the last event received: only later events are sent (an id not of this stream's: all)",
            },
          },
        },
        params: { type: 'object', properties: { id: idParam }, required: ['id'] },
        response: {
          200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          204: { description: 'Last-Event-ID was the final event: nothing more to send', type: 'null' },
          ...errors(401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const scope = principalOf(req).scope;
      const ref = (req.params as { id: string }).id;
      const id = resolve(ref);
      if (!id) return notFound(reply, ref);
      const scoped = isScoped(scope);
      // addresses of in-scope hosts seen so far; grows as the live scan reaches more of the caller's devices
      const mine = scoped ? ctx.queries.scanAddresses(scope, id)! : null;
      const live = runner.get(id);
      // a running scan is visible to a vendor once it has reached, or will reach, one of the vendor's devices
      const ahead = () =>
        Boolean(live && !live.end && [...ctx.inventory.eachAsset(scope)].some((a) => a.addresses.some((x) => live.covers(x))));
      if (mine && mine.size === 0 && !ahead()) return notFound(reply, ref);

      const endOf = (): { type: EndEventType; data: EndEvent } | null => {
        const s = ctx.store.getScan(id)!;
        if (s.status === 'running') return null;
        const type = s.status === 'complete' ? 'done' : s.status === 'incomplete' && isCancelReason(s.error) ? 'cancelled' : 'error';
        return { type, data: { status: s.status, message: s.error, hostsScanned: ctx.store.hostAddresses(id).length } };
      };
      const resume = parseEventId(req.headers['last-event-id']);
      // the reader already has the final event: 204 is how a server tells an EventSource to stop reconnecting
      if (resume === END_ID && (live?.end ?? endOf())) return reply.code(204).send();

      const stream = new PassThrough();
      /** The place of the last host or finding event sent (see eventId). */
      let place = START_ID;
      const write = (type: string, data: unknown, id = place) => void (stream.writable && stream.write(sse(id, type, data)));
      /** Hosts sent (or skipped on resume), with how many of their findings were sent. */
      const sent = new Map<string, number>();
      const sendFinding = (f: FindingEvent) => {
        const n = (sent.get(f.address) ?? 0) + 1;
        sent.set(f.address, n);
        place = eventId(f.address, n);
        write('finding', f);
      };
      const sendHost = (host: HostEvent, findings: readonly FindingEvent[]) => {
        sent.set(host.address, 0);
        place = eventId(host.address, 0);
        write('host', host);
        for (const f of findings) sendFinding(f);
      };
      /** Stored hosts of the caller's scope in commit order: the order every stream of this scan sends them in. */
      const visibleHosts = () => ctx.store.hostsInCommitOrder(id).filter((a) => !mine || mine.has(a));
      /** Hosts committed to the store and not yet sent, with their findings (the replay, and polling). */
      const catchUp = () => {
        for (const address of visibleHosts()) {
          if (sent.has(address)) continue;
          const h = ctx.store.host(id, address);
          if (h) sendHost(hostEvent(h), findingEvents(ctx.store, id, address));
        }
      };
      if (resume && resume !== END_ID) {
        // skip what the reader has: every host up to the named one, and that host's first findings
        const hosts = visibleHosts();
        const at = hosts.indexOf(resume.address);
        for (const a of hosts.slice(0, at + 1)) sent.set(a, 0);
        if (at >= 0) {
          const rest = findingEvents(ctx.store, id, resume.address);
          const had = Math.min(resume.findings, rest.length);
          sent.set(resume.address, had);
          place = eventId(resume.address, had);
          for (const f of rest.slice(had)) sendFinding(f);
        }
      }
      const cleanups: Array<() => void> = [];
      const close = () => {
        for (const c of cleanups.splice(0)) c();
        streams.delete(close);
        if (stream.writable) stream.end();
      };
      streams.add(close);
      const finish = (end: { type: EndEventType; data: EndEvent }) => {
        // a scoped reader learns how the scan ended, not how large it was or what failed elsewhere
        write(end.type, scoped ? { status: end.data.status, message: null, hostsScanned: null } : end.data, END_ID);
        close();
      };

      if (live && !scoped && live.progress && !live.end) write('progress', live.progress);
      catchUp();
      const ended = live?.end ?? endOf();
      if (ended) finish(ended);
      else if (live) {
        // everything below runs synchronously after the replay: no event can fall between the two
        const onEvent = (e: ScanEvent) => {
          if (e.type === 'progress') {
            if (!scoped) write('progress', e.data);
          } else if (e.type === 'host') {
            const inScope = !mine || (e.data.assetId !== null && ctx.queries.assetInScope(scope, e.data.assetId));
            if (inScope && !sent.has(e.data.address)) {
              mine?.add(e.data.address);
              sendHost(e.data, []);
            }
          } else if (e.type === 'finding') {
            if (!mine || mine.has(e.data.address)) sendFinding(e.data);
          } else finish(e);
        };
        cleanups.push(live.subscribe(onEvent));
      } else {
        // a scan another process is running (radguard scan): follow it through the store
        const timer = setInterval(() => {
          if (mine) for (const a of ctx.queries.scanAddresses(scope, id)!) mine.add(a);
          catchUp();
          const end = endOf();
          if (end) finish(end);
        }, pollMs);
        cleanups.push(() => clearInterval(timer));
      }
      if (!stream.writableEnded) {
        const beat = setInterval(() => void (stream.writable && stream.write(': heartbeat\n\n')), heartbeatMs);
        cleanups.push(() => clearInterval(beat));
        reply.raw.on('close', close); // the client went away (or the response ended)
      }
      return reply
        .code(200)
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no') // nginx and friends must not hold events back
        .send(stream);
    },
  );
}
