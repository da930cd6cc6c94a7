/**
 * SSH server that speaks SSH-1 or offers broken algorithms: 1024-bit group1 key exchange, DSA host keys, CBC
 * ciphers (plaintext recovery), RC4, single DES, MD5 or truncated MACs, or no encryption at all.
 */
import { defineRule, type HostFacts, verdictFor } from '../rule.js';
import { sshAlgorithms, sshBanner } from '../../probes/ssh/observations.js';
import type { Verdict } from '../../core/finding.js';

const WEAK_KEX = /^(diffie-hellman-group1-sha1|diffie-hellman-group-exchange-sha1|gss-group1-sha1-.*|rsa1024-sha1)$/;
const WEAK_HOSTKEY = /^(ssh-dss|ssh-dss-cert-v01@openssh\.com)$/;
const WEAK_CIPHER = /(-cbc(@.*)?$|^arcfour|^rijndael-cbc|^des$|^none$)/;
const WEAK_MAC = /^(hmac-md5.*|hmac-sha1-96.*|hmac-ripemd160.*|none)$/;

export default defineRule({
  id: 'ssh-weak-algorithms',
  title: 'SSH server offers weak algorithms or SSH-1',
  severity: 'medium',
  remediation:
    'Restrict the SSH server to modern algorithms (OpenSSH: remove diffie-hellman-group1-sha1, ssh-dss, *-cbc, ' +
    'arcfour and hmac-md5 from KexAlgorithms, HostKeyAlgorithms, Ciphers and MACs, or upgrade to a release where ' +
    'they are off by default) and disable protocol 1. On vendor appliances, ask for the firmware that does.',
  check(facts: HostFacts): Verdict[] {
    const out: Verdict[] = [];
    for (const b of facts.observations.filter(sshBanner.is)) {
      const ssh1 = b.data.protoVersion.startsWith('1');
      const k = facts.observations.filter(sshAlgorithms.is).find((a) => a.endpoint.port === b.endpoint.port);
      const weak: string[] = [];
      if (ssh1) weak.push(`protocol ${b.data.protoVersion} (SSH-1${b.data.protoVersion === '1.99' ? ' still accepted' : ' only'})`);
      if (k) {
        const pick = (list: readonly string[], re: RegExp) => list.filter((a) => re.test(a));
        const kex = pick(k.data.kex, WEAK_KEX);
        const hk = pick(k.data.hostKey, WEAK_HOSTKEY);
        const ciphers = [...new Set([...pick(k.data.ciphersClientToServer, WEAK_CIPHER), ...pick(k.data.ciphersServerToClient, WEAK_CIPHER)])];
        const macs = [...new Set([...pick(k.data.macsClientToServer, WEAK_MAC), ...pick(k.data.macsServerToClient, WEAK_MAC)])];
        if (kex.length) weak.push(`key exchange ${kex.join(', ')}`);
        if (hk.length) weak.push(`host key ${hk.join(', ')}`);
        if (ciphers.length) weak.push(`ciphers ${ciphers.join(', ')}`);
        if (macs.length) weak.push(`MACs ${macs.join(', ')}`);
      }
      if (!weak.length) continue;
      out.push({
        ...verdictFor(b, `SSH on port ${b.endpoint.port} (${b.data.raw}) offers ${weak.join('; ')}.`, {
          severity: ssh1 ? 'high' : 'medium',
        }),
        observationIds: k ? [b.id, k.id] : [b.id],
      });
    }
    return out;
  },
});
