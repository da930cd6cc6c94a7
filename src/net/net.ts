/**
 * The only way Radguard touches the network. Every TCP connection, TLS handshake, UDP exchange and port check
 * goes through here, and here the safety rules are enforced so no probe can bypass them: the do-not-probe list,
 * rate and concurrency caps, one connection at a time to a host's DICOM ports, hard deadlines, no banner waits on
 * DICOM ports, and the first-write rule (a probe sends within ~250 ms of connecting, or the connection closes).
 */
import { createSocket } from 'node:dgram';
import { Socket, isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { Endpoint } from '../core/endpoint.js';
import { Conn, type TlsFacts } from './conn.js';
import { NetError, fromSocketError } from './errors.js';
import type { DoNotProbeGuard } from './guard.js';
import { ConnectionGate, type RateLimits } from './limits.js';
import { nativeSweep, nativeSweepAvailable, type NativeSweepResult } from './native-sweep.js';

/** Ports that get DICOM-only treatment: no banner waits, one connection per host at a time. */
export const DEFAULT_DICOM_PORTS: readonly number[] = [104, 2761, 2762, 4242, 11112];

export interface NetOptions {
  readonly limits: RateLimits;
  readonly guard: DoNotProbeGuard;
  readonly dicomPorts?: Iterable<number>;
  readonly connectTimeoutMs?: number; // default 3000
  readonly firstWriteMs?: number; // default 250
  readonly bannerWaitMs?: number; // the longest a probe may wait for a server-first banner; default 2000
  readonly lifetimeMs?: number; // hard cap on any one connection; default 30000
}

export interface ConnectOptions {
  /** The protocol is server-first (FTP, SSH, SMTP, telnet): wait for the banner instead of writing first. */
  readonly expectBanner?: boolean;
  readonly connectTimeoutMs?: number;
}

export interface TlsOptions extends ConnectOptions {
  readonly minVersion?: ConnectionOptions['minVersion'];
  readonly maxVersion?: ConnectionOptions['maxVersion'];
  readonly ciphers?: string;
  readonly servername?: string;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly handshakeTimeoutMs?: number;
}

export type PortState = 'open' | 'closed' | 'filtered' | 'unreachable' | 'blocked';

export interface NetStats {
  connections: number;
  datagrams: number;
  blocked: number;
}

export class Net {
  readonly stats: NetStats = { connections: 0, datagrams: 0, blocked: 0 };
  readonly dicomPorts: ReadonlySet<number>;
  private readonly gate: ConnectionGate;
  private readonly connectTimeoutMs: number;
  private readonly firstWriteMs: number;
  readonly bannerWaitMs: number;
  private readonly lifetimeMs: number;

  constructor(private readonly opts: NetOptions) {
    this.gate = new ConnectionGate(opts.limits);
    this.dicomPorts = new Set(opts.dicomPorts ?? DEFAULT_DICOM_PORTS);
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
    this.firstWriteMs = opts.firstWriteMs ?? 250;
    this.bannerWaitMs = opts.bannerWaitMs ?? 2000;
    this.lifetimeMs = opts.lifetimeMs ?? 30_000;
  }

  isDicomPort(port: number): boolean {
    return this.dicomPorts.has(port);
  }

  /** Throws NetError('blocked') when the do-not-probe list covers the address. */
  assertAllowed(host: string): void {
    const reason = this.opts.guard.reasonFor(host);
    if (reason) {
      this.stats.blocked++;
      throw new NetError('blocked', reason);
    }
  }

  async connect(target: Endpoint, options: ConnectOptions = {}): Promise<Conn> {
    if (options.expectBanner && this.isDicomPort(target.port))
      throw new NetError('blocked', `no banner waits on DICOM port ${target.port}: the listener may stall`);
    const { socket, release } = await this.openSocket(target, options.connectTimeoutMs);
    const conn = new Conn(socket, target, {
      firstWriteMs: options.expectBanner ? null : this.firstWriteMs,
      lifetimeMs: this.lifetimeMs,
    });
    conn.whenClosed(release);
    return conn;
  }

  /** A TLS-first connection (HTTPS, DICOM-TLS, LDAPS …). */
  async connectTls(target: Endpoint, options: TlsOptions = {}): Promise<Conn> {
    if (options.expectBanner && this.isDicomPort(target.port))
      throw new NetError('blocked', `no banner waits on DICOM port ${target.port}: the listener may stall`);
    const { socket, release } = await this.openSocket(target, options.connectTimeoutMs);
    try {
      return await this.handshake(socket, target, options, release);
    } catch (e) {
      socket.destroy();
      release();
      throw e;
    }
  }

  /** Upgrades a plaintext connection in place (FTP AUTH TLS, SMTP STARTTLS). */
  async startTls(conn: Conn, options: TlsOptions = {}): Promise<Conn> {
    const raw = conn.detach() as Socket;
    try {
      // The gate slot belongs to the original Conn: destroying it when the upgraded one closes frees the slot.
      return await this.handshake(raw, conn.endpoint, options, () => conn.destroy());
    } catch (e) {
      conn.destroy();
      throw e;
    }
  }

  /** TCP connect check: open, closed (RST), filtered (no answer in time), unreachable, or blocked. */
  async portState(target: Endpoint, timeoutMs: number): Promise<{ state: PortState; rttMs: number | null }> {
    if (this.opts.guard.reasonFor(target.host)) {
      this.stats.blocked++;
      return { state: 'blocked', rttMs: null };
    }
    const release = await this.gate.enter(target.host, this.isDicomPort(target.port));
    this.stats.connections++;
    const started = performance.now();
    return new Promise((resolve) => {
      const socket = new Socket();
      let done = false;
      const finish = (state: PortState, rtt: number | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        // RST instead of FIN: nothing lingers in TIME_WAIT and the device sees no half-open session.
        if (state === 'open') socket.resetAndDestroy();
        else socket.destroy();
        release();
        resolve({ state, rttMs: rtt });
      };
      const timer = setTimeout(() => finish('filtered', null), timeoutMs);
      socket.once('connect', () => {
        // Loopback quirk: when the ephemeral source port equals the target port, the socket connects to itself.
        const self = socket.localPort === target.port && socket.localAddress === socket.remoteAddress;
        finish(self ? 'closed' : 'open', performance.now() - started);
      });
      socket.on('error', (err: NodeJS.ErrnoException) => {
        const rtt = performance.now() - started;
        if (err.code === 'ECONNREFUSED') finish('closed', rtt);
        else if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'EHOSTDOWN')
          finish('unreachable', null);
        else finish('filtered', null);
      });
      socket.connect({ host: target.host, port: target.port, family: isIP(target.host) || undefined });
    });
  }

  /**
   * Whether a whole-host sweep may use the native path: only without rate caps (the lab profile), since the
   * native loop paces by its in-flight window alone.
   */
  get canSweepNatively(): boolean {
    return this.opts.limits.globalRate === Infinity && this.opts.limits.perHostRate === Infinity && nativeSweepAvailable();
  }

  /**
   * Native connect sweep of one host's non-DICOM ports (DICOM ports need the per-host lock: use portState).
   * The do-not-probe list is checked here, before a single packet.
   */
  async sweepNatively(host: string, ports: readonly number[], t: { parallel: number; initialMs: number; minMs: number; maxMs: number }): Promise<NativeSweepResult | 'blocked'> {
    if (this.opts.guard.reasonFor(host)) {
      this.stats.blocked++;
      return 'blocked';
    }
    if (ports.some((p) => this.isDicomPort(p))) throw new Error('DICOM ports must not be swept natively');
    const release = await this.gate.enter(host, false);
    try {
      this.stats.connections += ports.length;
      return await nativeSweep(host, ports, t);
    } finally {
      release();
    }
  }

  /** One UDP request, one reply (SNMP and the like). Null when nothing came back in time. */
  async udpExchange(target: Endpoint, payload: Buffer, opts: { deadlineMs: number; maxBytes: number }): Promise<Buffer | null> {
    this.assertAllowed(target.host);
    const release = await this.gate.enter(target.host, false);
    this.stats.datagrams++;
    const sock = createSocket(isIP(target.host) === 6 ? 'udp6' : 'udp4');
    try {
      return await new Promise<Buffer | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), opts.deadlineMs);
        sock.on('message', (msg, rinfo) => {
          if (rinfo.address !== target.host || rinfo.port !== target.port) return;
          clearTimeout(timer);
          resolve(msg.length > opts.maxBytes ? msg.subarray(0, opts.maxBytes) : msg);
        });
        sock.on('error', () => {
          clearTimeout(timer);
          resolve(null);
        });
        sock.send(payload, target.port, target.host);
      });
    } finally {
      sock.close();
      release();
    }
  }

  private async openSocket(target: Endpoint, timeoutMs?: number): Promise<{ socket: Socket; release: () => void }> {
    this.assertAllowed(target.host);
    const release = await this.gate.enter(target.host, this.isDicomPort(target.port));
    this.stats.connections++;
    const limit = Math.min(timeoutMs ?? this.connectTimeoutMs, this.connectTimeoutMs);
    const socket = new Socket();
    socket.setNoDelay(true); // never let Nagle hold a probe's request back
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new NetError('timeout', `connect timed out after ${limit} ms`)), limit);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('error', (err) => {
          clearTimeout(timer);
          reject(fromSocketError(err as NodeJS.ErrnoException, 'connect'));
        });
        socket.connect({ host: target.host, port: target.port, family: isIP(target.host) || undefined });
      });
    } catch (e) {
      socket.destroy();
      release();
      throw e;
    }
    socket.on('error', () => {}); // errors after connect surface through Conn
    return { socket, release };
  }

  private handshake(socket: Socket, target: Endpoint, options: TlsOptions, release: () => void): Promise<Conn> {
    const limit = options.handshakeTimeoutMs ?? 5000;
    return new Promise<Conn>((resolve, reject) => {
      const tlsSocket: TLSSocket = tlsConnect({
        socket,
        rejectUnauthorized: false, // we audit certificates; we do not trust or refuse them here
        servername: options.servername && isIP(options.servername) === 0 ? options.servername : undefined,
        minVersion: options.minVersion ?? 'TLSv1',
        maxVersion: options.maxVersion,
        ciphers: options.ciphers ?? 'DEFAULT:@SECLEVEL=0',
        cert: options.cert,
        key: options.key,
      });
      const timer = setTimeout(() => {
        tlsSocket.destroy();
        reject(new NetError('timeout', `TLS handshake timed out after ${limit} ms`));
      }, limit);
      tlsSocket.once('secureConnect', () => {
        clearTimeout(timer);
        const chain: Buffer[] = [];
        let cert = tlsSocket.getPeerCertificate(true);
        const seen = new Set<string>();
        while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
          seen.add(cert.fingerprint256);
          chain.push(cert.raw);
          cert = cert.issuerCertificate;
        }
        const facts: TlsFacts = {
          protocol: tlsSocket.getProtocol() ?? null,
          cipher: tlsSocket.getCipher()?.name ?? null,
          peerCertificateDer: chain,
          authorized: tlsSocket.authorized,
          authorizationError: tlsSocket.authorizationError ? String(tlsSocket.authorizationError) : null,
        };
        const conn = new Conn(
          tlsSocket,
          target,
          { firstWriteMs: options.expectBanner ? null : this.firstWriteMs, lifetimeMs: this.lifetimeMs },
          facts,
        );
        conn.whenClosed(release);
        resolve(conn);
      });
      tlsSocket.once('error', (err) => {
        clearTimeout(timer);
        tlsSocket.destroy();
        reject(fromSocketError(err as NodeJS.ErrnoException, 'TLS handshake'));
      });
    });
  }
}
