/**
 * DIMSE command sets (group 0000, always Implicit VR Little Endian, PS3.7 §6.3) and the two-element identifiers the
 * zero-match queries send. Only the command elements the probes need are decoded; data sets that come back are
 * never parsed — the link layer discards them unread, so patient data cannot reach Radguard's memory as values.
 */

export const Command = {
  CEchoRq: 0x0030,
  CEchoRsp: 0x8030,
  CFindRq: 0x0020,
  CFindRsp: 0x8020,
  CGetRq: 0x0010,
  CGetRsp: 0x8010,
  CMoveRq: 0x0021,
  CMoveRsp: 0x8021,
  CStoreRq: 0x0001,
} as const;

export const NO_DATA_SET = 0x0101;
/** Any value other than 0x0101 means a data set follows; 0x0000 is what DCMTK sends. */
export const DATA_SET_PRESENT = 0x0000;

export interface CommandSet {
  readonly commandField: number | null;
  readonly affectedSopClassUid: string | null;
  readonly messageId: number | null;
  readonly messageIdBeingRespondedTo: number | null;
  readonly dataSetType: number | null;
  readonly status: number | null;
  readonly remaining: number | null;
  readonly completed: number | null;
  readonly failed: number | null;
  readonly warning: number | null;
}

type Value = { readonly tag: number; readonly bytes: Buffer };

const us = (tag: number, v: number): Value => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return { tag, bytes: b };
};
/** UI values pad with NUL, text VRs (AE, CS, SH) with a space, to an even length (PS3.5 §6.2). */
const str = (tag: number, v: string, pad: 0x00 | 0x20): Value => {
  const raw = Buffer.from(v, 'latin1');
  return { tag, bytes: raw.length % 2 ? Buffer.concat([raw, Buffer.from([pad])]) : raw };
};

function implicitLe(values: readonly Value[]): Buffer {
  const sorted = [...values].sort((a, b) => a.tag - b.tag);
  return Buffer.concat(
    sorted.map((v) => {
      const h = Buffer.alloc(8);
      h.writeUInt16LE(v.tag >>> 16, 0);
      h.writeUInt16LE(v.tag & 0xffff, 2);
      h.writeUInt32LE(v.bytes.length, 4);
      return Buffer.concat([h, v.bytes]);
    }),
  );
}

function commandSet(values: readonly Value[]): Buffer {
  const body = implicitLe(values);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return Buffer.concat([implicitLe([{ tag: 0x00000000, bytes: len }]), body]);
}

export interface RequestInput {
  readonly commandField: number;
  readonly sopClassUid: string;
  readonly messageId: number;
  readonly withDataSet: boolean;
  readonly moveDestination?: string;
}

/** A request command set (C-ECHO, C-FIND, C-GET, C-MOVE), priority medium. */
export function encodeRequest(input: RequestInput): Buffer {
  const values: Value[] = [
    str(0x00000002, input.sopClassUid, 0x00),
    us(0x00000100, input.commandField),
    us(0x00000110, input.messageId),
    us(0x00000800, input.withDataSet ? DATA_SET_PRESENT : NO_DATA_SET),
  ];
  if (input.commandField !== Command.CEchoRq) values.push(us(0x00000700, 0));
  if (input.moveDestination !== undefined) values.push(str(0x00000600, input.moveDestination, 0x20));
  return commandSet(values);
}

export interface ResponseInput {
  readonly commandField: number;
  readonly sopClassUid: string;
  readonly respondingTo: number;
  readonly status: number;
  readonly withDataSet?: boolean;
}

/** A response command set: used by fakes that play an SCP. */
export function encodeResponse(input: ResponseInput): Buffer {
  return commandSet([
    str(0x00000002, input.sopClassUid, 0x00),
    us(0x00000100, input.commandField),
    us(0x00000120, input.respondingTo),
    us(0x00000800, input.withDataSet ? DATA_SET_PRESENT : NO_DATA_SET),
    us(0x00000900, input.status),
  ]);
}

/** Identifier of the zero-match Study Root query: only QueryRetrieveLevel and one random StudyInstanceUID. */
export const studyIdentifier = (studyInstanceUid: string): Buffer =>
  implicitLe([str(0x00080052, 'STUDY', 0x20), str(0x0020000d, studyInstanceUid, 0x00)]);

/** Identifier of the zero-match worklist query: one random AccessionNumber, no return keys. */
export const worklistIdentifier = (accessionNumber: string): Buffer => implicitLe([str(0x00080050, accessionNumber, 0x20)]);

/**
 * Decodes a command set. Total: malformed input yields null. Only group 0000 is read; unknown elements are skipped
 * by their length, which is checked against the bytes present.
 */
export function parseCommandSet(buf: Buffer): CommandSet | null {
  const out = {
    commandField: null as number | null,
    affectedSopClassUid: null as string | null,
    messageId: null as number | null,
    messageIdBeingRespondedTo: null as number | null,
    dataSetType: null as number | null,
    status: null as number | null,
    remaining: null as number | null,
    completed: null as number | null,
    failed: null as number | null,
    warning: null as number | null,
  };
  let off = 0;
  while (off < buf.length) {
    if (off + 8 > buf.length) return null;
    const group = buf.readUInt16LE(off);
    const element = buf.readUInt16LE(off + 2);
    const len = buf.readUInt32LE(off + 4);
    if (group !== 0x0000 || len > buf.length - off - 8) return null;
    const v = buf.subarray(off + 8, off + 8 + len);
    const u16 = (): number | null => (len === 2 ? v.readUInt16LE(0) : null);
    switch (element) {
      case 0x0002:
        out.affectedSopClassUid = v.toString('latin1').replace(/[\0 ]+$/, '');
        break;
      case 0x0100:
        out.commandField = u16();
        break;
      case 0x0110:
        out.messageId = u16();
        break;
      case 0x0120:
        out.messageIdBeingRespondedTo = u16();
        break;
      case 0x0800:
        out.dataSetType = u16();
        break;
      case 0x0900:
        out.status = u16();
        break;
      case 0x1020:
        out.remaining = u16();
        break;
      case 0x1021:
        out.completed = u16();
        break;
      case 0x1022:
        out.failed = u16();
        break;
      case 0x1023:
        out.warning = u16();
        break;
    }
    off += 8 + len;
  }
  return out.commandField === null ? null : out;
}
