/** Observation kinds of the SMB probes: plain facts rules and identifiers read. */
import { defineObservation } from '../../core/observation.js';
import type { NtlmChallengeInfo } from './ntlmssp.js';

export interface SmbNegotiation {
  readonly protocol: 'smb1' | 'smb2';
  /** SMB1: whether "NT LM 0.12" was accepted. SMB2: whether any SMB2/3 dialect was. */
  readonly accepted: boolean;
  readonly dialect: string | null; // '3.1.1', '2.0.2', 'NT LM 0.12'
  readonly signingEnabled: boolean;
  readonly signingRequired: boolean;
  readonly serverGuid?: string;
  readonly serverStartTime?: string | null;
}
export const smbNegotiation = defineObservation<SmbNegotiation>()('smb.negotiation', 'SMB dialect and signing mode a server accepts');

export interface SmbNtlmInfo extends NtlmChallengeInfo {
  readonly via: 'smb2' | 'smb1' | 'rdp-credssp';
}
export const smbNtlmInfo = defineObservation<SmbNtlmInfo>()(
  'smb.ntlm-info',
  'OS version and names from the NTLMSSP CHALLENGE of an anonymous logon',
);

export interface SmbNativeOs {
  readonly nativeOs: string | null;
  readonly nativeLanMan: string | null;
  readonly primaryDomain: string | null;
  readonly serverName: string | null;
}
export const smbNativeOs = defineObservation<SmbNativeOs>()('smb.native-os', 'NativeOS and NativeLanMan from an anonymous SMB1 session setup');

export interface SmbShareAccess {
  readonly share: string;
  readonly type: 'disk' | 'pipe' | 'print' | 'unknown';
  readonly logon: 'anonymous' | 'guest';
  readonly accessible: boolean;
  readonly maximalAccess: number | null; // MS-SMB2 access mask granted at TREE_CONNECT
  readonly rights: readonly ('read' | 'write' | 'delete')[];
  readonly status: string; // NT status of the TREE_CONNECT, e.g. 'STATUS_SUCCESS'
}
export const smbShareAccess = defineObservation<SmbShareAccess>()(
  'smb.share-access',
  'Whether an anonymous or guest logon can connect to a share (no file is listed or opened)',
);

export interface SmbMs17010 {
  readonly vulnerable: boolean | null; // null: answer did not decide
  readonly status: string; // NT status of the PeekNamedPipe TRANSACTION
}
export const smbMs17010 = defineObservation<SmbMs17010>()('smb.ms17-010', 'Answer to the documented MS17-010 PeekNamedPipe check');

const NT_STATUS: Readonly<Record<number, string>> = {
  0x00000000: 'STATUS_SUCCESS',
  0xc0000008: 'STATUS_INVALID_HANDLE',
  0xc0000016: 'STATUS_MORE_PROCESSING_REQUIRED',
  0xc0000022: 'STATUS_ACCESS_DENIED',
  0xc000006d: 'STATUS_LOGON_FAILURE',
  0xc00000bb: 'STATUS_NOT_SUPPORTED',
  0xc00000cc: 'STATUS_BAD_NETWORK_NAME',
  0xc0000205: 'STATUS_INSUFF_SERVER_RESOURCES',
  0xc0000203: 'STATUS_USER_SESSION_DELETED',
  0xc000015b: 'STATUS_LOGON_TYPE_NOT_GRANTED',
  0xc0000034: 'STATUS_OBJECT_NAME_NOT_FOUND',
};
export const ntStatusName = (s: number): string => NT_STATUS[s >>> 0] ?? `0x${(s >>> 0).toString(16).padStart(8, '0')}`;
