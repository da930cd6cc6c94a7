/**
 * A minimal SMB2 conversation over one `Conn`: numbered requests, replies read within a deadline and a byte
 * cap, interim STATUS_PENDING replies skipped. Anonymous and guest logons only — Radguard holds no credentials.
 * Guest means a made-up user name with a random response: servers that map failed logons to Guest
 * (`map to guest = Bad User`, an enabled Windows Guest account) let it in, all others refuse it.
 */
import { randomBytes } from 'node:crypto';
import type { Conn } from '../../net/conn.js';
import { nbssFrame, nbssFramer, nbssPayload } from './nbss.js';
import { findNtlmChallenge, ntlmAnonymousAuthenticate, ntlmNegotiate, NTLMSSP_SIGNATURE, type NtlmChallengeInfo } from './ntlmssp.js';
import * as smb2 from './smb2.js';
import { spnegoInit, spnegoResponse } from './spnego.js';

export const SMB_READ = { deadlineMs: 5000, maxBytes: 256 * 1024 };

export type LogonKind = 'anonymous' | 'guest';

export interface Logon {
  readonly status: number;
  readonly sessionId: bigint;
  readonly isGuest: boolean;
  readonly isNull: boolean;
  readonly challenge: NtlmChallengeInfo | undefined;
}

export class Smb2Client {
  private messageId = 0n;
  sessionId = 0n;
  dialect = 0;

  constructor(readonly conn: Conn) {}

  /** Sends one request and returns its reply (the SMB2 message without NBSS framing). */
  async request(cmd: number, body: Buffer, treeId = 0): Promise<Buffer> {
    const id = this.messageId++;
    const creditCharge = this.dialect >= 0x0210 ? 1 : 0;
    await this.conn.write(nbssFrame(Buffer.concat([smb2.header(cmd, id, { sessionId: this.sessionId, treeId, creditCharge }), body])));
    for (;;) {
      const m = nbssPayload(await this.conn.read(nbssFramer, SMB_READ));
      const h = smb2.parseHeader(m);
      if (!h) {
        if (m.length === 0) continue; // NBSS keep-alive
        return m; // not SMB2: the caller's parser rejects it
      }
      if (h.status === smb2.Status.pending && h.flags & 0x2) continue; // interim reply; the final one follows
      if (h.messageId === id) return m;
    }
  }

  async negotiate(): Promise<smb2.NegotiateResponse | undefined> {
    const r = smb2.parseNegotiateResponse(await this.request(smb2.Cmd.negotiate, smb2.negotiateBody()));
    if (r) this.dialect = r.dialect;
    return r;
  }

  /** NTLM logon over SPNEGO. Stops after the CHALLENGE when `challengeOnly`, leaving the session half-open. */
  async logon(kind: LogonKind, challengeOnly = false): Promise<Logon> {
    const first = smb2.parseSessionSetupResponse(
      await this.request(smb2.Cmd.sessionSetup, smb2.sessionSetupBody(spnegoInit(ntlmNegotiate()))),
    );
    if (!first) return { status: -1, sessionId: 0n, isGuest: false, isNull: false, challenge: undefined };
    const challenge = findNtlmChallenge(first.securityBlob);
    if (first.status !== smb2.Status.moreProcessingRequired || challengeOnly || !challenge)
      return { status: first.status, sessionId: first.sessionId, isGuest: false, isNull: false, challenge };
    this.sessionId = first.sessionId;
    const auth = kind === 'anonymous' ? ntlmAnonymousAuthenticate() : guestAuthenticate();
    const second = smb2.parseSessionSetupResponse(
      await this.request(smb2.Cmd.sessionSetup, smb2.sessionSetupBody(spnegoResponse(auth))),
    );
    if (!second) return { status: -1, sessionId: this.sessionId, isGuest: false, isNull: false, challenge };
    if (second.status !== smb2.Status.success) this.sessionId = 0n;
    return { status: second.status, sessionId: second.sessionId, isGuest: second.isGuest, isNull: second.isNull, challenge };
  }

  async treeConnect(unc: string): Promise<smb2.TreeConnectResponse | undefined> {
    return smb2.parseTreeConnectResponse(await this.request(smb2.Cmd.treeConnect, smb2.treeConnectBody(unc)));
  }

  async treeDisconnect(treeId: number): Promise<void> {
    await this.request(smb2.Cmd.treeDisconnect, smb2.emptyBody(), treeId);
  }

  /** Logs off cleanly so the server's audit log shows a normal, finished session. */
  async logoff(): Promise<void> {
    if (this.sessionId === 0n) return;
    await this.request(smb2.Cmd.logoff, smb2.emptyBody());
    this.sessionId = 0n;
  }
}

/**
 * AUTHENTICATE for a user that does not exist, with a random 24-byte response: it can only succeed by being
 * mapped to Guest. The name says who we are in the server's log.
 */
function guestAuthenticate(): Buffer {
  const user = Buffer.from('radguard-guest-check', 'utf16le');
  const nt = randomBytes(24);
  const lm = Buffer.alloc(24);
  const payload = Buffer.concat([lm, nt, user]);
  const b = Buffer.alloc(64);
  NTLMSSP_SIGNATURE.copy(b, 0);
  b.writeUInt32LE(3, 8);
  let off = 64;
  const field = (at: number, len: number) => {
    b.writeUInt16LE(len, at);
    b.writeUInt16LE(len, at + 2);
    b.writeUInt32LE(off, at + 4);
    off += len;
  };
  field(12, lm.length);
  field(20, nt.length);
  const end = off;
  b.writeUInt16LE(0, 28);
  b.writeUInt16LE(0, 30);
  b.writeUInt32LE(end, 32); // empty domain
  field(36, user.length);
  for (const at of [44, 52]) {
    b.writeUInt16LE(0, at);
    b.writeUInt32LE(off, at + 4);
  }
  b.writeUInt32LE(0xa0880205, 60); // unicode, request target, ntlm, extended session security, target info, 128, 56
  return Buffer.concat([b, payload]);
}
