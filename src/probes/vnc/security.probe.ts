/**
 * VNC probe. Reads the server's RFB ProtocolVersion (server-first), answers with the highest version both speak
 * (at most 3.8), reads the list of security types and closes without choosing one: no password is tried, no
 * framebuffer is requested. Emits vnc.security; type 1 ("None") means anyone who connects gets the screen.
 */
import { defineProbe } from '../probe.js';
import { vncSecurity } from './observations.js';
import { parseSecurity, parseVersion, replyVersion, securityName } from './rfb.js';

export default defineProbe<{ deadlineMs: number }>({
  id: 'vnc.security',
  summary: 'RFB version and security types offered (None = no authentication); chooses none of them',
  safety: 'safe',
  transport: 'tcp',
  ports: [5900, 5901, 5902, 5903, 5800],
  emits: [vncSecurity],
  defaults: { deadlineMs: 4000 },
  async run(target, { net, options }) {
    const conn = await net.connect(target, { expectBanner: true });
    try {
      const version = parseVersion(await conn.readExactly(12, net.bannerWaitMs));
      if (!version) return { status: 'protocol-error', observations: [], detail: 'not an RFB ProtocolVersion' };
      const ours = replyVersion(version);
      await conn.write(`RFB ${ours}\n`);
      const bytes = await conn.read((b) => {
        const s = parseSecurity(b, ours);
        return s.kind === 'incomplete' ? undefined : s.length;
      }, { deadlineMs: options.deadlineMs, maxBytes: 2048 });
      const offer = parseSecurity(bytes, ours);
      if (offer.kind === 'incomplete') return { status: 'protocol-error', observations: [], detail: 'security offer truncated' };
      const types = offer.kind === 'types' ? offer.types : [];
      return {
        status: 'success',
        observations: [
          vncSecurity.of({
            version: version.raw,
            securityTypes: types,
            securityNames: types.map(securityName),
            failureReason: offer.kind === 'failed' ? offer.reason : null,
          }),
        ],
      };
    } finally {
      conn.destroy();
    }
  },
});
