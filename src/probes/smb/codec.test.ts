import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nbssFrame, nbssFramer, nbssPayload } from './nbss.js';
import { findNtlmChallenge, ntlmAnonymousAuthenticate, ntlmNegotiate, parseNtlmChallenge } from './ntlmssp.js';
import { rightsOf } from './shares.probe.js';
import * as smb1 from './smb1.js';
import * as smb2 from './smb2.js';
import { spnegoInit } from './spnego.js';
import { bindAccepted, bindSrvsvc, netShareEnumRequest, parseNetShareEnumResponse } from './srvsvc.js';

const captured = (name: string): Buffer =>
  nbssPayload(Buffer.from(readFileSync(new URL(`./testdata/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex'));

describe('SMB codecs against replies captured from Samba 4.17.12', () => {
  it('reads the SMB2 NEGOTIATE response: 3.1.1, signing enabled but not required', () => {
    const r = smb2.parseNegotiateResponse(captured('samba-smb2-negotiate-response'))!;
    expect(r.dialect).toBe(0x0311);
    expect([r.signingEnabled, r.signingRequired]).toEqual([true, false]);
    expect(r.serverGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('finds the NTLM CHALLENGE in the SPNEGO session setup reply', () => {
    const s = smb2.parseSessionSetupResponse(captured('samba-smb2-session-challenge'))!;
    expect(s.status).toBe(smb2.Status.moreProcessingRequired);
    const c = findNtlmChallenge(s.securityBlob)!;
    expect(c.osVersion).toEqual({ major: 6, minor: 1, build: 0, ntlmRevision: 15 });
    expect([c.netbiosComputer, c.netbiosDomain, c.targetName]).toEqual(['LEGACY', 'LEGACY', 'LEGACY']);
    expect(c.serverTime).toMatch(/^20\d\d-/);
  });

  it('reads the SMB1 NEGOTIATE response, refusal and NativeOS', () => {
    const n = smb1.parseNegotiateResponse(captured('samba-smb1-negotiate-response'))!;
    expect(n).toMatchObject({ accepted: true, signingEnabled: true, signingRequired: false, extendedSecurity: false, domain: 'RADTEST', serverName: 'LEGACY' });
    expect(smb1.parseNegotiateResponse(captured('samba-smb1-negotiate-refused'))!.accepted).toBe(false);
    const s = smb1.parseSessionSetupResponse(captured('samba-smb1-session-response'))!;
    expect(s).toMatchObject({ status: 0, nativeOs: 'Windows 6.1', nativeLanMan: 'Samba 4.17.12-Debian', primaryDomain: 'RADTEST' });
  });

  it('reads share names from the srvsvc NetrShareEnum reply and MaximalAccess from TREE_CONNECT', () => {
    const io = smb2.parseIoctlOutput(captured('samba-srvsvc-netshareenum-ioctl'))!;
    const r = parseNetShareEnumResponse(io.output);
    expect(r.ok && r.shares.map((s) => [s.name, s.type])).toEqual([
      ['scans', 0],
      ['secret', 0],
      ['IPC$', 0x80000003],
    ]);
    const disk = smb2.parseTreeConnectResponse(captured('samba-tree-connect-disk'))!;
    expect([disk.status, disk.shareType, disk.maximalAccess]).toEqual([0, 'disk', 0x001f01ff]);
    expect(rightsOf(disk.maximalAccess)).toEqual(['read', 'write', 'delete']);
    expect(rightsOf(0x00120089)).toEqual(['read']);
    expect(smb2.parseTreeConnectResponse(captured('samba-tree-connect-denied'))!.status).toBe(smb2.Status.accessDenied);
    expect(smb2.parseTreeConnectResponse(captured('samba-tree-connect-ipc'))!.shareType).toBe('pipe');
  });

  it('builds well-formed requests', () => {
    const neg = smb2.negotiateBody();
    expect(neg.readUInt16LE(2)).toBe(5); // five dialects
    expect((64 + neg.readUInt32LE(28)) % 8).toBe(0); // negotiate contexts 8-byte aligned
    expect(ntlmNegotiate().subarray(0, 12).toString('latin1')).toBe('NTLMSSP\0\x01\0\0\0');
    const auth = ntlmAnonymousAuthenticate();
    expect(auth.readUInt16LE(12)).toBe(1); // LM response Z(1)
    expect(auth.readUInt16LE(36)).toBe(0); // no user name
    const init = spnegoInit(ntlmNegotiate());
    expect(init[0]).toBe(0x60);
    expect(init[1]).toBe(init.length - 2);
    expect(bindSrvsvc().readUInt16LE(8)).toBe(bindSrvsvc().length);
    expect(netShareEnumRequest('10.0.0.1').readUInt16LE(22)).toBe(15);
    expect(nbssFramer(nbssFrame(Buffer.alloc(70000)))).toBe(70004);
    expect(nbssFramer(nbssFrame(Buffer.alloc(10)).subarray(0, 9))).toBeUndefined();
  });

  it('rejects a srvsvc reply claiming more shares than it holds', () => {
    const io = smb2.parseIoctlOutput(captured('samba-srvsvc-netshareenum-ioctl'))!;
    const lying = Buffer.from(io.output);
    lying.writeUInt32LE(0x7fffffff, 24 + 12); // EntriesRead
    expect(parseNetShareEnumResponse(lying).ok).toBe(false);
    expect(bindAccepted(Buffer.alloc(10))).toBe(false);
    expect(parseNtlmChallenge(Buffer.from('NTLMSSP\0\x02\0\0\0', 'latin1'))).toBeUndefined();
  });
});
