/**
 * Anonymous and guest access to SMB shares (TCP 445), proven without listing a single file: share names come
 * from srvsvc NetrShareEnum over IPC$, then each disk share gets one TREE_CONNECT, whose reply carries the
 * access the server grants (MaximalAccess), and an immediate TREE_DISCONNECT. No CREATE, READ or directory query
 * ever touches a share: file names on imaging shares can be patient data. Tries the null session first, then a
 * made-up user that only a "map to guest" server accepts. Emits one `smb.share-access` per share and logon.
 */
import type { ObservationDraft } from '../../core/observation.js';
import type { Conn } from '../../net/conn.js';
import type { Net } from '../../net/net.js';
import type { Endpoint } from '../../core/endpoint.js';
import { defineProbe } from '../probe.js';
import { Smb2Client, type LogonKind } from './client.js';
import { ntStatusName, smbShareAccess, type SmbShareAccess } from './observations.js';
import * as smb2 from './smb2.js';
import { bindAccepted, bindSrvsvc, MAX_FRAG, netShareEnumRequest, parseNetShareEnumResponse, type ShareInfo } from './srvsvc.js';

const MAX_SHARES_TRIED = 64; // a server with hundreds of shares still gets a bounded number of tree connects

export const rightsOf = (mask: number): SmbShareAccess['rights'] => {
  const has = (bits: number) => (mask & bits) !== 0;
  const all = 0x10000000; // GENERIC_ALL
  return [
    ...(has(0x00000001 | 0x80000000 | all) ? (['read'] as const) : []),
    ...(has(0x00000002 | 0x00000004 | 0x40000000 | all) ? (['write'] as const) : []),
    ...(has(0x00010000 | all) ? (['delete'] as const) : []),
  ];
};

interface Attempt {
  readonly loggedOn: boolean;
  readonly shares: ShareInfo[] | null;
  readonly enumError: string | null;
  readonly access: SmbShareAccess[];
}

async function enumerateShares(client: Smb2Client, host: string): Promise<{ shares: ShareInfo[] | null; error: string | null }> {
  const ipc = await client.treeConnect(`\\\\${host}\\IPC$`);
  if (!ipc || ipc.status !== 0) return { shares: null, error: `IPC$ refused (${ntStatusName(ipc?.status ?? -1)})` };
  try {
    const created = smb2.parseCreateFileId(await client.request(smb2.Cmd.create, smb2.createPipeBody('srvsvc'), ipc.treeId));
    if (!created || created.status !== 0) return { shares: null, error: `srvsvc pipe refused (${ntStatusName(created?.status ?? -1)})` };
    try {
      const transceive = async (pdu: Buffer) =>
        smb2.parseIoctlOutput(await client.request(smb2.Cmd.ioctl, smb2.pipeTransceiveBody(created.fileId, pdu, MAX_FRAG), ipc.treeId));
      const bound = await transceive(bindSrvsvc());
      if (!bound || bound.status !== 0 || !bindAccepted(bound.output)) return { shares: null, error: 'srvsvc bind refused' };
      const reply = await transceive(netShareEnumRequest(host));
      if (!reply || reply.status !== 0) return { shares: null, error: `NetrShareEnum failed (${ntStatusName(reply?.status ?? -1)})` };
      const parsed = parseNetShareEnumResponse(reply.output);
      return parsed.ok ? { shares: parsed.shares, error: null } : { shares: null, error: parsed.reason };
    } finally {
      await client.request(smb2.Cmd.close, smb2.closeBody(created.fileId), ipc.treeId);
    }
  } finally {
    await client.treeDisconnect(ipc.treeId);
  }
}

async function attempt(net: Net, target: Endpoint, kind: LogonKind, known: ShareInfo[] | null): Promise<Attempt> {
  const conn: Conn = await net.connect(target);
  try {
    const client = new Smb2Client(conn);
    if (!(await client.negotiate())) return { loggedOn: false, shares: null, enumError: 'no SMB2 negotiation', access: [] };
    const logon = await client.logon(kind);
    if (logon.status !== 0) return { loggedOn: false, shares: null, enumError: `logon refused (${ntStatusName(logon.status)})`, access: [] };
    let shares = known;
    let enumError: string | null = null;
    if (!shares) ({ shares, error: enumError } = await enumerateShares(client, target.host));
    const access: SmbShareAccess[] = [];
    const disks = (shares ?? []).filter((s) => (s.type & 0xff) === 0).slice(0, MAX_SHARES_TRIED);
    for (const share of disks) {
      const tree = await client.treeConnect(`\\\\${target.host}\\${share.name}`);
      const ok = tree?.status === 0;
      access.push({
        share: share.name,
        type: ok ? tree.shareType : 'disk',
        logon: kind,
        accessible: ok,
        maximalAccess: ok ? tree.maximalAccess : null,
        rights: ok ? rightsOf(tree.maximalAccess) : [],
        status: ntStatusName(tree?.status ?? -1),
      });
      if (ok) await client.treeDisconnect(tree.treeId);
    }
    await client.logoff();
    return { loggedOn: true, shares, enumError, access };
  } finally {
    conn.destroy();
  }
}

export default defineProbe({
  id: 'smb.shares',
  summary: 'Which SMB shares an anonymous or guest logon can connect to, and with what rights (no file listed)',
  safety: 'safe',
  transport: 'tcp',
  ports: [445],
  phase: 30,
  emits: [smbShareAccess],
  defaults: {},
  async run(target, { net }) {
    const anonymous = await attempt(net, target, 'anonymous', null);
    const observations: ObservationDraft[] = anonymous.access.map((a) => smbShareAccess.of(a));
    const notes = [`anonymous: ${anonymous.loggedOn ? `${anonymous.shares?.length ?? 0} shares listed` : anonymous.enumError}`];
    if (anonymous.enumError && anonymous.loggedOn) notes.push(`anonymous share list: ${anonymous.enumError}`);
    // Guest is tried when the null session proved nothing: it may list shares or open ones the null session could not.
    if (!anonymous.access.some((a) => a.accessible)) {
      const guest = await attempt(net, target, 'guest', anonymous.shares);
      observations.push(...guest.access.map((a) => smbShareAccess.of(a)));
      notes.push(`guest: ${guest.loggedOn ? `${guest.shares?.length ?? 0} shares listed` : guest.enumError}`);
      if (guest.enumError && guest.loggedOn) notes.push(`guest share list: ${guest.enumError}`);
    }
    return { status: 'success', observations, detail: notes.join('; ') };
  },
});
