/**
 * The do-not-probe guard. Every connection, datagram and port check passes through `Net`, which asks this guard
 * first, so no probe can reach a device the site has put off limits.
 */
import { BlockList, isIP } from 'node:net';

export interface DoNotProbeEntry {
  readonly cidr: string; // an address or a CIDR block
  readonly reason: string;
}

export class DoNotProbeGuard {
  private readonly list = new BlockList();
  private readonly entries: DoNotProbeEntry[] = [];

  constructor(entries: readonly DoNotProbeEntry[] = []) {
    for (const e of entries) this.add(e);
  }

  add(entry: DoNotProbeEntry): void {
    const [addr, bits] = entry.cidr.split('/');
    const family = isIP(addr ?? '');
    if (!addr || family === 0) throw new Error(`do-not-probe entry "${entry.cidr}" is not an IP address or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) this.list.addAddress(addr, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
        throw new Error(`do-not-probe entry "${entry.cidr}" has an invalid prefix length`);
      this.list.addSubnet(addr, prefix, type);
    }
    this.entries.push(entry);
  }

  /** The reason an address is off limits, or null if it may be probed. */
  reasonFor(address: string): string | null {
    const family = isIP(address);
    if (family === 0) return `"${address}" is not an IP address`;
    if (!this.list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return null;
    const hit = this.entries.find((e) => {
      const single = new DoNotProbeGuard([e]);
      return single.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    });
    return `do-not-probe: ${hit?.reason ?? 'listed'}${hit ? ` (${hit.cidr})` : ''}`;
  }
}
