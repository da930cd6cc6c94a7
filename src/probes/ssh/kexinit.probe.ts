/**
 * SSH probe. Waits for the server's identification line (server-first protocol), answers with ours, reads the
 * server's SSH_MSG_KEXINIT and closes before any key exchange: no authentication is attempted, so nothing lands
 * in auth logs beyond a pre-auth disconnect. SSH-1-only servers (protocol 1.x) send no KEXINIT; their banner is
 * the answer. Emits ssh.banner and ssh.algorithms.
 */
import { defineProbe } from '../probe.js';
import { packetLength, parseIdent, parseKexInitPacket } from './kexinit.js';
import { sshAlgorithms, sshBanner } from './observations.js';

export default defineProbe<{ deadlineMs: number }>({
  id: 'ssh.kexinit',
  summary: 'Reads the SSH banner and the key-exchange, host-key, cipher and MAC lists',
  safety: 'safe',
  transport: 'tcp',
  ports: [22, 2222],
  emits: [sshBanner, sshAlgorithms],
  defaults: { deadlineMs: 5000 },
  async run(target, { net, options }) {
    const conn = await net.connect(target, { expectBanner: true });
    try {
      // RFC 4253 §4.2: a server may send other lines before its identification; we allow a few.
      let ident = null;
      for (let i = 0; i < 10 && !ident; i++) {
        const line = await conn.readLine({ deadlineMs: i === 0 ? net.bannerWaitMs : options.deadlineMs, maxBytes: 1024 });
        ident = parseIdent(line);
      }
      if (!ident) return { status: 'protocol-error', observations: [], detail: 'no SSH identification line' };
      const banner = sshBanner.of(ident);
      if (!ident.protoVersion.startsWith('2') && ident.protoVersion !== '1.99')
        return { status: 'success', observations: [banner] };
      await conn.write('SSH-2.0-Radguard_1.0\r\n');
      const packet = await conn.read((b) => {
        const n = packetLength(b);
        return n === -1 ? b.length : n;
      }, { deadlineMs: options.deadlineMs, maxBytes: 64 * 1024 });
      const parsed = parseKexInitPacket(packet);
      if (!parsed.ok) return { status: 'protocol-error', observations: [banner], detail: parsed.why };
      return { status: 'success', observations: [banner, sshAlgorithms.of(parsed.kexinit)] };
    } finally {
      conn.destroy();
    }
  },
});
