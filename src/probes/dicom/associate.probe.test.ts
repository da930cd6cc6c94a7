import { afterEach, describe, expect, it } from 'vitest';
import { identityScp, abortingScp, dripFeedScp, hugePduScp, rejectingScp, silentScp, wrongPduScp, type FakeScp } from '../../../test/fakes/dicom-scps.js';
import { probeOn } from '../../../test/fakes/dicom-net.js';
import associate from './associate.probe.js';
import type { AePolicy, AssociationAttempt } from './observations.js';

const fast = { deadlines: { answerMs: 400, dimseMs: 400, releaseMs: 400 } };
let scp: FakeScp | null = null;
afterEach(async () => {
  await scp?.close();
  scp = null;
});
const attempts = (r: Awaited<ReturnType<typeof probeOn>>) =>
  r.observations.filter((o) => o.kind === 'dicom.association').map((o) => o.data as AssociationAttempt);
const policyOf = (r: Awaited<ReturnType<typeof probeOn>>) => r.observations.find((o) => o.kind === 'dicom.ae-policy')?.data as AePolicy | undefined;
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('dicom.associate against misbehaving SCPs', () => {
  it('hugePduScp: a 4 GB PDU claim is a protocol error, nothing allocated, socket closed', async () => {
    scp = await hugePduScp();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(r.check.status).toBe('protocol-error');
    expect(r.check.detail).toMatch(/4294967280-byte PDU/);
    await settle();
    expect(scp.connections).toEqual({ opened: 1, closed: 1 });
  });

  it('dripFeedScp: an AC dripped byte by byte hits the answer deadline', async () => {
    scp = await dripFeedScp(50);
    const started = performance.now();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(r.check.status).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(attempts(r)[0]?.outcome).toBe('timeout');
  });

  it('abortingScp: an A-ABORT answer is decoded and the socket destroyed', async () => {
    scp = await abortingScp();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(attempts(r)[0]).toMatchObject({ outcome: 'aborted', abort: { source: 2, reason: 2, words: 'aborted by the DICOM UL service-provider: unexpected PDU' } });
    expect(policyOf(r)).toBeUndefined();
    await settle();
    expect(scp.connections.closed).toBe(1);
  });

  it('wrongPduScp: an A-RELEASE-RP instead of AC/RJ is a protocol error', async () => {
    scp = await wrongPduScp();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(r.check.status).toBe('protocol-error');
    expect(r.check.detail).toMatch(/release-rp instead of A-ASSOCIATE-AC\/RJ/);
  });

  it('silentScp: times out and closes; the RQ went out immediately', async () => {
    scp = await silentScp();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(r.check.status).toBe('timeout');
    await settle();
    expect(scp.received).toEqual(['associate-rq']);
    expect(scp.connections.closed).toBe(1);
  });
});

describe('dicom.associate AE policy logic', () => {
  it('an SCP that accepts anything: called AE not checked, released cleanly, service map recorded', async () => {
    scp = await rejectingScp(() => null);
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(policyOf(r)).toMatchObject({ state: 'called-ae-not-checked', calledAeChecked: false, acceptedCalledAeSource: 'random' });
    expect(attempts(r)[0]).toMatchObject({ outcome: 'accepted', released: true, implementation: { versionName: 'OFFIS_DCMTK_367' } });
    expect(attempts(r)[0]?.callingAe).toMatch(/^RADGUARD-[0-9A-F]{4}$/);
    expect(r.observations.find((o) => o.kind === 'dicom.services')?.data).toMatchObject({ roles: ['archive', 'worklist-provider', 'print-scp'] });
    expect(scp.received).toEqual(['associate-rq', 'release-rq', 'associate-rq', 'release-rq']);
    expect(attempts(r)[1]).toMatchObject({ userIdentityNegotiated: false, released: true });
  });

  it('Orthanc-like whitelist: 1/1/7 for a random called AE, 1/1/3 for the right one → calling-AE whitelisted', async () => {
    scp = await rejectingScp((rq) => (rq.calledAe === 'ORTHANC' ? [1, 1, 3] : [1, 1, 7]));
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(policyOf(r)).toMatchObject({ state: 'calling-ae-whitelisted', calledAeChecked: true, acceptedCalledAe: 'ORTHANC', acceptedCalledAeSource: 'guessed' });
    expect(attempts(r).map((a) => a.reject?.words)).toEqual([
      'rejected-permanent, DICOM UL service-user: called-AE-title-not-recognized (1/1/7)',
      'rejected-permanent, DICOM UL service-user: calling-AE-title-not-recognized (1/1/3)',
    ]);
  });

  it('dcmqrscp-like 1/1/7 for everything: "called AE unknown, calling-AE policy untested"', async () => {
    scp = await rejectingScp(() => [1, 1, 7]);
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: { ...fast, calledAes: ['QRSCP'] } });
    expect(policyOf(r)).toMatchObject({ state: 'called-ae-unknown', acceptedCalledAe: null });
    expect(attempts(r).map((a) => `${a.calledAe}:${a.calledAeSource}`).slice(1)).toEqual([
      'QRSCP:user', 'ORTHANC:guessed', 'DCM4CHEE:guessed', 'STORESCP:guessed', 'ANY-SCP:guessed',
    ]);
  });

  it('with a registered calling AE, accept-vs-reject difference proves calling-AE whitelisting', async () => {
    scp = await rejectingScp((rq) => (rq.calledAe === 'QRSCP' && rq.callingAe === 'PACSADMIN' ? null : [1, 1, 7]));
    const r = await probeOn(associate, '127.0.0.1', scp.port, {
      options: { ...fast, calledAes: ['QRSCP'], guessCalledAes: [], trustedCallingAe: 'PACSADMIN' },
    });
    expect(policyOf(r)).toMatchObject({ state: 'calling-ae-whitelisted', acceptedCalledAe: 'QRSCP', acceptedCalledAeSource: 'user' });
    expect(r.observations.find((o) => o.kind === 'dicom.services')?.data).toMatchObject({ callingAeKind: 'trusted' });
  });

  it('an SCP that negotiates user identity in cleartext is recorded as such', async () => {
    scp = await identityScp();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: fast });
    expect(attempts(r).map((a) => a.userIdentityNegotiated)).toEqual([undefined, true]);
    const off = await probeOn(associate, '127.0.0.1', scp.port, { options: { ...fast, checkUserIdentity: false } });
    expect(attempts(off)).toHaveLength(1);
  });

  it('rejects a bad AE title option with a clear error', async () => {
    scp = await silentScp();
    const r = await probeOn(associate, '127.0.0.1', scp.port, { options: { ...fast, calledAes: ['BAD\\AE'] } });
    expect(r.check.status).toBe('error');
    expect(r.check.detail).toMatch(/calledAes: "BAD\\AE" is not a valid AE title/);
    expect(scp.connections.opened).toBe(0);
  });
});
