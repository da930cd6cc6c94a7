/**
 * In-process TCP servers on 127.0.0.1, each misbehaving in one way, to prove the net layer survives them:
 * silent (accepts, never speaks), reset (RST on accept), garbage (random bytes), endless line (no newline ever),
 * huge (streams up to 1 GB as fast as the socket takes it), and counting (records connections for do-not-probe tests).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

export interface Fake {
  readonly port: number;
  readonly host: string;
  connections: number;
  bytesSent: number;
  close(): Promise<void>;
}

export type Behaviour = 'silent' | 'reset' | 'garbage' | 'endless-line' | 'huge' | 'echo-banner';

export async function startFake(behaviour: Behaviour, host = '127.0.0.1', port = 0): Promise<Fake> {
  const sockets = new Set<Socket>();
  const fake: Fake = {
    port: 0,
    host,
    connections: 0,
    bytesSent: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((socket) => {
    fake.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    switch (behaviour) {
      case 'silent':
        return; // say nothing, hold the connection open
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'garbage':
        socket.write(randomBytes(512));
        return;
      case 'endless-line': {
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        const pump = () => {
          while (!socket.destroyed && socket.write(chunk)) fake.bytesSent += chunk.length;
        };
        socket.on('drain', pump);
        pump();
        return;
      }
      case 'huge': {
        const chunk = Buffer.alloc(1024 * 1024, 0x42); // no newline: a reader waiting for one must give up
        let sent = 0;
        const pump = () => {
          while (!socket.destroyed && sent < 1024 ** 3) {
            sent += chunk.length;
            fake.bytesSent += chunk.length;
            if (!socket.write(chunk)) return;
          }
          socket.end();
        };
        socket.on('drain', pump);
        pump();
        return;
      }
      case 'echo-banner':
        socket.write('220 fake ready\r\n');
        socket.on('data', (d) => socket.write(d));
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  (fake as { port: number }).port = (server.address() as { port: number }).port;
  return fake;
}
