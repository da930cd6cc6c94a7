import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import type { HostFacts, PortFact } from '../rule.js';
import type { DeclaredFacts } from './declared.js';
import declaredPortClosed from './declared-port-closed.rule.js';
import endOfSupportSoon from './end-of-support-soon.rule.js';
import endOfSupport from './end-of-support.rule.js';
import openPortUnneeded from './open-port-unneeded.rule.js';
import removableMediaAutorun from './removable-media-autorun.rule.js';
import belowValidatedVersion from './below-validated-version.rule.js';

const base: DeclaredFacts = {
  assetId: 'asset_1',
  name: 'MAMMO-2',
  manufacturer: 'Examplex',
  model: 'Mammo 3000',
  role: 'MG',
  roleSource: 'declared',
  roleEvidence: 'inventory',
  declaredPorts: null,
  declaredPortsSource: null,
  profile: null,
  roleEvidencePorts: [],
  supportEnds: [],
  horizonDays: 365,
  softwareVersion: null,
  latestVersion: null,
  removableMedia: [],
  autorun: null,
};
function facts(d: Partial<DeclaredFacts> | null, ports: Array<[number, PortFact['state']]>): HostFacts {
  const obs: Observation[] = d
    ? [
        {
          id: 'obs_d',
          endpoint: { host: '10.0.0.5', port: 0, transport: 'tcp' },
          kind: 'inventory.declared',
          probeId: 'inventory.resolve',
          observedAt: '2026-11-30T10:00:00.000Z',
          data: { ...base, ...d },
        },
      ]
    : [];
  return {
    asset: { assetId: 'asset_1', address: '10.0.0.5', mac: null, macVendor: null, hostnames: [], criticality: 'high', zone: 'z' },
    ports: ports.map(([port, state]) => ({ port, protocol: 'tcp', state, service: null })),
    observations: obs,
    checks: [],
  };
}

describe('open-port-unneeded', () => {
  it('flags exactly the open ports the model does not declare, with the source', () => {
    const v = openPortUnneeded.check(
      facts(
        {
          declaredPorts: [
            { port: 104, protocol: 'tcp' },
            { port: 443, protocol: 'tcp' },
          ],
          declaredPortsSource: 'mds2:x.xlsx',
        },
        [
          [104, 'open'],
          [443, 'closed'],
          [3389, 'open'],
          [8080, 'open'],
        ],
      ),
    );
    expect(v.map((x) => [x.port, x.severity])).toEqual([
      [3389, 'high'],
      [8080, 'medium'],
    ]);
    expect(v[1]!.evidence).toMatch(/Examplex Mammo 3000 declares only 104, 443 \(source: mds2:x.xlsx\)/);
  });
  it('falls back to the role profile, says whether the role was declared or inferred, and ignores guessed roles', () => {
    const profile = { name: 'dicom-node', ports: [104, 11112, 2762] };
    const inferred = openPortUnneeded.check(
      facts(
        {
          role: 'dicom-node',
          roleSource: 'inferred-dicom',
          roleEvidence: 'DICOM SCP on port 4242 accepted ct-storage',
          roleEvidencePorts: [4242],
          profile,
          manufacturer: null,
          model: null,
        },
        [
          [4242, 'open'],
          [22, 'open'],
          [104, 'open'],
        ],
      ),
    );
    expect(inferred.map((x) => [x.port, x.severity])).toEqual([[22, 'low']]);
    expect(inferred[0]!.evidence).toMatch(/inferred to be dicom-node from its DICOM services/);
    expect(openPortUnneeded.check(facts({ role: 'hl7-engine', roleSource: 'guessed-ports', profile: null }, [[22, 'open']]))).toEqual([]);
    expect(openPortUnneeded.check(facts(null, [[22, 'open']]))).toEqual([]);
  });
});

describe('declared-port-closed', () => {
  it('reports declared ports found closed or filtered, never unscanned ones', () => {
    const v = declaredPortClosed.check(
      facts(
        {
          declaredPorts: [
            { port: 104, protocol: 'tcp' },
            { port: 2762, protocol: 'tcp' },
            { port: 9000, protocol: 'tcp' },
            { port: 161, protocol: 'udp' },
          ],
        },
        [
          [104, 'open'],
          [2762, 'closed'],
        ],
      ),
    );
    expect(v.map((x) => x.port)).toEqual([2762]);
    expect(v[0]!.evidence).toMatch(/closed \(reset\)/);
  });
});

describe('end of support', () => {
  const ends = [
    { what: 'device', date: '2025-06-30', source: 'inventory' },
    { what: 'Windows 10 Enterprise LTSC 2019', date: '2027-06-09', source: 'ms' },
    { what: 'x', date: '2028-06-01', source: 'y' },
  ];
  it('past dates are end-of-support, dates within the horizon end-of-support-soon', () => {
    const f = facts({ supportEnds: ends }, []);
    expect(endOfSupport.check(f).map((v) => v.component)).toEqual(['device']);
    expect(endOfSupport.check(f)[0]!.evidence).toMatch(/left support on 2025-06-30, 518 days before/);
    const soon = endOfSupportSoon.check(f);
    expect(soon.map((v) => [v.component, v.severity])).toEqual([['os:Windows 10 Enterprise LTSC 2019', undefined]]);
    expect(endOfSupportSoon.check(facts({ supportEnds: ends, horizonDays: 800 }, [])).map((v) => v.component)).toHaveLength(2);
    expect(endOfSupportSoon.check(facts({ supportEnds: [{ what: 'device', date: '2027-01-15', source: 'i' }] }, []))[0]!.severity).toBe(
      'medium',
    );
  });
});

describe('removable-media-autorun', () => {
  it('fires only with media and autorun on', () => {
    expect(removableMediaAutorun.check(facts({ removableMedia: ['cd'], autorun: true }, []))).toHaveLength(1);
    expect(removableMediaAutorun.check(facts({ removableMedia: ['cd'], autorun: false }, []))).toHaveLength(0);
    expect(removableMediaAutorun.check(facts({ removableMedia: [], autorun: true }, []))).toHaveLength(0);
  });
});

describe('below-validated-version', () => {
  it('compares vendor version strings by their numbers, and stays quiet when it cannot compare', () => {
    expect(belowValidatedVersion.check(facts({ softwareVersion: 'VB10', latestVersion: 'VB30' }, []))[0]!.evidence).toMatch(
      /runs software VB10 .* latest validated version for the model is VB30/,
    );
    expect(belowValidatedVersion.check(facts({ softwareVersion: '5.4 SP1', latestVersion: '5.4' }, []))).toEqual([]);
    expect(belowValidatedVersion.check(facts({ softwareVersion: 'current', latestVersion: 'VB30' }, []))).toEqual([]);
    expect(belowValidatedVersion.check(facts({ softwareVersion: 'VB10', latestVersion: null }, []))).toEqual([]);
  });
});
