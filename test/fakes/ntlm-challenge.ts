/** Builds an NTLMSSP CHALLENGE like a Windows server's, for fakes that pose as Windows SMB or RDP hosts. */
export function ntlmChallenge(v: { major: number; minor: number; build: number }, names: { netbios: string; dns: string; domain: string }): Buffer {
  const av = (id: number, value: Buffer) => {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(id, 0);
    h.writeUInt16LE(value.length, 2);
    return Buffer.concat([h, value]);
  };
  const u = (s: string) => Buffer.from(s, 'utf16le');
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64LE(133_000_000_000_000_000n, 0); // 2022-06-22
  const target = u(names.domain);
  const info = Buffer.concat([av(2, u(names.domain)), av(1, u(names.netbios)), av(4, u(names.dns.split('.').slice(1).join('.'))), av(3, u(names.dns)), av(7, ts), av(0, Buffer.alloc(0))]);
  const h = Buffer.alloc(56);
  h.write('NTLMSSP\0', 0, 'latin1');
  h.writeUInt32LE(2, 8);
  h.writeUInt16LE(target.length, 12);
  h.writeUInt16LE(target.length, 14);
  h.writeUInt32LE(56, 16);
  h.writeUInt32LE(0xe28a8215, 20); // includes unicode, target info and version flags
  h.fill(0x11, 24, 32); // server challenge
  h.writeUInt16LE(info.length, 40);
  h.writeUInt16LE(info.length, 42);
  h.writeUInt32LE(56 + target.length, 44);
  h[48] = v.major;
  h[49] = v.minor;
  h.writeUInt16LE(v.build, 50);
  h[55] = 15;
  return Buffer.concat([h, target, info]);
}
