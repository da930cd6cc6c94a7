/**
 * What the desk-judging CLI tests share: a store with the real NVD record of DCMTK 3.6.0's CVE-2015-8979, an
 * inventory from CSV, and model "Acme Mammo 3"'s SBOM listing DCMTK 3.6.0; and loopback listeners that count the
 * connections a device that must not be touched receives.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cdxJson, DCMTK_360 } from './documents.js';
import type { runCli } from './run-cli.js';
import { SHARED_DATA } from './shared-data.js';

export async function deskStore(run: (...argv: string[]) => ReturnType<typeof runCli>, dir: string, assetsCsv: string): Promise<void> {
  const feed = join(dir, 'feed');
  mkdirSync(feed);
  copyFileSync(join(SHARED_DATA, 'vuln/nvd/records/CVE-2015-8979.json'), join(feed, 'CVE-2015-8979.json'));
  expect((await run('feeds', 'import', feed)).code).toBe(0);
  writeFileSync(join(dir, 'assets.csv'), assetsCsv);
  expect((await run('assets', 'import', join(dir, 'assets.csv'))).code).toBe(0);
  writeFileSync(join(dir, 'mammo.cdx.json'), cdxJson([DCMTK_360]));
  expect((await run('sbom', 'import', join(dir, 'mammo.cdx.json'), '--model', 'Acme Mammo 3')).code).toBe(0);
}

/** A listener on `port` of each address that answers by closing; `of(address)` counts its connections. */
export async function countingListeners(
  addresses: readonly string[],
  port: number,
): Promise<{ of: (address: string) => number; reset: () => void; close: () => void }> {
  const counts = new Map(addresses.map((a) => [a, 0]));
  const servers: Server[] = [];
  for (const address of addresses) {
    const s = createServer((c) => {
      counts.set(address, counts.get(address)! + 1);
      c.on('error', () => {});
      c.end();
    });
    await new Promise<void>((ok) => s.listen(port, address, ok));
    servers.push(s);
  }
  return {
    of: (a) => counts.get(a) ?? 0,
    reset: () => {
      for (const a of addresses) counts.set(a, 0);
    },
    close: () => {
      for (const s of servers) s.close();
    },
  };
}
