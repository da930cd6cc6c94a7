/**
 * The desk re-assessment as `vulns reassess` and `feeds import --reassess` run it: with the inventory's facts and
 * SBOMs, a progress line, and a summary that names what is new (most severe first), so the person who imported a
 * feed bundle sees which devices it hits without opening the console.
 */
import type { Command } from 'commander';
import { randomIds, systemClock } from '../core/clock.js';
import { hostLabel } from '../core/finding.js';
import { severityRank } from '../core/severity.js';
import { inventoryForReassessment } from '../inventory/resolve.js';
import { changeCounts, reassessDevices } from '../scan/reassess.js';
import { IN_KEV } from '../scan/vulns.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { withStore, type CliIO } from './command.js';
import { deviceNames } from './device-names.js';
import { stepBar } from './progress.js';

const SHOWN = 20;

export type ReassessRun = ReturnType<typeof summarise>;

/** Re-assesses every device (scanned, or in the inventory), or those `only(store)` names (asset ids or addresses). */
export function runReassessment(
  cmd: Command,
  io: CliIO,
  only?: (store: SqliteScanStore, inventory: InventoryStore) => ReadonlySet<string>,
): ReassessRun {
  const bar = stepBar(io.stderr, !!io.stderr.isTTY, 'devices');
  try {
    return withStore(cmd, (store) => {
      const inventory = new InventoryStore(store.db, randomIds);
      const subjects = only?.(store, inventory);
      const r = reassessDevices(store, {
        clock: systemClock,
        ...inventoryForReassessment(inventory, store, systemClock, randomIds),
        ...(subjects ? { only: subjects } : {}),
        onProgress: (done, total, current) => bar.update({ done, total, current }),
      });
      return summarise(store, r);
    });
  } finally {
    bar.done();
  }
}

function summarise(store: SqliteScanStore, r: ReturnType<typeof reassessDevices>) {
  // What opened or reopened, most severe first: the findings someone has to act on now.
  const fresh = r.changes
    .filter((c) => c.to === 'open')
    .flatMap((c) => {
      const f = store.finding(c.key);
      return f
        ? [
            {
              key: f.key,
              severity: f.severity,
              title: f.title,
              subject: f.subject,
              host: f.host,
              port: f.port,
              kev: f.evidence.includes(IN_KEV),
              reopened: c.from !== null,
            },
          ]
        : [];
    })
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || Number(b.kev) - Number(a.kev)); // exploited first
  const names = deviceNames(store.db, fresh);
  return {
    at: r.at,
    devices: r.devices,
    unprobed: r.unprobed,
    deskScan: r.deskScan,
    components: r.components,
    ...changeCounts(r.changes),
    // A device without an address is named as the inventory names it (its findings are kept under its asset id).
    new: fresh.map((f) => (names.has(f.subject) ? { ...f, device: names.get(f.subject)! } : f)),
    changes: r.changes,
  };
}

/** The lines a person reads: the counts, then the new findings (the first SHOWN). */
export function renderReassessment(r: ReassessRun): string[] {
  return [
    `Re-assessed ${r.devices - r.unprobed} scanned device(s)${r.unprobed ? ` and ${r.unprobed} device(s) no scan has probed (desk assessment ${r.deskScan}: inventory facts and SBOMs)` : ''}, ${r.components} component(s), against the feeds, SBOMs and decisions on file (no network traffic):`,
    `  ${r.opened} new finding(s), ${r.reopened} reopened, ${r.resolved} resolved, ${r.falsePositive} false positive(s) by a VEX decision or the distribution's advisory.`,
    ...r.new
      .slice(0, SHOWN)
      .map(
        (f) =>
          `  ${f.severity.toUpperCase().padEnd(8)} ${f.title}  ${hostLabel(f, 'device' in f ? f.device : undefined)}${f.port === null ? '' : `:${f.port}`}${f.kev ? '  KEV: exploited in the wild' : ''}${f.reopened ? '  (reopened)' : ''}`,
      ),
    ...(r.new.length > SHOWN ? [`  … and ${r.new.length - SHOWN} more (--json lists all; radguard findings list --state open)`] : []),
    ...(r.devices === 0
      ? ['No device to judge: the re-assessment judges what scans identified, and the inventory devices and their SBOMs.']
      : []),
  ];
}
