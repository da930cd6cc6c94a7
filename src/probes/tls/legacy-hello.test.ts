/** Legacy ClientHello encoding and ServerHello/Alert parsing, on bytes captured from nginx (OpenSSL 3.0). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileBytes } from '../../../test/fakes/mutate.js';
import { LEGACY_OFFERS, alertName, buildClientHello, parseServerReply, suiteName, versionName } from './legacy-hello.js';

const hex = (name: string) => Buffer.from(readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8').trim(), 'hex');
const sslv3Alert = hex('nginx-SSLv3.hex'); // nginx (Debian OpenSSL 3.0, no SSLv3) answering our SSLv3 hello
const nullHello = hex('nginx-TLSv1-EXPORT-NULL-ANON.hex'); // nginx choosing a NULL suite at SECLEVEL=0

describe('legacy ClientHello', () => {
  it('is a well-formed record: lengths agree, version and suites as offered, no extensions on SSLv3', () => {
    for (const offer of LEGACY_OFFERS) {
      const b = buildClientHello(offer, Buffer.alloc(32, 7));
      expect(b[0]).toBe(0x16);
      expect(b.readUInt16BE(1)).toBe(offer.version);
      expect(b.readUInt16BE(3)).toBe(b.length - 5);
      expect(b[5]).toBe(1);
      expect(b.readUIntBE(6, 3)).toBe(b.length - 9);
      expect(b.readUInt16BE(9)).toBe(offer.version);
      const suitesLen = b.readUInt16BE(44);
      const suites = Array.from({ length: suitesLen / 2 }, (_, i) => b.readUInt16BE(46 + i * 2));
      expect(suites).toEqual(offer.suites);
      const afterCompression = 46 + suitesLen + 2;
      expect(b.length === afterCompression).toBe(offer.version === 0x0300);
    }
  });
});

describe('ServerHello/Alert parser', () => {
  it('reads the captured handshake_failure alert to an SSLv3 hello', () => {
    expect(parseServerReply(sslv3Alert)).toEqual({ kind: 'alert', level: 2, description: 40 });
    expect(alertName(40)).toBe('handshake_failure');
  });

  it('reads the captured ServerHello and stops there', () => {
    const r = parseServerReply(nullHello);
    expect(r).toMatchObject({ kind: 'server-hello', version: 0x0301, compression: 0 });
    expect(versionName(0x0301)).toBe('TLSv1');
    expect(suiteName((r as { cipherSuite: number }).cipherSuite)).toMatch(/NULL/);
  });

  it('joins a ServerHello split across records, and waits for the rest of a cut one', () => {
    const rec = nullHello.subarray(5, 5 + nullHello.readUInt16BE(3));
    const a = rec.subarray(0, 20);
    const b = rec.subarray(20);
    const split = Buffer.concat([Buffer.from([0x16, 3, 1, 0, a.length]), a, Buffer.from([0x16, 3, 1, b.length >> 8, b.length & 255]), b]);
    expect(parseServerReply(split)).toEqual(parseServerReply(nullHello));
    expect(parseServerReply(nullHello.subarray(0, 30))).toEqual({ kind: 'incomplete' });
    expect(parseServerReply(Buffer.alloc(0))).toEqual({ kind: 'incomplete' });
  });

  it('calls non-TLS answers by name', () => {
    expect(parseServerReply(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n')).kind).toBe('not-tls');
    expect(parseServerReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).kind).toBe('not-tls');
    expect(parseServerReply(Buffer.from([0x16, 3, 1, 0xff, 0xff])).kind).toBe('not-tls'); // 64 KB record claimed
  });

  it(`survives ${FUZZ_RUNS} hostile inputs`, () => {
    const kinds = new Set(['incomplete', 'not-tls', 'alert', 'server-hello']);
    fc.assert(
      fc.property(hostileBytes(sslv3Alert, nullHello), (buf) => {
        expect(kinds.has(parseServerReply(buf).kind)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
