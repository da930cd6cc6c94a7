/**
 * DICOM-TLS against real peers (subnet 10.77.41.0/24): DCMTK storescp `+tls` with `-rc` (client certificate
 * required) and `-ic`, the same with a site-issued client certificate, with the retired AES profile (legacy TLS),
 * and Orthanc with DicomTlsEnabled. Also: a
 * plaintext RQ to a TLS port is reset, which is what makes dicom.tls select a non-standard port.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import associate from '../../src/probes/dicom/associate.probe.js';
import type { AePolicy, AssociationAttempt, DicomTlsFacts } from '../../src/probes/dicom/observations.js';
import tls from '../../src/probes/dicom/tls.probe.js';
import tlsLegacy from '../../src/rules/dicom/tls-legacy.rule.js';
import query from '../../src/probes/dicom/query.probe.js';
import type { QueryExposure } from '../../src/probes/dicom/observations.js';
import { cleanup, startOrthanc, startStorescp, type Peer } from '../fakes/dicom-peers.js';
import { probeOn } from '../fakes/dicom-net.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const ok = netnsAvailable() && commandsAvailable('Orthanc', 'storescp', 'openssl');
const data = <T>(obs: readonly Observation[], kind: string) => obs.filter((o) => o.kind === kind).map((o) => o.data as T);

describe.skipIf(!ok)('DICOM-TLS probe vs storescp +tls and Orthanc DicomTls', () => {
  let tn: TestNet;
  let dir = '';
  const peers: Record<string, Peer> = {};
  const pem = (n: string) => join(dir, n);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-dicom-tls-'));
    for (const [name, cn] of [['server', 'rg-pacs.test'], ['client', 'radguard-auditor']] as const)
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem(`${name}-key.pem`), '-out', pem(`${name}.pem`), '-days', '30', '-subj', `/CN=${cn}`], { stdio: 'ignore' });
    tn = createTestNet(41, [{ name: 'tls-rc' }, { name: 'tls-ic' }, { name: 'tls-rc-ca' }, { name: 'orth-tls' }, { name: 'tls-old' }]);
    const tlsArgs = ['+tls', pem('server-key.pem'), pem('server.pem')];
    [peers.rc, peers.ic, peers.rcCa, peers.orth, peers.old] = await Promise.all([
      startStorescp(tn.host('tls-rc'), 'STORESCP', 2762, [...tlsArgs, '-rc']),
      startStorescp(tn.host('tls-ic'), 'STORESCP', 2762, [...tlsArgs, '-ic']),
      startStorescp(tn.host('tls-rc-ca'), 'STORESCP', 2762, [...tlsArgs, '-rc', '+cf', pem('client.pem')]),
      startOrthanc(tn.host('orth-tls'), {
        DicomCheckCalledAet: true,
        DicomTlsEnabled: true,
        DicomTlsCertificate: pem('server.pem'),
        DicomTlsPrivateKey: pem('server-key.pem'),
        DicomTlsTrustedCertificates: pem('client.pem'),
        DicomTlsRemoteCertificateRequired: false,
      }, 2762),
      // the retired AES profile (+pa) still negotiates TLS 1.0/1.1
      startStorescp(tn.host('tls-old'), 'STORESCP', 2762, [...tlsArgs, '-ic', '+pa']),
    ]);
  });
  afterAll(() => {
    tn?.close();
    cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('storescp +tls -rc: "client certificate required" is a good state, with TLS facts', async () => {
    const r = await probeOn(tls, peers.rc!.host.address, 2762);
    expect(r.check.status).toBe('needs-client-certificate');
    const [t] = data<DicomTlsFacts>(r.observations, 'dicom.tls');
    expect(t).toMatchObject({ handshake: 'needs-client-certificate', clientCertificateRequired: true, protocol: 'TLSv1.3' });
    expect(t?.certificate).toMatchObject({ subject: 'CN=rg-pacs.test', selfSigned: true, expired: false });
  });

  it('storescp +tls -ic: association inside TLS; AE policy as in plaintext; no legacy TLS', async () => {
    const r = await probeOn(tls, peers.ic!.host.address, 2762);
    expect(r.check.status).toBe('success');
    const [t] = data<DicomTlsFacts>(r.observations, 'dicom.tls');
    expect(t).toMatchObject({ handshake: 'ok', association: 'accepted', clientCertificateRequired: false, legacyVersions: [] });
    expect(t?.implementation?.versionName).toBe('OFFIS_DCMTK_367');
    expect(data<AePolicy>(r.observations, 'dicom.ae-policy')[0]).toMatchObject({ state: 'called-ae-not-checked', tls: true });
  });

  it('storescp +tls -rc with a site-issued client certificate: accepted', async () => {
    const r = await probeOn(tls, peers.rcCa!.host.address, 2762, {
      options: { clientCertPath: pem('client.pem'), clientKeyPath: pem('client-key.pem') },
    });
    expect(data<DicomTlsFacts>(r.observations, 'dicom.tls')[0]).toMatchObject({ association: 'accepted', clientCertificateRequired: false });
  });

  it('Orthanc DicomTlsEnabled: a plaintext RQ is reset (so dicom.tls selects the port); over TLS the AE policy is read', async () => {
    const plain = await probeOn(associate, peers.orth!.host.address, 2762);
    expect(data<AssociationAttempt>(plain.observations, 'dicom.association')[0]?.outcome).toBe('reset');
    expect(tls.selects?.(2762, { host: { address: '', openPorts: [], observations: plain.observations } } as never)).toBe(true);
    const r = await probeOn(tls, peers.orth!.host.address, 2762);
    expect(data<AePolicy>(r.observations, 'dicom.ae-policy')[0]).toMatchObject({ state: 'any-calling-ae-accepted', acceptedCalledAe: 'ORTHANC', tls: true });
    // query exposure is measured over TLS too: default Orthanc answers an unknown AE's C-FIND with A-ABORT
    const q = await probeOn(query, peers.orth!.host.address, 2762, { observations: r.observations });
    expect(q.check.status).toBe('success');
    expect(data<QueryExposure>(q.observations, 'dicom.query').find((x) => x.service === 'study-root-find')).toMatchObject({ tls: true, calledAe: 'ORTHANC', outcome: 'denied' });
  });

  it('storescp with the retired AES profile: TLS 1.1 accepted → dicom-tls-legacy', async () => {
    const r = await probeOn(tls, peers.old!.host.address, 2762);
    const [t] = data<DicomTlsFacts>(r.observations, 'dicom.tls');
    expect(t?.legacyVersions).toEqual(['TLSv1.1']);
    const verdicts = tlsLegacy.check({
      asset: { assetId: null, address: '', mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
      ports: [], observations: r.observations, checks: [],
    });
    expect(verdicts[0]?.evidence).toBe('DICOM-TLS on port 2762 completed a handshake with TLSv1.1.');
  });

  it('a missing client key is a clear configuration error', async () => {
    const r = await probeOn(tls, peers.ic!.host.address, 2762, { options: { clientCertPath: pem('client.pem') } });
    expect(r.check).toMatchObject({ status: 'error', detail: expect.stringMatching(/clientCertPath and clientKeyPath must be given together/) });
  });
});
