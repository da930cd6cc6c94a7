/**
 * Windows version from what SMB and RDP servers volunteer before any logon: the NTLMSSP CHALLENGE version fields
 * (major.minor.build, high confidence: Windows fills them from the running kernel) and SMB1 NativeOS strings
 * ("Windows 5.1", "Windows Server 2003 3790 Service Pack 2"). Samba also sends NTLM version 6.1 but with build 0
 * and NativeLanMan "Samba …": those are not Windows and yield nothing here (samba.identifier.ts names them).
 */
import type { Observation } from '../../core/observation.js';
import type { Identification } from '../identifier.js';
import { defineIdentifier } from '../identifier.js';
import { windowsBuild } from './windows-builds.js';

interface VersionFields {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
}

export function windowsIdentification(v: VersionFields, confidence: Identification['confidence'], evidence: string): Identification {
  const row = windowsBuild(v.major, v.minor, v.build);
  return {
    port: null,
    kind: 'os',
    product: row?.family ?? `Windows NT ${v.major}.${v.minor}`,
    vendor: 'Microsoft',
    version: `${v.major}.${v.minor}.${v.build}`,
    cpe: row ? [row.cpe] : [],
    confidence: row ? confidence : 'low',
    evidence,
  };
}

/** NativeOS of Windows SMB1 servers: "Windows 5.1", "Windows Server 2003 3790 Service Pack 2", "Windows 7 Professional 7601 Service Pack 1". */
export function parseNativeOs(s: string): VersionFields | undefined {
  const legacy = /^Windows (5)\.([012])$/.exec(s);
  if (legacy) return { major: 5, minor: Number(legacy[2]), build: [2195, 2600, 3790][Number(legacy[2])]! };
  if (!/^Windows /.test(s)) return undefined;
  const byBuild: Record<number, [number, number]> = { 3790: [5, 2], 6000: [6, 0], 6001: [6, 0], 6002: [6, 0], 6003: [6, 0], 7600: [6, 1], 7601: [6, 1], 9200: [6, 2], 9600: [6, 3] };
  // Product years ("Server 2003", "2016") are numbers too: the build is the first number that is a known build.
  for (const m of s.matchAll(/\b(\d{4,5})\b/g)) {
    const build = Number(m[1]);
    const mm = byBuild[build] ?? (build >= 10240 ? [10, 0] : undefined);
    if (mm) return { major: mm[0], minor: mm[1], build };
  }
  return undefined;
}

interface NtlmLike {
  readonly osVersion?: { major: number; minor: number; build: number } | null;
  readonly dnsComputer?: string | null;
  readonly netbiosComputer?: string | null;
}

export default defineIdentifier({
  id: 'windows-version',
  kinds: ['smb.ntlm-info', 'rdp.ntlm-info', 'smb.native-os'],
  identify(o: Observation): readonly Identification[] {
    if (o.kind === 'smb.native-os') {
      const d = o.data as { nativeOs?: string | null; nativeLanMan?: string | null };
      if (!d.nativeOs || /samba/i.test(d.nativeLanMan ?? '')) return [];
      const v = parseNativeOs(d.nativeOs);
      return v ? [windowsIdentification(v, 'medium', `SMB1 NativeOS "${d.nativeOs}" on port ${o.endpoint.port}`)] : [];
    }
    const d = o.data as NtlmLike;
    const v = d.osVersion;
    // Build 0 is what Samba and other NTLM implementations send; Windows always fills in its real build.
    if (!v || v.build === 0 || v.major < 5) return [];
    const name = d.dnsComputer || d.netbiosComputer;
    const via = o.kind === 'rdp.ntlm-info' ? 'RDP (CredSSP)' : 'SMB';
    return [
      windowsIdentification(
        v,
        'high',
        `NTLM challenge over ${via} on port ${o.endpoint.port} reports Windows version ${v.major}.${v.minor}.${v.build}${name ? ` for host ${name}` : ''}`,
      ),
    ];
  },
});
