/**
 * Rate caps and concurrency limits. Fragile devices (old modality consoles, embedded print servers) fall over
 * under connection floods, so every connection waits here first: a global rate and concurrency, and per host a
 * rate, a concurrency cap and a lock that allows one connection at a time to its DICOM ports.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }
}

/** Token bucket: `ratePerSec` tokens a second, bursts up to `burst`. Infinity means no cap. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst = Math.max(1, Math.min(ratePerSec, 50)),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = this.burst;
    this.last = this.now();
  }

  take(): Promise<void> | void {
    if (this.ratePerSec === Infinity) return;
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const p = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.schedule();
    return p;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSec) / 1000);
    this.last = t;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(1, ((1 - this.tokens) * 1000) / this.ratePerSec);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refill();
      while (this.waiting.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.waiting.shift()!();
      }
      if (this.waiting.length > 0) this.schedule();
    }, wait);
  }
}

export interface RateLimits {
  readonly globalRate: number; // connection attempts per second, all hosts
  readonly globalConcurrency: number;
  readonly perHostRate: number;
  readonly perHostConcurrency: number;
}

/** Safe defaults after runZero's: 1,000 packets/s overall, 40/s per host, few parallel connections per device. */
export const SAFE_LIMITS: RateLimits = { globalRate: 1000, globalConcurrency: 256, perHostRate: 40, perHostConcurrency: 4 };
/** `--fast`: lab networks and loopback only. */
export const FAST_LIMITS: RateLimits = {
  globalRate: Infinity,
  globalConcurrency: 8192,
  perHostRate: Infinity,
  perHostConcurrency: 2048,
};

interface HostState {
  readonly conns: Semaphore;
  readonly rate: TokenBucket;
  readonly dicom: Semaphore;
  users: number;
}

/** Hands out permission to open one connection; the returned function gives it back. */
export class ConnectionGate {
  private readonly global: Semaphore;
  private readonly globalRate: TokenBucket;
  private readonly hosts = new Map<string, HostState>();

  constructor(readonly limits: RateLimits) {
    this.global = new Semaphore(limits.globalConcurrency);
    this.globalRate = new TokenBucket(limits.globalRate, Math.max(1, Math.min(limits.globalRate, 100)));
  }

  async enter(host: string, dicomPort: boolean): Promise<() => void> {
    let h = this.hosts.get(host);
    if (!h) {
      h = {
        conns: new Semaphore(this.limits.perHostConcurrency),
        rate: new TokenBucket(this.limits.perHostRate, Math.max(1, Math.min(this.limits.perHostRate, 4))),
        dicom: new Semaphore(1),
        users: 0,
      };
      this.hosts.set(host, h);
    }
    const state = h;
    state.users++;
    // DICOM lock first: a queued DICOM connection must not hold one of the host's connection slots while it waits.
    if (dicomPort) await state.dicom.acquire();
    await state.conns.acquire();
    await this.global.acquire();
    await state.rate.take();
    await this.globalRate.take();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.global.release();
      state.conns.release();
      if (dicomPort) state.dicom.release();
      if (--state.users === 0) this.hosts.delete(host);
    };
  }
}
