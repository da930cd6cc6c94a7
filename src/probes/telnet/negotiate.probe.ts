/**
 * Telnet probe. Waits for the server (server-first), refuses every option it asks for (WONT/DONT, which every
 * telnetd must accept) and reads the pre-login text until a login or password prompt, a quiet spell, or the
 * deadline. Never sends a user name or password, never a keystroke: safe. Emits telnet.session.
 */
import { NetError } from '../../net/errors.js';
import { defineProbe } from '../probe.js';
import { telnetSession } from './observations.js';
import { decode, optionName, refusal } from './stream.js';

const PROMPT = /(login|username|user name|password)\s*:\s*$/i;
const MAX_TEXT = 2048;

export default defineProbe<{ deadlineMs: number; quietMs: number }>({
  id: 'telnet.negotiate',
  summary: 'Refuses all telnet options and records the pre-login banner; never sends credentials',
  safety: 'safe',
  transport: 'tcp',
  ports: [23, 2323],
  emits: [telnetSession],
  defaults: { deadlineMs: 4000, quietMs: 1200 },
  async run(target, { net, options }) {
    const conn = await net.connect(target, { expectBanner: true });
    const negotiations: string[] = [];
    const answered = new Set<string>();
    let text = '';
    let pending = Buffer.alloc(0);
    let heardAnything = false;
    const deadline = performance.now() + options.deadlineMs;
    try {
      while (text.length < MAX_TEXT && !PROMPT.test(text)) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        let chunk: Buffer;
        try {
          const wait = heardAnything ? Math.min(left, options.quietMs) : Math.min(left, net.bannerWaitMs);
          chunk = await conn.readSome({ deadlineMs: wait, maxBytes: 4096 });
        } catch (e) {
          if (e instanceof NetError && (e.code === 'timeout' || e.code === 'closed') && heardAnything) break;
          throw e;
        }
        heardAnything = true;
        const buf = Buffer.concat([pending, chunk]);
        const d = decode(buf);
        pending = Buffer.from(buf.subarray(d.consumed));
        if (pending.length > 2048) pending = Buffer.alloc(0); // an endless subnegotiation: drop it
        const replies: Buffer[] = [];
        for (const n of d.negotiations) {
          const key = `${n.command} ${optionName(n.option)}`;
          if (!negotiations.includes(key) && negotiations.length < 64) negotiations.push(key);
          const r = refusal(n);
          if (r && !answered.has(key)) {
            answered.add(key); // answer each request once: RFC 854's rule against negotiation loops
            replies.push(r);
          }
        }
        if (replies.length) await conn.write(Buffer.concat(replies));
        text = (text + d.text.toString('latin1')).slice(0, MAX_TEXT);
      }
    } finally {
      conn.destroy();
    }
    const banner = text
      .replace(/\r\n?/g, '\n')
      .replace(/[^\x20-\x7e\n]/g, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    return {
      status: 'success',
      observations: [telnetSession.of({ negotiations, banner, loginPrompt: PROMPT.test(text) })],
    };
  },
});
