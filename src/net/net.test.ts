import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFake, type Fake } from '../../test/fakes/misbehaving.js';
import { NetError } from './errors.js';
import { DoNotProbeGuard } from './guard.js';
import { FAST_LIMITS } from './limits.js';
import { Net } from './net.js';

const tcp = (port: number, host = '127.0.0.1') => ({ host, port, transport: 'tcp' as const });
const mkNet = (guard = new DoNotProbeGuard()) => new Net({ limits: FAST_LIMITS, guard, firstWriteMs: 250 });

describe('Net against misbehaving peers', () => {
  const fakes: Record<string, Fake> = {};
  beforeAll(async () => {
    for (const b of ['silent', 'reset', 'garbage', 'endless-line', 'huge', 'echo-banner'] as const) fakes[b] = await startFake(b);
  });
  afterAll(async () => {
    for (const f of Object.values(fakes)) await f.close();
  });

  it('times out a silent peer at the read deadline, not later', async () => {
    const conn = await mkNet().connect(tcp(fakes.silent!.port));
    await conn.write('hello\r\n');
    const t0 = performance.now();
    await expect(conn.readLine({ deadlineMs: 300, maxBytes: 100 })).rejects.toMatchObject({ code: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(600);
    conn.destroy();
  });

  it('closes a connection it has not written to within the first-write window', async () => {
    const conn = await mkNet().connect(tcp(fakes.silent!.port));
    const t0 = performance.now();
    await expect(conn.readSome({ deadlineMs: 5000, maxBytes: 10 })).rejects.toMatchObject({ code: 'idle' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('reports a reset as closed', async () => {
    // The RST may arrive during connect or before the first read; either way it is 'closed', never a hang.
    const attempt = async () => {
      const conn = await mkNet().connect(tcp(fakes.reset!.port), { expectBanner: true });
      return conn.readLine({ deadlineMs: 2000, maxBytes: 100 });
    };
    await expect(attempt()).rejects.toMatchObject({ code: 'closed' });
    await expect(attempt()).rejects.toBeInstanceOf(NetError);
  });

  it('refuses lines longer than the cap from an endless-line peer', async () => {
    const conn = await mkNet().connect(tcp(fakes['endless-line']!.port), { expectBanner: true });
    await expect(conn.readLine({ deadlineMs: 3000, maxBytes: 4096 })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('survives a 1 GB reply with bounded memory and stops reading early', async () => {
    const before = process.memoryUsage().rss;
    const conn = await mkNet().connect(tcp(fakes.huge!.port), { expectBanner: true });
    await expect(conn.readLine({ deadlineMs: 5000, maxBytes: 64 * 1024 })).rejects.toMatchObject({ code: 'too-large' });
    await new Promise((r) => setTimeout(r, 100));
    expect(fakes.huge!.bytesSent).toBeLessThan(200 * 1024 * 1024); // we hung up long before a gigabyte
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('reads garbage without crashing: a framed read fails cleanly', async () => {
    const conn = await mkNet().connect(tcp(fakes.garbage!.port), { expectBanner: true });
    const got = await conn.readSome({ deadlineMs: 2000, maxBytes: 1024 });
    expect(got.length).toBeGreaterThan(0);
    conn.destroy();
  });

  it('reads a banner, writes, and reads the echo', async () => {
    const conn = await mkNet().connect(tcp(fakes['echo-banner']!.port), { expectBanner: true });
    expect(await conn.readLine({ deadlineMs: 1000, maxBytes: 100 })).toBe('220 fake ready');
    await conn.write('QUIT\r\n');
    expect(await conn.readLine({ deadlineMs: 1000, maxBytes: 100 })).toBe('QUIT');
    conn.destroy();
  });

  it('never opens a socket to a do-not-probe address', async () => {
    const before = fakes['echo-banner']!.connections;
    const net = mkNet(new DoNotProbeGuard([{ cidr: '127.0.0.0/8', reason: 'fragile test' }]));
    await expect(net.connect(tcp(fakes['echo-banner']!.port))).rejects.toMatchObject({ code: 'blocked' });
    expect((await net.portState(tcp(fakes['echo-banner']!.port), 500)).state).toBe('blocked');
    await expect(net.udpExchange({ host: '127.0.0.1', port: 161, transport: 'udp' }, Buffer.from('x'), { deadlineMs: 100, maxBytes: 10 })).rejects.toMatchObject({ code: 'blocked' });
    expect(fakes['echo-banner']!.connections).toBe(before);
  });

  it('refuses banner waits on DICOM ports before connecting', async () => {
    await expect(mkNet().connect(tcp(104), { expectBanner: true })).rejects.toMatchObject({ code: 'blocked' });
  });

  it('classifies open, closed and filtered ports', async () => {
    const net = mkNet();
    expect((await net.portState(tcp(fakes.silent!.port), 500)).state).toBe('open');
    expect((await net.portState(tcp(1), 500)).state).toBe('closed');
  });
});

describe('one connection at a time to a host’s DICOM ports', () => {
  it('serialises DICOM connections per host but not other ports', async () => {
    const net = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard(), dicomPorts: [] });
    const silent = await startFake('silent');
    const dicomNet = new Net({ limits: FAST_LIMITS, guard: new DoNotProbeGuard(), dicomPorts: [silent.port] });
    const a = await dicomNet.connect(tcp(silent.port));
    let second = false;
    const pending = dicomNet.connect(tcp(silent.port)).then((c) => ((second = true), c));
    await new Promise((r) => setTimeout(r, 100));
    expect(second).toBe(false);
    a.destroy();
    const b = await pending;
    expect(second).toBe(true);
    b.destroy();
    const [x, y] = await Promise.all([net.connect(tcp(silent.port)), net.connect(tcp(silent.port))]);
    x.destroy();
    y.destroy();
    await silent.close();
  });
});
