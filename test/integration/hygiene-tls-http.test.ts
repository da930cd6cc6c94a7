/**
 * TLS and HTTP probes and rules against real nginx in namespaces (subnet 21): a "legacy" device with TLS 1.0/1.1
 * at security level 0, every cipher this OpenSSL still has (NULL and anonymous suites; Debian's 3.0 build has no
 * RC4/3DES left), an expired self-signed 1024-bit certificate and a plain-HTTP login page; and a "good" one with
 * TLS 1.2+ only, a CA-issued 2048-bit certificate and an HTTP port that only redirects to HTTPS. Clean services
 * must produce no finding.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import httpGet from '../../src/probes/http/get.probe.js';
import { httpResponse } from '../../src/probes/http/observations.js';
import { tlsCertificate, tlsLegacy, tlsVersions } from '../../src/probes/tls/observations.js';
import tlsLegacyHello from '../../src/probes/tls/legacy-hello.probe.js';
import tlsVersionsProbe from '../../src/probes/tls/versions.probe.js';
import { rules } from '../../src/rules/index.js';
import { REDIRECT_TO_HTTPS, goodTls, legacyTls, makeCertificates, startNginx } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';
import { evidence, findings, probeAll, testNet, withIdentification } from './hygiene-harness.js';

const canRun = netnsAvailable() && commandsAvailable('nginx', 'openssl');
const PROBES = [tlsVersionsProbe, tlsLegacyHello, httpGet];

describe.skipIf(!canRun)('hygiene: TLS and HTTP against real nginx', () => {
  let tn: TestNet;
  let dir: string;
  const net = testNet();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-hyg-tls-'));
    const certs = makeCertificates(dir);
    tn = createTestNet(21, [{ name: 'legacy' }, { name: 'good' }]);
    await Promise.all([
      startNginx(tn.host('legacy'), dir, legacyTls(certs)),
      startNginx(tn.host('good'), dir, goodTls(certs), REDIRECT_TO_HTTPS),
    ]);
  });

  afterAll(() => {
    tn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('legacy TLS port: TLS 1.0/1.1, NULL cipher, expired self-signed 1024-bit certificate', async () => {
    const h = tn.host('legacy').address;
    const p = await probeAll(net, h, 443, PROBES);
    expect(p.checks.map((c) => [c.probeId, c.status])).toEqual([
      ['tls.versions', 'success'],
      ['tls.legacy-hello', 'success'],
      ['http.get', 'success'],
    ]);
    const v = p.observations.find(tlsVersions.is)!.data;
    expect(v.preferred).toBe('TLSv1.3');
    expect(v.results.map((r) => [r.version, r.accepted])).toEqual([
      ['TLSv1', true],
      ['TLSv1.1', true],
      ['TLSv1.2', true],
      ['TLSv1.3', true],
    ]);
    const c = p.observations.find(tlsCertificate.is)!.data;
    expect(c).toMatchObject({
      subject: 'CN=legacy-modality', issuer: 'CN=legacy-modality', selfSigned: true, keyType: 'RSA', keyBits: 1024,
      notAfter: '2024-01-01T00:00:00.000Z', signatureAlgorithm: 'sha256WithRSAEncryption',
    });
    const legacy = p.observations.find(tlsLegacy.is)!.data.offers;
    expect(legacy.find((o) => o.offer === 'SSLv3')?.outcome).not.toBe('server-hello'); // Debian's OpenSSL has no SSLv3
    expect(legacy.find((o) => o.offer === 'TLSv1-DES')?.outcome).toBe('alert');
    expect(legacy.find((o) => o.offer === 'TLSv1-EXPORT-NULL-ANON')).toMatchObject({ outcome: 'server-hello', version: 'TLSv1' });
    expect(p.observations.find(httpResponse.is)?.data).toMatchObject({ tls: true, status: 200, title: 'PACS Web Login' });
    expect(findings(rules, h, p)).toEqual([
      'tls-cert-expired', 'tls-cert-self-signed', 'tls-legacy-version', 'tls-weak-cipher', 'tls-weak-key',
    ]);
    const ev = evidence(rules, h, p).join('\n');
    expect(ev).toMatch(/TLSv1, TLSv1\.1/);
    expect(ev).toMatch(/expired on 2024-01-01/);
    expect(ev).toMatch(/1024-bit RSA key/);
    expect(ev).toMatch(/agreed to TLS_RSA_WITH_NULL_(MD5|SHA)/);
  });

  it('legacy HTTP port: login page over plain HTTP is http-no-tls', async () => {
    const h = tn.host('legacy').address;
    const p = await probeAll(net, h, 80, PROBES);
    expect(p.checks.map((c) => [c.probeId, c.status])).toEqual([
      ['tls.versions', 'not-applicable'],
      ['tls.legacy-hello', 'not-applicable'],
      ['http.get', 'success'],
    ]);
    expect(p.observations.find(httpResponse.is)?.data).toMatchObject({
      tls: false, status: 200, passwordForm: true, title: 'PACS Web Login',
    });
    expect(p.observations.find(httpResponse.is)?.data.server).toBe('nginx/1.22.1');
    expect(findings(rules, h, p)).toEqual(['http-no-tls']);
    const { probed, identified } = withIdentification(p);
    expect(identified).toEqual([expect.objectContaining({ port: 80, product: 'nginx', version: '1.22.1' })]);
    expect(findings(rules, h, probed)).toEqual(['http-no-tls', 'outdated-software']);
    expect(evidence(rules, h, probed).join('\n')).toMatch(/Upstream support for the 1\.22 line ended on 2023-04-11/);
  });

  it('good TLS port: TLS 1.2/1.3 only, CA-issued certificate, no finding', async () => {
    const h = tn.host('good').address;
    const p = await probeAll(net, h, 443, PROBES);
    const v = p.observations.find(tlsVersions.is)!.data;
    expect(v.results.map((r) => [r.version, r.accepted])).toEqual([
      ['TLSv1', false],
      ['TLSv1.1', false],
      ['TLSv1.2', true],
      ['TLSv1.3', true],
    ]);
    expect(p.observations.find(tlsCertificate.is)?.data).toMatchObject({ selfSigned: false, keyBits: 2048, chainLength: 2 });
    const legacy = p.observations.find(tlsLegacy.is)!.data.offers;
    expect(legacy.every((o) => o.outcome !== 'server-hello')).toBe(true);
    expect(findings(rules, h, p)).toEqual([]);
  });

  it('good HTTP port: a redirect to HTTPS is no finding', async () => {
    const h = tn.host('good').address;
    const p = await probeAll(net, h, 80, [httpGet]);
    expect(p.observations.find(httpResponse.is)?.data).toMatchObject({ status: 301, location: `https://${h}/` });
    expect(findings(rules, h, p)).toEqual([]);
  });
});
