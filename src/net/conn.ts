/**
 * A TCP (or TLS) connection as probes see it: writes, and reads with a hard deadline and a byte cap. A peer that
 * stays silent, drips bytes or answers with a gigabyte cannot stall or exhaust the scanner: every read has a
 * deadline, buffered data is capped, and the socket is destroyed on the first violation.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Endpoint } from '../core/endpoint.js';
import { NetError, fromSocketError } from './errors.js';

/** Returns the length of a complete frame at the start of `buf`, or undefined if more bytes are needed. */
export type Framer = (buf: Buffer) => number | undefined;

export interface ReadOptions {
  readonly deadlineMs: number;
  readonly maxBytes: number;
}

export interface TlsFacts {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly peerCertificateDer: readonly Buffer[]; // leaf first
  readonly authorized: boolean;
  readonly authorizationError: string | null;
}

const HARD_BUFFER_CAP = 4 * 1024 * 1024;

export class Conn {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: NetError | null = null;
  private ended = false;
  private wake: (() => void) | null = null;
  private wrote = false;
  private closed = false;
  private readonly idleTimer: NodeJS.Timeout | null;
  private readonly onClose: Array<() => void> = [];

  constructor(
    private readonly socket: Socket | TLSSocket,
    readonly endpoint: Endpoint,
    opts: { firstWriteMs: number | null; lifetimeMs: number },
    readonly tls: TlsFacts | null = null,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onSocketClose);
    // Fragile-listener rule: a connection on which we say nothing is closed quickly, never left idle.
    this.idleTimer =
      opts.firstWriteMs === null
        ? null
        : setTimeout(() => {
            if (!this.wrote) this.fail(new NetError('idle', `closed after ${opts.firstWriteMs} ms without a request`));
          }, opts.firstWriteMs);
    const lifetime = setTimeout(
      () => this.fail(new NetError('timeout', `connection exceeded its ${opts.lifetimeMs} ms lifetime`)),
      opts.lifetimeMs,
    );
    lifetime.unref();
    this.onClose.push(() => clearTimeout(lifetime));
  }

  /** Called once when the connection is gone (used by the gate to free the slot). */
  whenClosed(fn: () => void): void {
    if (this.closed) fn();
    else this.onClose.push(fn);
  }

  async write(data: Buffer | string): Promise<void> {
    if (this.failure) throw this.failure;
    this.wrote = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await new Promise<void>((resolve, reject) => {
      this.socket.write(data, (err) => (err ? reject(this.failure ?? fromSocketError(err, 'write')) : resolve()));
    });
  }

  /** Reads one frame as delimited by `framer`. */
  async read(framer: Framer, opts: ReadOptions): Promise<Buffer> {
    const deadline = performance.now() + opts.deadlineMs;
    for (;;) {
      if (this.buffered > 0) {
        const buf = this.peek();
        const n = framer(buf);
        if (n !== undefined) return this.consume(Math.min(n, buf.length));
        if (buf.length > opts.maxBytes) {
          this.fail(new NetError('too-large', `reply exceeds ${opts.maxBytes} bytes without a complete message`));
        }
      }
      if (this.failure) throw this.failure;
      if (this.ended) throw new NetError('closed', 'peer closed the connection');
      await this.waitForData(deadline, opts.deadlineMs);
    }
  }

  /** Reads exactly `n` bytes. */
  readExactly(n: number, deadlineMs: number): Promise<Buffer> {
    return this.read((b) => (b.length >= n ? n : undefined), { deadlineMs, maxBytes: Math.max(n, 1) });
  }

  /** Whatever arrives first (at least one byte, at most `maxBytes`). */
  readSome(opts: ReadOptions): Promise<Buffer> {
    return this.read((b) => Math.min(b.length, opts.maxBytes), opts);
  }

  /** Reads a line ending in LF (CRLF tolerated); a line longer than maxBytes is a protocol error. */
  async readLine(opts: ReadOptions): Promise<string> {
    const buf = await this.read((b) => {
      const i = b.indexOf(0x0a);
      return i >= 0 ? i + 1 : undefined;
    }, opts);
    return buf.toString('latin1').replace(/\r?\n$/, '');
  }

  /** Bytes received but not yet read. */
  get pending(): number {
    return this.buffered;
  }

  destroy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.socket.destroyed) this.socket.destroy();
    if (!this.failure) this.failure = new NetError('closed', 'connection closed by the scanner');
    this.finish();
  }

  /** Hands the raw socket over (for STARTTLS-style upgrades); this Conn stops reading from it. */
  detach(): Socket | TLSSocket {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onSocketClose);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return this.socket;
  }

  private peek(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(n: number): Buffer {
    const buf = this.peek();
    const out = Buffer.from(buf.subarray(0, n));
    const rest = buf.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private waitForData(deadline: number, deadlineMs: number): Promise<void> {
    const left = deadline - performance.now();
    if (left <= 0) return Promise.reject(new NetError('timeout', `no complete reply within ${deadlineMs} ms`));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = null;
        reject(new NetError('timeout', `no complete reply within ${deadlineMs} ms`));
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private readonly onData = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > HARD_BUFFER_CAP) {
      this.fail(new NetError('too-large', `peer sent more than ${HARD_BUFFER_CAP} unread bytes`));
      return;
    }
    this.wake?.();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };

  private readonly onError = (err: Error): void => {
    this.fail(fromSocketError(err as NodeJS.ErrnoException, 'socket'));
  };

  private readonly onSocketClose = (): void => {
    this.ended = true;
    this.finish();
    this.wake?.();
  };

  private fail(err: NetError): void {
    if (!this.failure) this.failure = err;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.socket.destroyed) this.socket.destroy();
    this.wake?.();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.onClose.splice(0)) fn();
  }
}
