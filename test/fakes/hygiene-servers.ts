/**
 * In-process servers on 127.0.0.1 that play one hygiene protocol badly or from another era: an XP-era TLS stack
 * that speaks only SSLv3/TLS 1.0 with RC4 (Node's OpenSSL cannot even offer it), an SSH server claiming a 4 GB
 * packet, an FTP server whose greeting never ends, a telnet server that negotiates forever, a VNC server that
 * refuses with a reason. `scripted` runs a handler per received chunk; the fake records what clients sent.
 */
import { createServer, type Socket } from 'node:net';
import { fixedClock, sequentialIds } from '../../src/core/clock.js';
import { DoNotProbeGuard } from '../../src/net/guard.js';
import { FAST_LIMITS } from '../../src/net/limits.js';
import { Net } from '../../src/net/net.js';
import type { Probe } from '../../src/probes/probe.js';
import { runProbe, type ProbeResult } from '../../src/probes/run-probe.js';

export interface ScriptedFake {
  readonly port: number;
  readonly received: Buffer[];
  close(): Promise<void>;
}

export async function scripted(
  onData: (sock: Socket, data: Buffer, all: Buffer) => void,
  greeting?: Buffer | string,
): Promise<ScriptedFake> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let all = Buffer.alloc(0);
    sock.on('data', (d) => {
      received.push(d);
      all = Buffer.concat([all, d]);
      onData(sock, d, all);
    });
    if (greeting !== undefined) sock.write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A ServerHello record choosing `suite` at `version` (what a Windows XP / OpenSSL 0.9.8 stack would send). */
export function serverHello(version: number, suite: number): Buffer {
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 255]),
    Buffer.alloc(32, 0x42),
    Buffer.from([0]),
    Buffer.from([suite >> 8, suite & 255, 0]),
  ]);
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 255]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, version & 255, hs.length >> 8, hs.length & 255]), hs]);
}

/**
 * An XP-era TLS stack: answers a ClientHello whose client_version is SSLv3 or TLS 1.0 with RC4-MD5 (0x0004) if
 * offered, else 3DES (0x000a) if offered, else a handshake_failure alert; anything newer gets a protocol_version
 * alert, as Node's modern hellos do from SCHANNEL on XP.
 */
export const xpEraTls = () =>
  scripted((sock, _d, all) => {
    if (all.length < 11 || all[0] !== 0x16) return;
    const clientVersion = all.readUInt16BE(9);
    const sidLen = all[43] ?? 0;
    const suitesAt = 44 + sidLen;
    if (all.length < suitesAt + 2) return;
    const n = all.readUInt16BE(suitesAt);
    if (all.length < suitesAt + 2 + n) return;
    const suites = Array.from({ length: n / 2 }, (_, i) => all.readUInt16BE(suitesAt + 2 + i * 2));
    const version = Math.min(clientVersion, 0x0301);
    if (clientVersion > 0x0303 || (clientVersion !== 0x0300 && clientVersion !== 0x0301)) {
      sock.end(Buffer.from([0x15, 3, 1, 0, 2, 2, 70]));
      return;
    }
    const pick = [0x0004, 0x000a].find((s) => suites.includes(s));
    sock.end(pick ? serverHello(version, pick) : Buffer.from([0x15, 3, version & 255, 0, 2, 2, 40]));
  });

/** Runs one probe against a fake on 127.0.0.1 with FAST_LIMITS, an empty do-not-probe list and a fixed clock. */
export async function probeFake<O>(probe: Probe<O>, port: number, options?: Partial<O>): Promise<ProbeResult> {
  const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard(), bannerWaitMs: 1000 });
  const ctx = {
    net,
    clock: fixedClock('2026-11-30T12:00:00Z'),
    options: { ...probe.defaults, ...options } as O,
    host: { address: '127.0.0.1', openPorts: [port], observations: [] },
  };
  return runProbe(probe, { host: '127.0.0.1', port, transport: 'tcp' }, ctx, sequentialIds());
}
