/**
 * FTP probe. Reads the greeting, asks FEAT (for AUTH TLS), then tries `USER anonymous` and, on 331, `PASS` with
 * a non-address (radguard@invalid); 230 means anonymous access is open. It then says QUIT: nothing is listed,
 * nothing is written. When FEAT is not understood it asks `AUTH TLS` last and closes on a 234 without a handshake.
 * Emits ftp.banner and ftp.login.
 */
import type { Conn } from '../../net/conn.js';
import { defineProbe } from '../probe.js';
import { ftpBanner, ftpLogin, type FtpLoginData } from './observations.js';
import { parseReply, replyLength, type FtpReply } from './reply.js';

const ANON_PASSWORD = 'radguard@invalid'; // not an address anyone owns (RFC 2606), so no log blames a person

/** The server answered a command with something that is not an FTP reply. */
class NotFtp extends Error {}

async function readReply(conn: Conn, deadlineMs: number): Promise<FtpReply | null> {
  const bytes = await conn.read((b) => replyLength(b), { deadlineMs, maxBytes: 16 * 1024 });
  return parseReply(bytes);
}

export default defineProbe<{ deadlineMs: number }>({
  id: 'ftp.anonymous',
  summary: 'FTP greeting, anonymous login (USER anonymous / PASS radguard@invalid), AUTH TLS offered',
  safety: 'safe',
  transport: 'tcp',
  ports: [21, 2121],
  emits: [ftpBanner, ftpLogin],
  defaults: { deadlineMs: 5000 },
  async run(target, { net, options }) {
    const conn = await net.connect(target, { expectBanner: true });
    try {
      const greeting = await readReply(conn, net.bannerWaitMs);
      if (!greeting || greeting.code >= 400 || greeting.code < 100)
        return { status: 'protocol-error', observations: [], detail: greeting ? `greeting ${greeting.code}` : 'not an FTP greeting' };
      const banner = ftpBanner.of({ code: greeting.code, text: greeting.lines.join('\n') });
      const replies: string[] = [];
      const ask = async (cmd: string, shown = cmd): Promise<FtpReply> => {
        await conn.write(`${cmd}\r\n`);
        const r = await readReply(conn, options.deadlineMs);
        if (!r) throw new NotFtp(`reply to ${shown} is not FTP`);
        replies.push(`${shown} → ${r.code} ${r.lines[0] ?? ''}`.trim());
        return r;
      };
      try {
        const feat = await ask('FEAT');
        const features = feat.code === 211 ? feat.lines.slice(1, -1).map((l) => l.trim()).filter(Boolean) : [];
        let authTls: FtpLoginData['authTls'] =
          feat.code === 211 ? (features.some((f) => /^AUTH\b.*\bTLS\b/i.test(f)) ? 'offered' : 'not-offered') : 'unknown';
        const user = await ask('USER anonymous');
        let anonymous: FtpLoginData['anonymous'] = 'unknown';
        let passwordAsked = false;
        if (user.code === 230) anonymous = 'allowed';
        else if (user.code === 331) {
          passwordAsked = true;
          const pass = await ask(`PASS ${ANON_PASSWORD}`);
          anonymous = pass.code === 230 ? 'allowed' : pass.code >= 500 || pass.code === 421 ? 'refused' : 'unknown';
        } else if (user.code >= 500 || user.code === 421) anonymous = 'refused';
        if (authTls === 'unknown' && user.code !== 421) {
          // Last command: a 234 means the server now waits for a ClientHello; we close instead.
          const auth = await ask('AUTH TLS');
          authTls = auth.code === 234 ? 'offered' : auth.code >= 500 ? 'not-offered' : 'unknown';
        } else if (user.code !== 421) {
          await conn.write('QUIT\r\n');
          await readReply(conn, 1000).catch(() => null);
        }
        return { status: 'success', observations: [banner, ftpLogin.of({ anonymous, passwordAsked, replies, authTls, features: features.slice(0, 50) })] };
      } catch (e) {
        if (e instanceof NotFtp) return { status: 'protocol-error', observations: [banner], detail: e.message };
        throw e;
      }
    } finally {
      conn.destroy();
    }
  },
});
