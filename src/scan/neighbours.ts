/**
 * MAC addresses of on-link hosts, read from the kernel's neighbour table after we connected (the connect itself
 * made the kernel ARP for them). IPv4 only: /proc/net/arp; IPv6 neighbours would need netlink, not read yet.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { inCidr, toBigInt } from './ip.js';

export function readArpTable(text?: string): Map<string, string> {
  const table = new Map<string, string>();
  let content = text;
  if (content === undefined) {
    try {
      content = readFileSync('/proc/net/arp', 'utf8');
    } catch {
      return table; // not Linux, or no procfs: MAC stays unknown
    }
  }
  for (const line of content.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // IP address, HW type, Flags, HW address, Mask, Device; flags 0x0 = incomplete entry
    if (f.length < 6 || f[2] === '0x0' || f[3] === '00:00:00:00:00:00') continue;
    table.set(f[0]!, f[3]!.toLowerCase());
  }
  return table;
}

let interfaces: { at: number; list: ReturnType<typeof networkInterfaces> } | null = null;

/** True when the address lies in a subnet of one of our interfaces: no router between, so LAN-scale RTTs. */
export function isOnLink(address: string): boolean {
  const target = toBigInt(address);
  if (!target) return false;
  // Read once every few seconds, not once per host of a /16.
  if (!interfaces || Date.now() - interfaces.at > 5000) interfaces = { at: Date.now(), list: networkInterfaces() };
  for (const addrs of Object.values(interfaces.list))
    for (const a of addrs ?? []) {
      if (!a.cidr || a.internal) continue;
      const [base, prefix] = a.cidr.split('/');
      if (inCidr(target.family, target.value, base!, Number(prefix))) return true;
    }
  return false;
}
