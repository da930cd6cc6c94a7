/**
 * TCP connect sweep of one host (no raw sockets, no ICMP). A host is alive when any port answers, open or reset,
 * so ping-silent devices are found. Ports that never answer are "filtered"; their timeout follows the measured
 * RTT, so a firewalled host costs seconds, not hours. A host that proves unreachable (no route, no ARP answer) is
 * abandoned early. Connections go through `Net`, which applies the rate caps and the do-not-probe list.
 */
import type { Net } from '../net/net.js';
import { isOnLink } from './neighbours.js';
import { RttEstimator } from './rtt.js';

export type SweepState = 'open' | 'closed' | 'filtered';

export interface SweepTiming {
  readonly initialTimeoutMs: number; // before any RTT sample
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
  readonly parallel: number; // connections in flight for this host
}

export const SAFE_TIMING: SweepTiming = { initialTimeoutMs: 1000, minTimeoutMs: 250, maxTimeoutMs: 2000, parallel: 4 };
export const FAST_TIMING: SweepTiming = { initialTimeoutMs: 400, minTimeoutMs: 50, maxTimeoutMs: 1000, parallel: 2048 };

export interface HostSweep {
  readonly address: string;
  readonly alive: boolean;
  readonly aliveReason: string | null; // 'tcp-open 22' | 'tcp-reset 80'
  readonly open: ReadonlyMap<number, number>; // port → rtt ms
  readonly closed: readonly number[];
  readonly filtered: readonly number[];
  readonly unreachable: boolean;
  readonly blocked: boolean;
  readonly durationMs: number;
}

export async function sweepHost(
  address: string,
  ports: readonly number[],
  net: Net,
  timing: SweepTiming,
  shared: RttEstimator,
  onPort?: () => void,
  /** A cancelled scan stops sending at the next port instead of finishing the host's whole list. */
  signal?: AbortSignal,
): Promise<HostSweep> {
  const started = performance.now();
  const rtt = new RttEstimator();
  const open = new Map<number, number>();
  const closed: number[] = [];
  const filtered: number[] = [];
  let aliveReason: string | null = null;
  let unreachable = 0;
  let blocked = false;
  let answered = 0;

  // Never answered yet: an on-link host is a LAN hop away, and if other hosts answered, their RTT is a good guess.
  const initial = isOnLink(address) ? Math.min(timing.initialTimeoutMs, timing.minTimeoutMs * 2) : timing.initialTimeoutMs;
  const timeoutNow = () =>
    rtt.timeout(timing.minTimeoutMs, timing.maxTimeoutMs) ??
    Math.min(initial, shared.timeout(timing.minTimeoutMs * 2, timing.maxTimeoutMs) ?? initial);

  const probe = async (port: number, timeoutMs: number) => {
    const r = await net.portState({ host: address, port, transport: 'tcp' }, timeoutMs);
    onPort?.();
    switch (r.state) {
      case 'open':
      case 'closed':
        answered++;
        if (r.rttMs !== null) {
          rtt.add(r.rttMs);
          shared.add(r.rttMs);
        }
        if (r.state === 'open') open.set(port, r.rttMs ?? 0);
        else closed.push(port);
        aliveReason ??= `tcp-${r.state === 'open' ? 'open' : 'reset'} ${port}`;
        return;
      case 'filtered':
        filtered.push(port);
        return;
      case 'unreachable':
        unreachable++;
        filtered.push(port);
        return;
      case 'blocked':
        blocked = true;
    }
  };

  let queue: readonly number[] = ports;
  if (net.canSweepNatively) {
    // Lab profile: the native loop sweeps everything but DICOM ports, which stay on the locked JS path below.
    const bulk = ports.filter((p) => !net.isDicomPort(p));
    queue = ports.filter((p) => net.isDicomPort(p));
    const r = bulk.length
      ? await net.sweepNatively(address, bulk, {
          parallel: timing.parallel,
          initialMs: timeoutNow(),
          minMs: timing.minTimeoutMs,
          maxMs: timing.maxTimeoutMs,
        })
      : null;
    if (r === 'blocked') blocked = true;
    else if (r)
      r.states.forEach((state, i) => {
        const port = bulk[i]!;
        onPort?.();
        if (state === 'open' || state === 'closed') {
          answered++;
          const ms = r.rtts[i]!;
          rtt.add(ms);
          if (i % 64 === 0) shared.add(ms); // a sample of this host's RTTs informs hosts that never answer
          if (state === 'open') open.set(port, ms);
          else closed.push(port);
          aliveReason ??= `tcp-${state === 'open' ? 'open' : 'reset'} ${port}`;
        } else if (state === 'unreachable') {
          unreachable++;
          filtered.push(port);
        } else if (state === 'filtered') filtered.push(port);
      });
  }

  let next = 0;
  const pump = async () => {
    for (;;) {
      if (blocked || signal?.aborted) return;
      // No route / no ARP answer, and nothing ever answered: the address is empty. Stop hammering it.
      if (unreachable >= 3 && answered === 0) return;
      const port = queue[next++];
      if (port === undefined) return;
      await probe(port, timeoutNow());
    }
  };
  await Promise.all(Array.from({ length: Math.min(timing.parallel, queue.length) }, pump));

  // Retry drops that look like packet loss (a few filtered ports on a host that answers elsewhere); a firewall
  // that drops thousands is a policy, and retrying it would only double the time.
  if (!signal?.aborted && answered > 0 && filtered.length > 0 && filtered.length <= Math.max(10, ports.length * 0.05)) {
    const again = filtered.splice(0);
    await Promise.all(again.map((p) => probe(p, Math.min(timing.maxTimeoutMs, timeoutNow() * 2))));
  }

  const isUnreachable = answered === 0 && unreachable > 0;
  return {
    address,
    alive: answered > 0,
    aliveReason,
    open,
    closed: closed.sort((a, b) => a - b),
    filtered: isUnreachable ? [] : filtered.sort((a, b) => a - b),
    unreachable: isUnreachable,
    blocked,
    durationMs: performance.now() - started,
  };
}
