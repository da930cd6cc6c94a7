/**
 * Where this scan runs from: the local address and interface the kernel would use to reach the targets, and the
 * zone the user says this vantage sits in. Learned with a connected UDP socket, which sends no packet.
 */
import { createSocket } from 'node:dgram';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import type { Vantage } from '../core/asset.js';

export async function detectVantage(firstTarget: string | undefined, zone: string | undefined): Promise<Vantage> {
  let sourceAddress: string | null = null;
  if (firstTarget && isIP(firstTarget)) {
    sourceAddress = await new Promise<string | null>((resolve) => {
      const s = createSocket(isIP(firstTarget) === 6 ? 'udp6' : 'udp4');
      s.on('error', () => (s.close(), resolve(null)));
      s.connect(9, firstTarget, () => {
        try {
          resolve(s.address().address);
        } catch {
          resolve(null);
        } finally {
          s.close();
        }
      });
    });
  }
  let iface: string | null = null;
  if (sourceAddress)
    for (const [name, addrs] of Object.entries(networkInterfaces()))
      if (addrs?.some((a) => a.address === sourceAddress)) iface = name;
  return { sourceAddress, interface: iface, zone: zone ?? 'unknown', hostname: hostname() };
}
