import { describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import type { HostFacts } from '../rule.js';
import ms17010 from './ms17-010.rule.js';
import smbGuestShare from './smb-guest-share.rule.js';
import smbSigningNotRequired from './smb-signing-not-required.rule.js';
import smb1Enabled from './smb1-enabled.rule.js';

let n = 0;
const obs = (kind: string, data: unknown, probeId = 'smb.negotiate'): Observation => ({
  id: `o${++n}`,
  endpoint: { host: '10.0.0.5', port: 445, transport: 'tcp' },
  kind,
  probeId,
  observedAt: '2026-11-30T12:00:00.000Z',
  data,
});
const facts = (observations: Observation[]): HostFacts => ({
  asset: { assetId: null, address: '10.0.0.5', mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
  ports: [],
  observations,
  checks: [],
});
const smb2 = (signingRequired: boolean) => obs('smb.negotiation', { protocol: 'smb2', accepted: true, dialect: '3.1.1', signingEnabled: true, signingRequired });
const smb1 = (accepted: boolean) => obs('smb.negotiation', { protocol: 'smb1', accepted, dialect: accepted ? 'NT LM 0.12' : null, signingEnabled: accepted, signingRequired: false }, 'smb.smb1');
const share = (name: string, accessible: boolean, rights: string[], type = 'disk') =>
  obs('smb.share-access', { share: name, type, logon: 'guest', accessible, maximalAccess: accessible ? 1 : null, rights, status: accessible ? 'STATUS_SUCCESS' : 'STATUS_ACCESS_DENIED' }, 'smb.shares');

describe('SMB rules', () => {
  it('smb1-enabled fires only when NT LM 0.12 was accepted', () => {
    expect(smb1Enabled.check(facts([smb1(true)])).map((v) => v.probeId)).toEqual(['smb.smb1']);
    expect(smb1Enabled.check(facts([smb1(false), smb2(false)]))).toEqual([]);
  });

  it('smb-signing-not-required gives one verdict per port, naming each protocol that did not require it', () => {
    const v = smbSigningNotRequired.check(facts([smb1(true), smb2(false)]));
    expect(v).toHaveLength(1);
    expect(v[0]!.evidence).toMatch(/SMB1 .*; SMB 3\.1\.1 /);
    expect(v[0]!.observationIds).toHaveLength(2);
    expect(smbSigningNotRequired.check(facts([smb1(false), smb2(true)]))).toEqual([]);
  });

  it('smb-guest-share lists the open disk shares in one verdict, critical when writable', () => {
    const v = smbGuestShare.check(facts([share('scans', true, ['read', 'write']), share('secret', false, []), share('docs', true, ['read']), share('printer', true, ['read'], 'print')]));
    expect(v).toHaveLength(1);
    expect(v[0]!.severity).toBe('critical');
    expect(v[0]!.evidence).toContain('"scans" (guest, read/write)');
    expect(v[0]!.evidence).toContain('"docs"');
    expect(v[0]!.evidence).not.toContain('secret');
    expect(smbGuestShare.check(facts([share('docs', true, ['read'])]))[0]!.severity).toBeUndefined();
    expect(smbGuestShare.check(facts([share('secret', false, [])]))).toEqual([]);
  });

  it('ms17-010 fires only for the unpatched answer', () => {
    expect(ms17010.check(facts([obs('smb.ms17-010', { vulnerable: true, status: 'STATUS_INSUFF_SERVER_RESOURCES' })]))[0]!.cve).toBe('CVE-2017-0144');
    expect(ms17010.check(facts([obs('smb.ms17-010', { vulnerable: false, status: 'STATUS_INVALID_HANDLE' }), obs('smb.ms17-010', { vulnerable: null, status: '0xc0000001' })]))).toEqual([]);
  });
});
