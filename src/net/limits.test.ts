import { describe, expect, it } from 'vitest';
import { ConnectionGate, Semaphore, TokenBucket } from './limits.js';

describe('rate limits', () => {
  it('a token bucket holds the rate after its burst', async () => {
    const bucket = new TokenBucket(100, 5);
    const t0 = performance.now();
    for (let i = 0; i < 35; i++) await bucket.take();
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThan(250); // 30 tokens beyond the burst at 100/s ≈ 300 ms
    expect(elapsed).toBeLessThan(800);
  });

  it('a semaphore never exceeds its limit', async () => {
    const sem = new Semaphore(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await sem.acquire();
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        sem.release();
      }),
    );
    expect(peak).toBe(3);
  });

  it('the gate caps per-host concurrency', async () => {
    const gate = new ConnectionGate({ globalRate: Infinity, globalConcurrency: 100, perHostRate: Infinity, perHostConcurrency: 2 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const release = await gate.enter('10.0.0.1', false);
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        release();
      }),
    );
    expect(peak).toBe(2);
  });
});
