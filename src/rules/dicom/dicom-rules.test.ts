import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import type { AePolicy, AssociationAttempt, DicomTlsFacts, QueryExposure, ServiceMap } from '../../probes/dicom/observations.js';
import type { HostFacts } from '../rule.js';
import anyAe from './any-ae.rule.js';
import calledAe from './called-ae-not-checked.rule.js';
import cfind from './cfind-unauthenticated.rule.js';
import cget from './cget-unauthenticated.rule.js';
import cmove from './cmove-unauthenticated.rule.js';
import mwl from './mwl-unauthenticated.rule.js';
import noTls from './no-tls.rule.js';
import outdated from './outdated-stack.rule.js';
import tlsLegacy from './tls-legacy.rule.js';
import userIdentity from './user-identity-cleartext.rule.js';

let n = 0;
const obs = (kind: string, data: unknown, port = 4242): Observation => ({
  id: `obs_${++n}`, kind, probeId: kind === 'dicom.query' ? 'dicom.query' : 'dicom.associate', observedAt: '2026-11-30T00:00:00Z',
  endpoint: { host: '10.0.0.5', port, transport: 'tcp' }, data,
});
const facts = (...observations: Observation[]): HostFacts => ({
  asset: { assetId: null, address: '10.0.0.5', mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
  ports: [], observations, checks: [],
});
const DCMTK = { classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367', maxPduLength: 16384 };
const policy = (state: AePolicy['state'], tls = false): AePolicy => ({
  state, calledAeChecked: state === 'called-ae-not-checked' ? false : true, acceptedCalledAe: 'ORTHANC', acceptedCalledAeSource: 'guessed',
  evidence: `evidence for ${state}`, attempts: 2, tls, implementation: DCMTK,
});
const attempt = (p: Partial<AssociationAttempt>): AssociationAttempt => ({
  callingAe: 'RADGUARD-0001', callingAeKind: 'random', calledAe: 'ORTHANC', calledAeSource: 'guessed', tls: false, outcome: 'accepted', answerMs: 1, ...p,
});
const query = (service: QueryExposure['service'], outcome: QueryExposure['outcome'], status: string | null = null): QueryExposure => ({
  service, outcome, status, callingAe: 'RADGUARD-0002', calledAe: 'ORTHANC', detail: '', ms: 1, tls: false, implementation: DCMTK,
});
const tlsFacts = (p: Partial<DicomTlsFacts>): DicomTlsFacts => ({
  handshake: 'ok', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', legacyVersions: [], certificate: null,
  clientCertificateRequired: false, association: 'accepted', implementation: DCMTK, detail: '', ...p,
});

describe('DICOM rules', () => {
  it('dicom-any-ae fires for unknown calling AEs accepted, not for whitelists or untested policies', () => {
    expect(anyAe.check(facts(obs('dicom.ae-policy', policy('any-calling-ae-accepted'))))).toHaveLength(1);
    expect(anyAe.check(facts(obs('dicom.ae-policy', policy('called-ae-not-checked'))))[0]?.evidence).toMatch(/any machine that can reach the port/);
    expect(anyAe.check(facts(obs('dicom.ae-policy', policy('calling-ae-whitelisted'))))).toEqual([]);
    expect(anyAe.check(facts(obs('dicom.ae-policy', policy('called-ae-unknown'))))).toEqual([]);
  });

  it('dicom-called-ae-not-checked fires only on that state', () => {
    expect(calledAe.check(facts(obs('dicom.ae-policy', policy('called-ae-not-checked'))))).toHaveLength(1);
    expect(calledAe.check(facts(obs('dicom.ae-policy', policy('any-calling-ae-accepted'))))).toEqual([]);
  });

  it('query rules: allowed and matched fire; denied, refused, not offered do not; A801 is medium for C-MOVE', () => {
    expect(cfind.check(facts(obs('dicom.query', query('study-root-find', 'allowed', '0000'))))[0]?.evidence).toMatch(/final status 0000/);
    expect(cfind.check(facts(obs('dicom.query', query('study-root-find', 'denied'))))).toEqual([]);
    const counted = cfind.check(facts(obs('dicom.query', query('study-root-find', 'allowed', '0000')), obs('dicom.study-count', { studies: 1000, capped: true })));
    expect(counted[0]?.evidence).toMatch(/found at least 1000 studies/);
    expect(cfind.check(facts(obs('dicom.query', query('study-root-find', 'refused', 'A700'))))).toEqual([]);
    expect(cfind.check(facts(obs('dicom.query', query('modality-worklist', 'allowed', '0000'))))).toEqual([]);
    expect(mwl.check(facts(obs('dicom.query', query('modality-worklist', 'allowed', '0000'))))).toHaveLength(1);
    expect(mwl.check(facts(obs('dicom.query', query('modality-worklist', 'not-offered'))))).toEqual([]);
    expect(cget.check(facts(obs('dicom.query', query('study-root-get', 'matched-aborted', 'FF00'))))).toHaveLength(1);
    expect(cmove.check(facts(obs('dicom.query', query('study-root-move', 'move-destination-unknown', 'A801'))))[0]?.severity).toBe('medium');
  });

  it('dicom-no-tls: cleartext DICOM answers without any DICOM-TLS on the host; silent when TLS answered', () => {
    const plain = obs('dicom.association', attempt({ outcome: 'rejected', reject: { result: 1, source: 1, reason: 7, words: '1/1/7' } }));
    expect(noTls.check(facts(plain, obs('dicom.association', attempt({})))).map((v) => v.port)).toEqual([4242]);
    expect(noTls.check(facts(plain, obs('dicom.tls', tlsFacts({ handshake: 'needs-client-certificate' }), 2762)))).toEqual([]);
    expect(noTls.check(facts(obs('dicom.association', attempt({ outcome: 'reset' }))))).toEqual([]);
  });

  it('dicom-tls-legacy names the legacy versions', () => {
    expect(tlsLegacy.check(facts(obs('dicom.tls', tlsFacts({ legacyVersions: ['TLSv1.1'] }), 2762)))[0]?.evidence).toMatch(/TLSv1\.1/);
    expect(tlsLegacy.check(facts(obs('dicom.tls', tlsFacts({}), 2762)))).toEqual([]);
  });

  it('dicom-user-identity-cleartext only on cleartext associations that negotiated user identity', () => {
    expect(userIdentity.check(facts(obs('dicom.association', attempt({ userIdentityNegotiated: true }))))).toHaveLength(1);
    expect(userIdentity.check(facts(obs('dicom.association', attempt({ userIdentityNegotiated: true, tls: true }))))).toEqual([]);
    expect(userIdentity.check(facts(obs('dicom.association', attempt({ userIdentityNegotiated: false }))))).toEqual([]);
  });

  it('dicom-outdated-stack: standalone DCMTK 3.6.7 server yes; 3.6.9, vendor modalities and unknown roles no', () => {
    const archive: ServiceMap = { calledAe: 'ORTHANC', callingAeKind: 'random', accepted: ['study-root-find', 'storage-ct'], roles: ['archive'] };
    const old = obs('dicom.association', attempt({ implementation: DCMTK }));
    expect(outdated.check(facts(old, obs('dicom.services', archive)))[0]?.evidence).toMatch(/DCMTK 3\.6\.7/);
    expect(outdated.check(facts(old))).toEqual([]);
    const current = obs('dicom.association', attempt({ implementation: { ...DCMTK, classUid: '1.2.276.0.7230010.3.0.3.6.9', versionName: 'OFFIS_DCMTK_369' } }));
    expect(outdated.check(facts(current, obs('dicom.services', archive)))).toEqual([]);
    const vendor = obs('dicom.association', attempt({ implementation: { classUid: '1.2.840.113619.6.286', versionName: 'OFFIS_DCMTK_360', maxPduLength: 0 } }));
    expect(outdated.check(facts(vendor, obs('dicom.services', archive)))).toEqual([]);
  });
});
