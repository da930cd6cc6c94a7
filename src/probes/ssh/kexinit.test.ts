/** SSH identification and KEXINIT parsing, on bytes captured from Debian 12's OpenSSH 9.2p1. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileBytes } from '../../../test/fakes/mutate.js';
import { packetLength, parseIdent, parseKexInitPacket } from './kexinit.js';

const capture = Buffer.from(readFileSync(new URL('testdata/openssh-9.2-debian.hex', import.meta.url), 'utf8').trim(), 'hex');
const eol = capture.indexOf('\n') + 1;
const identLine = capture.subarray(0, eol).toString('latin1');
const packet = capture.subarray(eol);

describe('SSH identification', () => {
  it('splits the captured line into protocol, software and comments', () => {
    expect(parseIdent(identLine)).toMatchObject({ protoVersion: '2.0', software: 'OpenSSH_9.2p1', comments: expect.stringMatching(/^Debian-2\+deb12u\d+$/) });
  });
  it('accepts SSH-1.99 and SSH-1.5, refuses what is not an identification', () => {
    expect(parseIdent('SSH-1.99-Cisco-1.25')).toMatchObject({ protoVersion: '1.99', software: 'Cisco-1.25', comments: null });
    expect(parseIdent('SSH-1.5-OpenSSH_3.4p1\r\n')?.protoVersion).toBe('1.5');
    expect(parseIdent('Welcome to the modality console')).toBeNull();
    expect(parseIdent(`SSH-2.0-${'x'.repeat(300)}`)).toBeNull();
  });
});

describe('KEXINIT', () => {
  it('reads the captured algorithm lists', () => {
    expect(packetLength(packet)).toBe(packet.readUInt32BE(0) + 4);
    const r = parseKexInitPacket(packet.subarray(0, packetLength(packet)!));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.kexinit.kex).toContain('curve25519-sha256');
    expect(r.kexinit.hostKey).toContain('ssh-ed25519');
    expect(r.kexinit.ciphersClientToServer).toEqual(r.kexinit.ciphersServerToClient);
    expect(r.kexinit.macsServerToClient).toContain('hmac-sha2-256-etm@openssh.com');
    expect(r.kexinit.compressionClientToServer).toContain('none');
  });
  it('refuses impossible packet lengths before reading them', () => {
    expect(packetLength(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBe(-1);
    expect(packetLength(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(parseKexInitPacket(Buffer.from([0, 0, 0, 12, 4, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).ok).toBe(false);
  });
  it(`survives ${FUZZ_RUNS} hostile inputs`, () => {
    fc.assert(
      fc.property(hostileBytes(packet, capture), (buf) => {
        const n = packetLength(buf);
        expect(n === undefined || n === -1 || (n >= 9 && n <= buf.length)).toBe(true);
        const r = parseKexInitPacket(buf);
        if (r.ok) for (const l of Object.values(r.kexinit)) expect(l.length).toBeLessThanOrEqual(100);
        parseIdent(buf.toString('latin1'));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
