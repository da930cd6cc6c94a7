/** dicomweb.rest against real Orthanc REST (subnet 10.77.43.0/24): authentication off and on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsRest } from '../../src/probes/dicomweb/observations.js';
import rest from '../../src/probes/dicomweb/rest.probe.js';
import pacsRestNoAuth from '../../src/rules/dicom/pacs-rest-no-auth.rule.js';
import identifier from '../../src/identify/dicom/implementation.identifier.js';
import { cleanup, startOrthanc } from '../fakes/dicom-peers.js';
import { probeOn } from '../fakes/dicom-net.js';
import { createTestNet, waitForPort, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

describe.skipIf(!netnsAvailable() || !commandsAvailable('Orthanc'))('dicomweb.rest vs Orthanc REST', () => {
  let tn: TestNet;
  beforeAll(async () => {
    tn = createTestNet(43, [{ name: 'open' }, { name: 'auth' }]);
    await Promise.all([
      startOrthanc(tn.host('open'), {}),
      startOrthanc(tn.host('auth'), { AuthenticationEnabled: true, RegisteredUsers: { admin: 'not-a-real-secret' } }),
    ]);
    await Promise.all([waitForPort(tn.host('open').address, 8042), waitForPort(tn.host('auth').address, 8042)]);
  });
  afterAll(() => {
    tn?.close();
    cleanup();
  });
  const facts = (observations: never[]) => ({
    asset: { assetId: null, address: '', mac: null, macVendor: null, hostnames: [], criticality: 'unknown' as const, zone: 'unknown' },
    ports: [], observations, checks: [],
  });

  it('open Orthanc: /system answers 200 → pacs-rest-no-auth, with Orthanc version as a fingerprint', async () => {
    const r = await probeOn(rest, tn.host('open').address, 8042);
    const d = r.observations[0]?.data as PacsRest;
    expect(d.checks[0]).toEqual({ kind: 'orthanc-system', path: '/system', status: 200 });
    expect(d.orthancVersion).toBe('1.10.1');
    expect(d.checks.map((c) => c.path)).toContain('/dicom-web/studies?StudyInstanceUID=<random>&limit=1');
    expect(pacsRestNoAuth.check(facts(r.observations as never[]))[0]?.evidence).toMatch(/\/system → 200/);
    expect(identifier.identify(r.observations[0]!)).toEqual([
      expect.objectContaining({ product: 'Orthanc', version: '1.10.1', cpe: ['cpe:2.3:a:orthanc-server:orthanc:1.10.1:*:*:*:*:*:*:*'] }),
    ]);
  });

  it('Orthanc with AuthenticationEnabled: 401 everywhere, no finding', async () => {
    const r = await probeOn(rest, tn.host('auth').address, 8042);
    const d = r.observations[0]?.data as PacsRest;
    expect(d.checks.every((c) => c.status === 401)).toBe(true);
    expect(pacsRestNoAuth.check(facts(r.observations as never[]))).toEqual([]);
  });
});
