/**
 * BlueKeep (CVE-2019-0708) exposure, judged from fingerprints: an RDP service reachable without NLA on a Windows
 * build the flaw affects (XP, Server 2003, Vista, 7, Server 2008/2008 R2). Radguard has no active BlueKeep check:
 * the published detection (rdpscan, Metasploit's scanner) must complete a standard-RDP-security handshake and
 * write to the MS_T120 virtual channel — the same code path the exploit frees — and has crashed unpatched hosts;
 * it is not a non-exploiting check, so a fragile modality console never gets it. Patch level is invisible here,
 * which the evidence says.
 */
import { rdpSecurity } from '../../probes/rdp/observations.js';
import { defineRule } from '../rule.js';
import { windowsBuildsSeen } from '../os/legacy-os.rule.js';

const AFFECTED_BUILDS = new Set([2600, 3790, 6000, 6001, 6002, 6003, 7600, 7601]);

export default defineRule({
  id: 'bluekeep',
  title: 'RDP exposed to BlueKeep (CVE-2019-0708)',
  severity: 'high',
  remediation:
    'Install the CVE-2019-0708 update (KB4499175/KB4499180 for Windows 7/2008 R2/2008, KB4500331 for XP/2003) ' +
    'or the vendor-validated equivalent, require NLA, and block 3389 except from a jump host. If the device ' +
    'cannot be patched, disable Remote Desktop.',
  check(facts) {
    const affected = windowsBuildsSeen(facts.observations).filter(({ row }) => AFFECTED_BUILDS.has(row.build));
    if (affected.length === 0) return [];
    return facts.observations.filter(rdpSecurity.is).flatMap((o) => {
      if (o.data.standardRdp !== 'accepted' && o.data.tlsOnly !== 'accepted') return [];
      const { row, seen } = affected[0]!;
      return [
        {
          port: o.endpoint.port,
          cve: 'CVE-2019-0708',
          evidence:
            `RDP on port ${o.endpoint.port} lets clients in without NLA, and the host runs ${row.family} ` +
            `(build ${seen[0]!.data.version}, from ${seen[0]!.data.evidence}), a version BlueKeep affects. ` +
            'Whether the May 2019 fix is installed cannot be seen from the network without an exploit-grade check, which Radguard does not run.',
          observationIds: [o.id, ...seen.map((s) => s.id)],
          probeId: o.probeId,
        },
      ];
    });
  },
});
