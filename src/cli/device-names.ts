/** The inventory names of devices without an address, for lines that would otherwise show only their asset id. */
import { randomIds } from '../core/clock.js';
import { withoutAddress, type Finding } from '../core/finding.js';
import type { Db } from '../store/sqlite/db.js';
import { InventoryStore } from '../store/sqlite/inventory-store.js';

/** Asset id → name, for the findings here that are kept under an asset id for want of an address. */
export function deviceNames(db: Db, findings: readonly Pick<Finding, 'host' | 'subject'>[]): Map<string, string> {
  return new InventoryStore(db, randomIds).names([...new Set(findings.filter(withoutAddress).map((f) => f.subject))]);
}
