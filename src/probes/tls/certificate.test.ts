/** Certificate facts from DER: legacy RSA/SHA-1, EC, a CA-issued leaf; garbage DER yields null, never a throw. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mutated } from '../../../test/fakes/mutate.js';
import { commandsAvailable } from '../../../test/peers/require.js';
import { certificateFacts } from './certificate.js';

const canRun = commandsAvailable('openssl');
const dir = mkdtempSync(join(tmpdir(), 'rg-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const der = (name: string, ...args: string[]): Buffer => {
  execFileSync('openssl', ['req', '-x509', '-nodes', '-days', '30', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), ...args], { stdio: 'ignore' });
  execFileSync('openssl', ['x509', '-in', join(dir, `${name}.pem`), '-outform', 'DER', '-out', join(dir, `${name}.der`)]);
  return readFileSync(join(dir, `${name}.der`));
};

describe.skipIf(!canRun)('certificate facts', () => {
  it('RSA 1024 signed with SHA-1, self-signed', () => {
    const f = certificateFacts([der('rsa', '-newkey', 'rsa:1024', '-sha1', '-subj', '/CN=old-ct/O=Radiology')]);
    expect(f).toMatchObject({
      subject: 'CN=old-ct, O=Radiology', selfSigned: true, keyType: 'RSA', keyBits: 1024, curve: null,
      signatureAlgorithm: 'sha1WithRSAEncryption', chainLength: 1,
    });
    expect(f!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('EC P-256 with SHA-256 and a DNS name', () => {
    const f = certificateFacts([der('ec', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-sha256', '-subj', '/CN=pacs', '-addext', 'subjectAltName=DNS:pacs.example')]);
    expect(f).toMatchObject({ keyType: 'EC', keyBits: 256, curve: 'prime256v1', signatureAlgorithm: 'ecdsa-with-SHA256', dnsNames: ['pacs.example'] });
  });

  it('nothing or garbage: null', () => {
    expect(certificateFacts([])).toBeNull();
    expect(certificateFacts([Buffer.from('not a certificate')])).toBeNull();
  });

  it('survives 3,000 mutated certificates', () => {
    const seed = readFileSync(join(dir, 'rsa.der'));
    fc.assert(
      fc.property(mutated(seed), (b) => {
        const f = certificateFacts([b]);
        expect(f === null || typeof f.subject === 'string').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
