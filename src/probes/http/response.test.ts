/** HTTP response reading: status, headers, title, login form; and hostile bytes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileBytes } from '../../../test/fakes/mutate.js';
import { dechunk, hasPasswordField, header, headersNamed, pageTitle, parseResponse } from './response.js';

const orthanc401 = Buffer.from(
  'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="Orthanc Secure Area"\r\nContent-Length: 0\r\n\r\n',
);
const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
const login = Buffer.from(
  'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nTransfer-Encoding: chunked\r\n\r\n' +
    chunk('<html><title>PACS &amp; RIS Login</title><form>') + chunk('<input type="password" name=p>') + '0\r\n\r\n',
);

describe('HTTP response', () => {
  it('reads an authentication challenge', () => {
    const r = parseResponse(orthanc401)!;
    expect(r).toMatchObject({ status: 401, complete: true });
    expect(headersNamed(r, 'www-authenticate')).toEqual(['Basic realm="Orthanc Secure Area"']);
  });
  it('reads a chunked login page', () => {
    const r = parseResponse(login)!;
    expect(r.complete).toBe(true);
    expect(header(r, 'server')).toBe('nginx/1.22.1');
    const html = dechunk(r.body).toString();
    expect(pageTitle(html)).toBe('PACS & RIS Login');
    expect(hasPasswordField(html)).toBe(true);
    expect(parseResponse(login.subarray(0, 20))).toBeNull();
    expect(parseResponse(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toBeNull();
  });
  it(`survives ${FUZZ_RUNS} hostile inputs`, () => {
    fc.assert(
      fc.property(hostileBytes(orthanc401, login), (buf) => {
        const r = parseResponse(buf);
        if (r) {
          expect(r.headers.length).toBeLessThanOrEqual(100);
          dechunk(r.body);
          pageTitle(r.body.toString('utf8'));
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
