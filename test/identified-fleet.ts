/**
 * A scanned fleet without a network: `count` hosts committed to an existing scan as the engine commits them, each
 * with four products identified on the wire (vsftpd 2.3.4, DCMTK 3.6.0, Windows 7 SP1, IIS 6.0), all of which the
 * real NVD records in shared/data match. For what judges identified software (the desk re-assessment): its tests
 * and bench/reassess.ts.
 */
import type { SqliteScanStore } from '../src/store/sqlite/scan-store.js';
import { aliveHost } from '../src/core/testing/hosts.js';

export const FLEET_PRODUCTS = [
  { port: 21, product: 'vsftpd', version: '2.3.4', cpe: 'cpe:2.3:a:beasts:vsftpd:2.3.4:*:*:*:*:*:*:*' },
  { port: 104, product: 'DCMTK', version: '3.6.0', cpe: 'cpe:2.3:a:offis:dcmtk:3.6.0:*:*:*:*:*:*:*' },
  { port: 445, product: 'Windows 7', version: 'sp1', cpe: 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*' },
  { port: 80, product: 'IIS', version: '6.0', cpe: 'cpe:2.3:a:microsoft:internet_information_services:6.0:*:*:*:*:*:*:*' },
];

/** Addresses 10.77.<firstSubnet + i / 250>.<1 + i % 250>, no asset; observed and committed at `at`. */
export function commitIdentifiedFleet(
  store: SqliteScanStore,
  scanId: string,
  count: number,
  opts: { firstSubnet?: number; at?: string } = {},
): void {
  const at = opts.at ?? '2026-11-01T08:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const address = `10.77.${(opts.firstSubnet ?? 0) + Math.floor(i / 250)}.${(i % 250) + 1}`;
    const observations = FLEET_PRODUCTS.map((p, k) => ({
      id: `obs_fleet_${scanId}_${i}_${k}`,
      endpoint: { host: address, port: p.port, transport: 'tcp' as const },
      kind: 'identify.product',
      probeId: 'identify',
      observedAt: at,
      data: {
        port: p.port,
        kind: 'application',
        product: p.product,
        version: p.version,
        cpe: [p.cpe],
        confidence: 'high',
        evidence: 'fleet',
        from: 'fleet',
      },
    }));
    const host = aliveHost(address, null, { aliveReason: 'fleet', observations });
    store.commitHost(scanId, { host, verdicts: [], scannedPorts: new Set(), at });
  }
}
