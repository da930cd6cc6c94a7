/**
 * The DICOM probes against real Debian peers in namespaces (subnet 10.77.40.0/24): Orthanc open, AE-whitelisted,
 * C-FIND-open and default (called AE unchecked); DCMTK storescp, dcmqrscp with a peer list, wlmscpfs, dcmprscp.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import associate from '../../src/probes/dicom/associate.probe.js';
import type { AePolicy, AssociationAttempt, QueryExposure, ServiceMap } from '../../src/probes/dicom/observations.js';
import query from '../../src/probes/dicom/query.probe.js';
import { cleanup, startDcmqrscp, startOrthanc, startPrintScp, startStorescp, startWorklist, type Peer } from '../fakes/dicom-peers.js';
import { fastNet, probeOn } from '../fakes/dicom-net.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const ok = netnsAvailable() && commandsAvailable('Orthanc', 'storescp', 'dcmqrscp', 'wlmscpfs', 'dcmprscp');
const data = <T>(obs: readonly Observation[], kind: string) => obs.filter((o) => o.kind === kind).map((o) => o.data as T);

describe.skipIf(!ok)('DICOM probes vs real Orthanc and DCMTK', () => {
  let tn: TestNet;
  const peers: Record<string, Peer> = {};
  beforeAll(async () => {
    tn = createTestNet(40, [
      { name: 'orth-open' },
      { name: 'orth-white' },
      { name: 'orth-find' },
      { name: 'orth-default' },
      { name: 'storescp' },
      { name: 'qrscp' },
      { name: 'wlm' },
      { name: 'print' },
    ]);
    const white = { DicomAlwaysAllowEcho: false, DicomAlwaysAllowStore: false, DicomModalities: { pacs: ['PACSADMIN', '10.77.40.1', 104] } };
    [peers.open, peers.white, peers.find, peers.dflt, peers.store, peers.qr, peers.wlm, peers.print] = await Promise.all([
      startOrthanc(tn.host('orth-open'), { DicomCheckCalledAet: true }),
      startOrthanc(tn.host('orth-white'), { DicomCheckCalledAet: true, ...white }),
      startOrthanc(tn.host('orth-find'), { DicomCheckCalledAet: true, DicomAlwaysAllowFind: true, DicomAlwaysAllowGet: true }),
      startOrthanc(tn.host('orth-default'), {}),
      startStorescp(tn.host('storescp')),
      startDcmqrscp(tn.host('qrscp'), 'QRSCP', { ae: 'PACSADMIN', host: '10.77.40.1' }),
      startWorklist(tn.host('wlm'), 'WORKLIST'),
      startPrintScp(tn.host('print'), 'PRINTSCP'),
    ]);
  });
  afterAll(() => {
    tn?.close();
    cleanup();
  });

  const scan = async (p: Peer, options: Record<string, unknown> = {}) => {
    const net = fastNet();
    const a = await probeOn(associate, p.host.address, p.port, { net, options });
    const q = await probeOn(query, p.host.address, p.port, { net, options, observations: a.observations });
    return { a, q, policy: data<AePolicy>(a.observations, 'dicom.ae-policy')[0], attempts: data<AssociationAttempt>(a.observations, 'dicom.association'), services: data<ServiceMap>(a.observations, 'dicom.services')[0], queries: data<QueryExposure>(q.observations, 'dicom.query') };
  };

  it('Orthanc open (called AE checked): any calling AE accepted, C-FIND denied by A-ABORT, normal release in its log', async () => {
    const r = await scan(peers.open!);
    expect(r.policy).toMatchObject({ state: 'any-calling-ae-accepted', calledAeChecked: true, acceptedCalledAe: 'ORTHANC', acceptedCalledAeSource: 'guessed' });
    expect(r.attempts[0]?.reject?.words).toBe('rejected-permanent, DICOM UL service-user: called-AE-title-not-recognized (1/1/7)');
    expect(r.attempts[1]?.implementation).toEqual({ classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367', maxPduLength: 16384 });
    expect(r.services?.roles).toEqual(['archive']);
    expect(r.queries.map((q) => `${q.service}:${q.outcome}`)).toEqual(['study-root-find:denied', 'modality-worklist:not-offered', 'study-root-get:denied']);
    await new Promise((d) => setTimeout(d, 200));
    expect(peers.open!.log()).toMatch(new RegExp(`Association Release with AET ${r.attempts[1]!.callingAe}`));
  });

  it('Orthanc AE-whitelisted: 1/1/7 then 1/1/3 → calling-AE whitelisted; the query association is refused', async () => {
    const r = await scan(peers.white!);
    expect(r.policy).toMatchObject({ state: 'calling-ae-whitelisted', acceptedCalledAe: 'ORTHANC' });
    expect(r.attempts.map((a) => a.reject && `${a.reject.result}/${a.reject.source}/${a.reject.reason}`)).toEqual(['1/1/7', '1/1/3']);
    expect(r.queries[0]).toMatchObject({ service: 'study-root-find', outcome: 'association-rejected' });
  });

  it('Orthanc with DicomAlwaysAllowFind: zero-match C-FIND allowed (0000)', async () => {
    const r = await scan(peers.find!);
    expect(r.queries.find((q) => q.service === 'study-root-find')).toMatchObject({ outcome: 'allowed', status: '0000' });
  });

  it('Orthanc defaults: the called AE is not checked at all', async () => {
    const r = await scan(peers.dflt!);
    expect(r.policy).toMatchObject({ state: 'called-ae-not-checked', calledAeChecked: false });
  });

  it('storescp: called AE not checked, store-only SCP, C-FIND not offered', async () => {
    const r = await scan(peers.store!);
    expect(r.policy?.state).toBe('called-ae-not-checked');
    expect(r.services?.roles).toEqual(['store-only-scp']);
    expect(r.queries.map((q) => q.outcome)).toEqual(['not-offered', 'not-offered', 'not-offered']);
  });

  it('dcmqrscp with a peer list: 1/1/7 everywhere → "called AE unknown"; a registered calling AE proves the whitelist', async () => {
    const untested = await scan(peers.qr!, { calledAes: ['QRSCP'] });
    expect(untested.policy?.state).toBe('called-ae-unknown');
    expect(untested.attempts.every((a) => a.reject?.reason === 7)).toBe(true);
    const trusted = await scan(peers.qr!, { calledAes: ['QRSCP'], trustedCallingAe: 'PACSADMIN' });
    expect(trusted.policy).toMatchObject({ state: 'calling-ae-whitelisted', acceptedCalledAe: 'QRSCP' });
  });

  it('wlmscpfs: worklist provider; zero-match worklist query allowed for an unknown AE', async () => {
    const r = await scan(peers.wlm!, { calledAes: ['WORKLIST'] });
    expect(r.services?.roles).toContain('worklist-provider');
    expect(r.queries.find((q) => q.service === 'modality-worklist')).toMatchObject({ outcome: 'allowed', status: '0000' });
  });

  it('dcmprscp: a print SCP (Basic Grayscale Print), no query services', async () => {
    const r = await scan(peers.print!, { calledAes: ['PRINTSCP'] });
    expect(r.services?.roles).toEqual(['print-scp']);
    expect(r.services?.accepted).toContain('print-grayscale');
    expect(r.queries.every((q) => q.outcome === 'not-offered')).toBe(true);
  });
});
