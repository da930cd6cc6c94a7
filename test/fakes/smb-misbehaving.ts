/** Loopback listeners that misbehave on port 445-style services: one answers HTTP, one claims a 16 MB SMB message. */
import { createServer, type Socket } from 'node:net';

export async function startMisbehaving(kind: 'http' | 'huge-nbss'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.once('data', () => {
      if (kind === 'http') s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      else {
        s.write(Buffer.from([0x00, 0xff, 0xff, 0xff])); // NBSS header declaring 16 MB
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        const pump = () => {
          while (!s.destroyed && s.write(chunk));
          if (!s.destroyed) s.once('drain', pump);
        };
        pump();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
