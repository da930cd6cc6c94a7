/**
 * A fake Windows RDP listener that requires NLA: X.224 requests without HYBRID get RDP_NEG_FAILURE
 * HYBRID_REQUIRED_BY_SERVER; with HYBRID it selects it, switches to TLS and answers the first CredSSP TSRequest
 * with an NTLMSSP CHALLENGE naming Windows `version`. Loopback only.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { der } from '../../src/probes/smb/spnego.js';
import { ntlmChallenge } from './ntlm-challenge.js';

export interface FakeRdp {
  readonly port: number;
  readonly requests: number[]; // requestedProtocols of every Connection Request seen
  close(): Promise<void>;
}

export async function startNlaRdp(tls: { cert: string; key: string }, version: { major: number; minor: number; build: number }): Promise<FakeRdp> {
  const requests: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    sock.once('data', (cr) => {
      const requested = cr.length >= 19 ? cr.readUInt32LE(15) : 0;
      requests.push(requested);
      const cc = Buffer.from('030000130ed00000123400020008000000000000'.slice(0, 38), 'hex');
      if (requested & 2) {
        cc[11] = 0x02;
        cc.writeUInt32LE(2, 15);
        sock.write(cc);
        const t = new TLSSocket(sock, { isServer: true, cert: tls.cert, key: tls.key });
        t.on('error', () => {});
        t.once('data', () => {
          const challenge = ntlmChallenge(version, { netbios: 'CT-CONSOLE', dns: 'ct-console.radiology.local', domain: 'RADIOLOGY' });
          t.write(der(0x30, der(0xa0, der(0x02, Buffer.from([6]))), der(0xa1, der(0x30, der(0x30, der(0xa0, der(0x04, challenge)))))));
        });
      } else {
        cc[11] = 0x03;
        cc.writeUInt32LE(5, 15); // HYBRID_REQUIRED_BY_SERVER
        sock.end(cc);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
