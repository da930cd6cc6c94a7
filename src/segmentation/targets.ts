/**
 * What a scan from one zone's vantage should cover to assess its zone pairs: the CIDR blocks of every other zone,
 * plus — for outside — only the egress targets the user listed (their SMTP relay, proxy, canary), never arbitrary
 * internet addresses. Ports: every TCP port a named service uses, plus the egress targets' ports.
 */
import type { Policy } from './policy.js';
import { SERVICES } from './services.js';

export interface VantagePlan {
  readonly zone: string;
  readonly targets: readonly string[];
  readonly ports: readonly number[];
  readonly command: string;
}

export function vantagePlan(policy: Policy, zone: string): VantagePlan | null {
  const from = policy.zones.find((z) => z.name === zone);
  if (!from) return null;
  const targets = policy.zones.filter((z) => z.name !== zone && z.purpose !== 'outside').flatMap((z) => z.cidrs.map((c) => c.text));
  // explicit outside blocks are the user's own ranges only if listed as egress targets: never scan them whole
  targets.push(...policy.egressTargets.map((t) => t.address));
  const ports = new Set<number>();
  for (const ranges of Object.values(SERVICES)) for (const r of ranges) if (r.protocol === 'tcp' && r.from === r.to) ports.add(r.from);
  for (const t of policy.egressTargets) for (const p of t.ports) ports.add(p);
  const sorted = [...ports].sort((a, b) => a - b);
  return { zone, targets, ports: sorted, command: `radguard scan --zone ${zone} -p ${sorted.join(',')} ${targets.join(' ')}` };
}
