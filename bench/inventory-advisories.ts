/**
 * bench/inventory-advisories — a hospital inventory's devices (manufacturer, model, software version, no SBOM, no
 * CPE) matched by name against all of CISA's medical advisories in shared/data (ADR 0109). DEVICES devices: three
 * in four are products the advisories name (half of them spelled as a maintenance system might: the company in
 * capitals with "Medical Systems, Inc.", or its name before the model), with a listed version or another; the rest
 * are made-up models of the same companies. Times a freshly opened index (cold) and the same fleet again (warm),
 * and counts what was found. Then the same devices go into the inventory without addresses, as a maintenance-system
 * export has them, and the desk re-assessment judges them twice (findings opened, then nothing new). No reference
 * tool runs: Dependency-Track and Grype do not match CSAF advisories by name at all (issue 5), so the figures stand
 * alone.
 * Usage: npx tsx bench/inventory-advisories.ts [devices]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/store/sqlite/db.js';
import { importFeeds } from '../src/vuln/feeds/import.js';
import type { CsafAdvisory } from '../src/vuln/feeds/csaf.feed.js';
import { matchComponents, openVulnIndex, type Component } from '../src/vuln/index.js';
import { SHARED_DATA } from '../test/shared-data.js';
import { rng } from './nvd-corpus.js';
import { randomIds } from '../src/core/clock.js';
import { inventoryForReassessment } from '../src/inventory/resolve.js';
import { reassessDevices } from '../src/scan/reassess.js';
import { InventoryStore } from '../src/store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../src/store/sqlite/scan-store.js';

const DEVICES = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'rg-inv-adv-'));
try {
  const db = openDb(join(dir, 'bench.db'));
  const clock = { now: () => new Date('2026-12-01T00:00:00Z') };
  await importFeeds(db, [join(SHARED_DATA, 'vuln/csaf/cisa-icsma'), join(SHARED_DATA, 'vuln/nvd/records')], { clock, workers: 0 });
  const products = (db.prepare('SELECT advisory FROM vuln_csaf').pluck().all() as string[])
    .flatMap((j) => (JSON.parse(j) as CsafAdvisory).products)
    .filter((p) => p.vendor && p.product);
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const fleet: Component[] = Array.from({ length: DEVICES }, (_, i) => {
    const p = pick(products);
    const company = p.vendor!.replace(/\s*\(.*\)/, '');
    const listed = (p.version ?? '')
      .split('|')
      .map((v) => v.trim())
      .filter((v) => /^\w*\.?\d/.test(v));
    const version = listed.length && rand() < 0.5 ? pick(listed) : `${1 + Math.floor(rand() * 12)}.${Math.floor(rand() * 10)}`;
    const r = rand();
    const [vendor, name] =
      r < 0.25
        ? [`${company.toUpperCase()} Medical Systems, Inc.`, p.product!]
        : r < 0.4
          ? [company, `${company} ${p.product}`]
          : r < 0.75
            ? [p.vendor!, p.product!]
            : [company, `Model ${Math.floor(rand() * 900) + 100}`];
    return { id: `d${i}`, kind: 'device', vendor, name, version, cpes: [], source: 'inventory', asset: `d${i}` };
  });
  const time = () => {
    const t = performance.now();
    const m = matchComponents(openVulnIndex(db), fleet);
    return { s: (performance.now() - t) / 1000, m };
  };
  const cold = time();
  const warm = time();
  const devicesHit = new Set(cold.m.map((x) => x.component.id)).size;
  const review = cold.m.filter((x) => x.confidence === 'review').length;
  console.log(
    `${products.length} advisory products of ${db.prepare('SELECT count(*) FROM vuln_csaf').pluck().get() as number} CISA medical advisories (real, shared/data)`,
  );
  console.log(
    `${DEVICES} inventory devices matched by name: ${cold.s.toFixed(2)} s cold (${((cold.s / DEVICES) * 1e6).toFixed(0)} µs per device), ${warm.s.toFixed(2)} s again; ` +
      `${cold.m.length} matches (${review} for review) on ${devicesHit} devices; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  // The same devices as a maintenance-system export puts them in the inventory (no address: the desk judges them
  // under their asset ids), then the desk re-assessment a feed import starts: findings opened, then nothing new.
  db.close();
  const store = SqliteScanStore.open(join(dir, 'bench.db'));
  const inventory = new InventoryStore(store.db, randomIds);
  fleet.forEach((c, i) =>
    inventory.upsert(
      { name: `dev-${i}`, serial: `SN-${i}`, manufacturer: c.vendor!, model: c.name, softwareVersion: c.version!, addresses: [] },
      'bench',
      '2026-12-01T00:00:00Z',
    ),
  );
  for (const round of ['desk re-assessment of the inventory', 'again, nothing new']) {
    const t = performance.now();
    const r = reassessDevices(store, { clock, ...inventoryForReassessment(inventory, store, clock, randomIds) });
    const s = (performance.now() - t) / 1000;
    console.log(
      `${round}: ${r.unprobed} devices, ${r.changes.length} finding changes in ${s.toFixed(1)} s (${((s / DEVICES) * 1000).toFixed(2)} ms per device)`,
    );
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
