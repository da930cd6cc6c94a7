/**
 * HL7 v2 over MLLP: the frame (0x0B … 0x1C 0x0D) and the few MSH/MSA fields Radguard keeps from a reply. Field
 * access is by position only and every value is capped; nothing but the allow-listed header fields (application,
 * facility, message type, version, processing ID, acknowledgement code) ever leaves this module.
 */
export const START = 0x0b;
export const END = Buffer.from([0x1c, 0x0d]);
export const MAX_REPLY = 64 * 1024;

export const frame = (message: string): Buffer => Buffer.concat([Buffer.from([START]), Buffer.from(message, 'latin1'), END]);

/** Framer for Conn.read: a complete MLLP frame, or a foreign first byte (then the first bytes, to classify). */
export function mllpFramer(b: Buffer): number | undefined {
  if (b.length === 0) return undefined;
  if (b[0] !== START) return Math.min(b.length, 64);
  const end = b.indexOf(END, 1);
  return end < 0 ? undefined : end + 2;
}

export interface MshFacts {
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly messageType: string;
  readonly processingId: string;
  readonly version: string;
  readonly ackCode: string | null; // MSA-1: AA/AE/AR (or CA/CE/CR)
}

const cap = (s: string | undefined): string => (s ?? '').slice(0, 64);

/** Parses the MSH (and MSA, if any) of a framed reply; null when it is not an HL7 v2 message. */
export function parseReply(framed: Buffer): MshFacts | null {
  if (framed[0] !== START) return null;
  const text = framed.subarray(1, framed.indexOf(END, 1) < 0 ? framed.length : framed.indexOf(END, 1)).toString('latin1');
  const segments = text.split(/\r\n|\r|\n/);
  const msh = segments[0];
  if (!msh || !msh.startsWith('MSH') || msh.length < 8) return null;
  const sep = msh[3]!;
  const f = msh.split(sep); // f[1] is the encoding characters (MSH-2), so MSH-n is f[n-1]
  const component = (v: string | undefined) => cap(v?.split(msh[4] ?? '^')[0]);
  const msa = segments.find((s) => s.startsWith(`MSA${sep}`))?.split(sep);
  return {
    sendingApplication: component(f[2]),
    sendingFacility: component(f[3]),
    messageType: cap(f[8]?.split(msh[4] ?? '^').slice(0, 2).join('^')),
    processingId: component(f[10]),
    version: component(f[11]),
    ackCode: msa ? cap(msa[1]) : null,
  };
}
