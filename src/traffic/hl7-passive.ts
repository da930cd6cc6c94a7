/**
 * HL7 v2 messages over MLLP seen in traffic. Only each message's MSH segment is ever buffered (at most 4 KiB): the
 * rest — PID, OBR and every other segment that can carry patient data — is skipped byte by byte up to the frame
 * end without being kept. From MSH the allow-listed header fields are taken: sending/receiving application and
 * facility, message type, version (the MLLP constants and MSH parsing come from the probes' HL7 module).
 */
import { END, parseReply, START } from '../probes/hl7/mllp.js';
import type { ByteConsumer } from './reassembly.js';

const MAX_MSH = 4096;

export interface Hl7Header {
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  readonly messageType: string;
  readonly version: string;
}

/** True when b[start, end) begins with an MLLP start byte and an MSH segment. */
export function looksLikeMllp(b: Buffer, start = 0, end = b.length): boolean {
  return end - start >= 4 && b[start] === START && b[start + 1] === 0x4d && b[start + 2] === 0x53 && b[start + 3] === 0x48;
}

/** Frames and reads MSH of every message of one direction. */
export class MshWalker implements ByteConsumer {
  private state: 'start' | 'msh' | 'skip' = 'start';
  private msh: Buffer[] = [];
  private mshLen = 0;

  constructor(private readonly onHeader: (h: Hl7Header) => void) {}

  data(b: Buffer, start: number, stop: number): boolean {
    let o = start;
    while (o < stop) {
      if (this.state === 'start') {
        if (b[o] === 0x0a || b[o] === 0x0d) {
          o++;
          continue;
        }
        if (b[o] !== START) return false; // not MLLP (or out of step)
        o++;
        this.state = 'msh';
        this.msh = [];
        this.mshLen = 0;
      } else if (this.state === 'msh') {
        let end = o;
        while (end < stop && b[end] !== 0x0d && b[end] !== 0x0a && b[end] !== END[0]) end++;
        const piece = b.subarray(o, Math.min(end, o + MAX_MSH - this.mshLen));
        this.msh.push(Buffer.from(piece));
        this.mshLen += piece.length;
        if (end === stop && this.mshLen < MAX_MSH) return true; // MSH continues in the next segment
        this.header(Buffer.concat(this.msh));
        this.msh = [];
        this.state = 'skip';
        o = end;
      } else {
        const end = b.indexOf(END[0]!, o); // 0x1C: the frame ends; the rest of the message is never kept
        if (end < 0 || end >= stop) return true;
        o = end + 1;
        this.state = 'start';
      }
    }
    return true;
  }

  private header(msh: Buffer): void {
    const facts = parseReply(Buffer.concat([Buffer.from([START]), msh]));
    if (!facts) return;
    const text = msh.toString('latin1');
    const f = text.split(text[3]!);
    const component = (v: string | undefined) => (v ?? '').split(text[4] ?? '^')[0]!.slice(0, 64);
    this.onHeader({
      sendingApplication: facts.sendingApplication,
      sendingFacility: facts.sendingFacility,
      receivingApplication: component(f[4]),
      receivingFacility: component(f[5]),
      messageType: facts.messageType,
      version: facts.version,
    });
  }

  gap(): void {
    /* headers read so far stand */
  }
}
