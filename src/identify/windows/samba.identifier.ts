/**
 * Samba version from the NativeLanMan string of an anonymous SMB1 session ("Samba 4.17.12-Debian"). The
 * distribution suffix is kept apart so vulnerability matching can lower its confidence for backported fixes.
 * SMB2-only Samba servers do not send the string; their NTLM challenge still gives them away (version 6.1 with
 * build 0, which no Windows sends), so they are named without a version, at low confidence.
 */
import type { Observation } from '../../core/observation.js';
import { defineIdentifier, type Identification } from '../identifier.js';

export const SAMBA_EXAMPLES: ReadonlyArray<{ nativeLanMan: string; version: string; distribution?: string }> = [
  { nativeLanMan: 'Samba 4.17.12-Debian', version: '4.17.12', distribution: 'Debian' },
  { nativeLanMan: 'Samba 3.0.37', version: '3.0.37' },
  { nativeLanMan: 'Samba 4.15.13-Ubuntu', version: '4.15.13', distribution: 'Ubuntu' },
  { nativeLanMan: 'Samba 4.19.5-Debian-4.19.5+dfsg-4', version: '4.19.5', distribution: 'Debian-4.19.5+dfsg-4' },
];

const SAMBA = /^Samba (\d+\.\d+(?:\.\d+)?)(?:[a-z]\d*)?(?:-(.+))?$/;

export function sambaFromLanMan(s: string): { version: string; distribution?: string } | undefined {
  const m = SAMBA.exec(s.trim());
  if (!m) return undefined;
  return m[2] ? { version: m[1]!, distribution: m[2] } : { version: m[1]! };
}

export default defineIdentifier({
  id: 'samba-version',
  kinds: ['smb.native-os', 'smb.ntlm-info'],
  identify(o: Observation): readonly Identification[] {
    if (o.kind === 'smb.ntlm-info') {
      const v = (o.data as { osVersion?: { major: number; minor: number; build: number } | null }).osVersion;
      if (!v || v.major !== 6 || v.minor !== 1 || v.build !== 0) return [];
      return [
        {
          port: o.endpoint.port,
          kind: 'application',
          product: 'Samba',
          vendor: 'Samba',
          cpe: ['cpe:2.3:a:samba:samba:*:*:*:*:*:*:*:*'],
          confidence: 'low',
          evidence: `NTLM challenge on port ${o.endpoint.port} reports version 6.1 build 0, as Samba does (Windows sends its real build)`,
        },
      ];
    }
    const lanman = (o.data as { nativeLanMan?: string | null }).nativeLanMan;
    const v = lanman ? sambaFromLanMan(lanman) : undefined;
    if (!v) return [];
    return [
      {
        port: o.endpoint.port,
        kind: 'application',
        product: 'Samba',
        vendor: 'Samba',
        version: v.version,
        ...(v.distribution ? { distribution: v.distribution } : {}),
        cpe: [`cpe:2.3:a:samba:samba:${v.version}:*:*:*:*:*:*:*`],
        confidence: 'high',
        evidence: `SMB1 NativeLanMan "${lanman}" on port ${o.endpoint.port}`,
      },
    ];
  },
});
