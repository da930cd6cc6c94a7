/**
 * DCE/RPC over a named pipe for one call: bind to the srvsvc interface and NetrShareEnum (opnum 15, level 1),
 * which returns share names, types and comments — the list `net view` shows. The NDR parser reads only that
 * reply, checks every offset and count against the buffer, and caps the number of shares it will accept.
 */
const SRVSVC = { uuid: '4b324fc8-1670-01d3-1278-5a47bf6ee188', version: 3 };
const NDR = { uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 };
const MAX_SHARES = 1024;
export const MAX_FRAG = 65_280;

function uuidBytes(u: string): Buffer {
  const h = u.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  return b;
}

function pdu(type: number, callId: number, body: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h[0] = 5;
  h[2] = type;
  h[3] = 0x03; // first and last fragment
  h.writeUInt32LE(0x00000010, 4); // little-endian, ASCII, IEEE float
  h.writeUInt16LE(16 + body.length, 8);
  h.writeUInt32LE(callId, 12);
  return Buffer.concat([h, body]);
}

export function bindSrvsvc(): Buffer {
  const b = Buffer.alloc(12 + 44);
  b.writeUInt16LE(MAX_FRAG, 0);
  b.writeUInt16LE(MAX_FRAG, 2);
  b[8] = 1; // one context
  b.writeUInt16LE(0, 12); // context id
  b[14] = 1; // one transfer syntax
  uuidBytes(SRVSVC.uuid).copy(b, 16);
  b.writeUInt16LE(SRVSVC.version, 32);
  uuidBytes(NDR.uuid).copy(b, 36);
  b.writeUInt32LE(NDR.version, 52);
  return pdu(11, 1, b);
}

/** True when the reply is a bind_ack accepting our only context. */
export function bindAccepted(r: Buffer): boolean {
  if (r.length < 26 || r[0] !== 5 || r[2] !== 12) return false;
  const secLen = r.readUInt16LE(24);
  let p = 26 + secLen;
  p += (4 - (p % 4)) % 4;
  return p + 8 <= r.length && r[p]! >= 1 && r.readUInt16LE(p + 4) === 0;
}

export function netShareEnumRequest(server: string): Buffer {
  const name = Buffer.from(`\\\\${server}\0`, 'utf16le');
  const chars = name.length / 2;
  const parts: Buffer[] = [];
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0, 0);
    parts.push(b);
  };
  u32(0x00020000); // ServerName: unique pointer
  u32(chars);
  u32(0);
  u32(chars);
  parts.push(name, Buffer.alloc((4 - (name.length % 4)) % 4));
  u32(1); // level
  u32(1); // union switch
  u32(0x00020004); // container pointer
  u32(0); // EntriesRead
  u32(0); // Buffer: null
  u32(0xffffffff); // PreferedMaximumLength: everything
  u32(0x00020008); // ResumeHandle pointer
  u32(0);
  const stub = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(stub.length, 0); // alloc hint
  head.writeUInt16LE(15, 6); // opnum NetrShareEnum
  return pdu(0, 2, Buffer.concat([head, stub]));
}

export interface ShareInfo {
  readonly name: string;
  readonly type: number; // STYPE_*: 0 disk, 1 print queue, 3 IPC; bit 31 = hidden/special
  readonly remark: string;
}

export type ShareEnumResult = { ok: true; shares: ShareInfo[] } | { ok: false; reason: string };

export function parseNetShareEnumResponse(r: Buffer): ShareEnumResult {
  if (r.length < 24 || r[0] !== 5) return { ok: false, reason: 'not a DCE/RPC reply' };
  if (r[2] === 3) return { ok: false, reason: `RPC fault 0x${r.length >= 28 ? r.readUInt32LE(24).toString(16) : '?'}` };
  if (r[2] !== 2) return { ok: false, reason: `unexpected RPC packet type ${r[2]}` };
  if ((r[3]! & 0x02) === 0) return { ok: false, reason: 'reply split over several fragments' };
  const fragLen = Math.min(r.readUInt16LE(8), r.length);
  const s = r.subarray(24, fragLen);
  let p = 0;
  const u32 = (): number => {
    if (p + 4 > s.length) throw new RangeError('truncated');
    const v = s.readUInt32LE(p);
    p += 4;
    return v;
  };
  const str = (): string => {
    const max = u32();
    const offset = u32();
    const actual = u32();
    if (actual > max || offset !== 0 || p + actual * 2 > s.length) throw new RangeError('bad string');
    const v = s.subarray(p, p + actual * 2).toString('utf16le').replace(/\0+$/, '');
    p += actual * 2;
    p += (4 - (p % 4)) % 4;
    return v;
  };
  try {
    const level = u32();
    u32(); // switch
    if (level !== 1 || u32() === 0) return { ok: false, reason: 'no share container' };
    const count = u32();
    if (u32() === 0) return { ok: true, shares: [] };
    const max = u32();
    if (count > MAX_SHARES || count > max) return { ok: false, reason: `implausible share count ${count}` };
    const fixed: Array<{ name: number; type: number; remark: number }> = [];
    for (let i = 0; i < count; i++) fixed.push({ name: u32(), type: u32(), remark: u32() });
    const shares = fixed.map((f) => ({ name: f.name ? str() : '', type: f.type, remark: f.remark ? str() : '' }));
    u32(); // TotalEntries
    if (u32() !== 0) u32(); // ResumeHandle
    const werror = u32();
    if (werror !== 0) return { ok: false, reason: `NetrShareEnum returned WERROR 0x${werror.toString(16)}` };
    return { ok: true, shares };
  } catch {
    return { ok: false, reason: 'malformed NetrShareEnum reply' };
  }
}
