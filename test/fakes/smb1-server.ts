/**
 * A fake SMB1-only server (loopback) for the MS17-010 probe: accepts NT LM 0.12, an anonymous session and
 * IPC$, and answers the PeekNamedPipe TRANSACTION with `transStatus` — 0xC0000205 as an unpatched Windows 7
 * does, 0xC0000008 as a patched one. Records every SMB1 command it receives.
 */
import { createServer, type Socket } from 'node:net';

export interface FakeSmb1 {
  readonly port: number;
  readonly commands: number[];
  close(): Promise<void>;
}

function reply(req: Buffer, status: number, words: Buffer, bytes: Buffer, ids: { uid?: number; tid?: number } = {}): Buffer {
  const h = Buffer.from(req.subarray(0, 32));
  h.writeUInt32LE(status >>> 0, 5);
  h[9] = 0x98; // reply
  if (ids.uid !== undefined) h.writeUInt16LE(ids.uid, 28);
  if (ids.tid !== undefined) h.writeUInt16LE(ids.tid, 24);
  const bc = Buffer.alloc(2);
  bc.writeUInt16LE(bytes.length, 0);
  const smb = Buffer.concat([h, Buffer.from([words.length / 2]), words, bc, bytes]);
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(smb.length, 0);
  return Buffer.concat([nb, smb]);
}

export async function startSmb1(transStatus: number): Promise<FakeSmb1> {
  const commands: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readUIntBE(1, 3)) {
        const req = buf.subarray(4, 4 + buf.readUIntBE(1, 3));
        buf = buf.subarray(4 + req.length);
        const cmd = req[4]!;
        commands.push(cmd);
        if (cmd === 0x72) {
          const w = Buffer.alloc(34);
          w[2] = 0x03; // user security, encrypt passwords; signing not enabled (Windows 7 default)
          w.writeUInt32LE(0x0000e3fd, 19); // capabilities without extended security
          sock.write(reply(req, 0, w, Buffer.alloc(8)));
        } else if (cmd === 0x73) {
          const w = Buffer.alloc(6);
          w[0] = 0xff;
          // Bytes start at offset 41: one pad byte aligns NativeOS, NativeLanMan and PrimaryDomain (unicode).
          const os = Buffer.from('Windows 7 Professional 7601 Service Pack 1\0Windows 7 Professional 6.1\0RADIOLOGY\0', 'utf16le');
          sock.write(reply(req, 0, w, Buffer.concat([Buffer.alloc(1), os]), { uid: 2048 }));
        } else if (cmd === 0x75) {
          const w = Buffer.alloc(6);
          w[0] = 0xff;
          sock.write(reply(req, 0, w, Buffer.from('IPC\0', 'latin1'), { tid: 2049 }));
        } else if (cmd === 0x25) {
          sock.write(reply(req, transStatus, Buffer.alloc(0), Buffer.alloc(0)));
        } else if (cmd === 0x74) {
          const w = Buffer.alloc(4);
          w[0] = 0xff;
          sock.write(reply(req, 0, w, Buffer.alloc(0)));
        } else sock.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    commands,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
