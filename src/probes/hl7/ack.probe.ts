/**
 * HL7 v2 MLLP probe. Only on 2575 and on ports the site marks as HL7 (`ports` option): sends one MLLP-framed `ACK`
 * message with processing ID `D` (debugging) and a random control ID — never ADT/ORM/ORU, so no interface engine
 * creates, changes or routes a patient record from it. Reads one framed reply within the deadline and keeps only
 * MSH-3/4/9/11/12 and MSA-1 as a fingerprint. Switch it off per site by disabling probe `hl7.ack`.
 * Emits hl7.mllp.
 */
import { randomBytes } from 'node:crypto';
import { NetError } from '../../net/errors.js';
import { defineProbe } from '../probe.js';
import { MAX_REPLY, frame, mllpFramer, parseReply } from './mllp.js';
import { hl7Listener } from './observations.js';

export interface Hl7Options {
  /** Extra ports the site or inventory marks as HL7 MLLP. */
  readonly ports: readonly number[];
  readonly deadlineMs: number;
  readonly sendingApplication: string;
}

const ts = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);

export function testAck(now: Date, app: string, controlId: string): string {
  return [
    `MSH|^~\\&|${app}|${app}|||${ts(now)}||ACK|${controlId}|D|2.5`,
    `MSA|AA|${controlId}`,
  ].join('\r') + '\r';
}

export default defineProbe<Hl7Options>({
  id: 'hl7.ack',
  summary: 'Sends one MLLP-framed HL7 ACK (processing ID D) and fingerprints the listener from its reply header',
  safety: 'safe',
  transport: 'tcp',
  ports: [2575],
  phase: 40,
  emits: [hl7Listener],
  defaults: { ports: [], deadlineMs: 3000, sendingApplication: 'RADGUARD' },
  selects: (port, ctx) => ctx.options.ports.includes(port),
  async run(target, { net, options, clock }) {
    const conn = await net.connect(target);
    const started = performance.now();
    const ms = () => Math.round((performance.now() - started) * 100) / 100;
    try {
      await conn.write(frame(testAck(clock.now(), options.sendingApplication, `RG${randomBytes(6).toString('hex').toUpperCase()}`)));
      const reply = await conn.read(mllpFramer, { deadlineMs: options.deadlineMs, maxBytes: MAX_REPLY });
      const facts = parseReply(reply);
      if (!facts) return { status: 'not-applicable', observations: [], detail: 'the reply is not an MLLP-framed HL7 v2 message' };
      return {
        status: 'success',
        observations: [hl7Listener.of({ answered: true, tls: false, reply: facts, detail: `MSA ${facts.ackCode ?? 'none'}`, ms: ms() })],
      };
    } catch (e) {
      if (!(e instanceof NetError) || (e.code !== 'timeout' && e.code !== 'closed')) throw e;
      // Many engines do not acknowledge an ACK: the port took the frame but said nothing. That is recorded, not judged.
      return {
        status: 'success',
        observations: [hl7Listener.of({ answered: false, tls: false, reply: null, detail: e.message, ms: ms() })],
      };
    } finally {
      conn.destroy();
    }
  },
});
